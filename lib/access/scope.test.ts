/**
 * The scope shape and its filters, without a cluster: one key for equal rights, Namespace
 * records by the rule, the `none` path returning its input untouched (no filtering cost), and a
 * visible Service's timeline losing what the viewer may not list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceTimeline } from '../api/diagnostics';
import type { SlimRecord } from '../topology/records';
import {
  accessSummary,
  canSee,
  EVERYTHING,
  namespaceKnown,
  makeScope,
  seesEveryNamespace,
  seesNothing,
  visibleRecords,
  visibleSnapshot,
} from './scope';
import { visibleTimeline } from './timeline';
import { toClusterSnapshot } from '../topology/records';

const meta = (name: string, namespace: string) => ({
  uid: `${namespace}/${name}`,
  name,
  namespace,
  resourceVersion: '1',
});
const records = [
  { kind: 'Namespace', meta: meta('team-a', ''), phase: 'Active' },
  { kind: 'Namespace', meta: meta('team-b', ''), phase: 'Active' },
  { kind: 'Service', meta: meta('web', 'team-a'), type: 'ClusterIP', ports: [] },
  { kind: 'Service', meta: meta('db', 'team-b'), type: 'ClusterIP', ports: [] },
  { kind: 'Node', meta: meta('node-1', ''), ready: true },
] as unknown as SlimRecord[];

test('EVERYTHING filters nothing and returns the very same arrays (no cost on the none path)', () => {
  assert.equal(visibleRecords(EVERYTHING, records), records);
  const snapshot = toClusterSnapshot(records);
  assert.equal(visibleSnapshot(EVERYTHING, snapshot), snapshot);
  assert.equal(canSee(EVERYTHING, 'Node', ''), true);
  assert.equal(seesNothing(EVERYTHING), false);
});

test('equal rights share a key whatever the order; different rights do not', () => {
  const a = makeScope({ Service: ['team-b', 'team-a'], Pod: ['team-a'] });
  const b = makeScope({ Pod: ['team-a'], Service: ['team-a', 'team-b', 'team-a'] });
  assert.equal(a.key, b.key);
  assert.notEqual(a.key, makeScope({ Service: ['team-a'] }).key);
  assert.notEqual(a.key, makeScope({ Service: ['team-b', 'team-a'], Pod: ['team-a'] }, 'x').key);
});

test('a team-a scope: its records, its Namespace when it may get it, no Node, nothing of team-b', () => {
  const scope = makeScope({ Service: ['team-a'], Pod: ['team-a'], Namespace: ['team-a'] });
  const names = visibleRecords(scope, records).map((r) => `${r.kind}/${r.meta.name}`);
  assert.deepEqual(names, ['Namespace/team-a', 'Service/web']);
  const noGet = makeScope({ Service: ['team-a'] });
  assert.deepEqual(
    visibleRecords(noGet, records).map((r) => `${r.kind}/${r.meta.name}`),
    ['Service/web'],
    'listing services in team-a does not show the Namespace object',
  );
  assert.equal(namespaceKnown(noGet, 'team-a'), true, 'its name is known from the service');
  assert.equal(namespaceKnown(noGet, 'team-b'), false);
  const wide = makeScope({ Service: true });
  assert.equal(canSee(wide, 'Node', ''), false);
  assert.equal(seesNothing(makeScope({})), true);
  assert.equal(seesNothing(makeScope({ Event: true })), true, 'Events alone draw nothing');
});

test('listing services cluster-wide shows no Namespace object, but every name for the filters', () => {
  // M6: any cluster-wide list right used to expose every Namespace record (labels, uid, …).
  const scope = makeScope({ Service: true, EndpointSlice: true });
  assert.equal(canSee(scope, 'Namespace', 'team-b'), false);
  const snapshot = visibleSnapshot(scope, toClusterSnapshot(records));
  assert.deepEqual(snapshot.namespaces, []);
  assert.deepEqual(
    snapshot.services.map((s) => s.meta.namespace),
    ['team-a', 'team-b'],
    'the namespace filter still gets its names, from the services (lib/store/derive.ts)',
  );
  assert.equal(namespaceKnown(scope, 'team-b'), true);
  assert.deepEqual(accessSummary(scope, ['team-a', 'team-b'])?.namespaces, {
    visible: 2,
    total: 2,
  });
  const listsNamespaces = makeScope({ Service: true, Namespace: true });
  assert.equal(visibleSnapshot(listsNamespaces, toClusterSnapshot(records)).namespaces.length, 2);
});

test("a visible Service's timeline drops what the viewer may not list", () => {
  const timeline: ServiceTimeline = {
    service: 'team-a/web',
    entries: [
      { type: 'service', change: 'created', at: 't' },
      {
        type: 'endpoint',
        change: 'added',
        address: '10.0.0.1',
        pod: 'web-1',
        nodeName: 'n1',
        at: 't',
      },
      { type: 'pod-labels', pod: 'web-2', move: 'left', from: 'a', to: 'b', at: 't' },
      {
        type: 'event',
        eventType: 'Warning',
        reason: 'X',
        message: 'm',
        object: 'Pod/web-1',
        count: 1,
        at: 't',
      },
      {
        type: 'workload',
        workload: { kind: 'Deployment', name: 'web' },
        field: 'replicas',
        at: 't',
      },
    ],
  };
  const scope = makeScope({ Service: ['team-a'], EndpointSlice: ['team-a'] });
  const seen = visibleTimeline(scope, 'team-a', timeline);
  assert.deepEqual(
    seen.entries.map((e) => e.type),
    ['service', 'endpoint'],
  );
  const endpoint = seen.entries[1];
  assert.ok(endpoint?.type === 'endpoint');
  assert.equal(endpoint.pod, undefined, 'no pod name it may not see');
  assert.equal(endpoint.nodeName, undefined);
  assert.equal(visibleTimeline(EVERYTHING, 'team-a', timeline), timeline);
});

test('seesEveryNamespace: cluster-wide rights only, not a list of namespaces', () => {
  assert.equal(seesEveryNamespace(EVERYTHING, 'Service'), true);
  assert.equal(seesEveryNamespace(makeScope({ Service: true }), 'Service'), true);
  assert.equal(seesEveryNamespace(makeScope({ Service: ['shop'] }), 'Service'), false);
  assert.equal(seesEveryNamespace(makeScope({ Pod: true }), 'Service'), false);
});
