import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopologyWithDiagnoses } from '../topology';
import { seedScenario } from '../topology/testing/snapshots';
import type { ClusterSummary } from '../api/clusters';
import { clusterAnswer } from './answer';
import { comparedService, differingFields } from './compare';
import { searchTopology } from './search';
import { byTrouble, clusterState, summarizeCluster, unconfiguredCluster } from './summary';

const seed = () => buildTopologyWithDiagnoses(seedScenario());

test('search: an IP finds the Service whose endpoint it is, and says so', () => {
  const { topology } = seed();
  const matches = searchTopology('eu', topology, '10.10.50.53');
  assert.deepEqual(
    matches.map((m) => [m.cluster, `${m.namespace}/${m.name}`]),
    [['eu', 'default/external-web']],
  );
  assert.deepEqual(matches[0]!.matched, [{ kind: 'ip', detail: 'endpoint 10.10.50.53' }]);
});

test('search: a label, a name and both at once (every token must match)', () => {
  const { topology } = seed();
  const label = searchTopology('x', topology, 'app=nginx');
  assert.deepEqual(
    label.map((m) => m.name),
    ['ingress-nginx'],
  );
  assert.equal(label[0]!.matched[0]!.detail, 'selector app=nginx');
  assert.deepEqual(
    searchTopology('x', topology, 'external').map((m) => m.name),
    ['external-web'],
  );
  assert.deepEqual(searchTopology('x', topology, 'external app=nginx'), []);
  assert.deepEqual(searchTopology('x', topology, '   '), []);
});

test('summary: health counts, worst problems first, state from the sync state', () => {
  const { diagnoses } = seed();
  const broken = diagnoses.map((d) =>
    d.name === 'external-web'
      ? {
          ...d,
          health: 'broken' as const,
          reasons: [{ ...(d.reasons[0] ?? {}), summary: 'nothing answers' }] as typeof d.reasons,
        }
      : d,
  );
  const s = summarizeCluster({
    id: 'eu',
    isDefault: true,
    info: { name: 'eu', simulated: true, readOnly: false },
    sync: { kinds: {}, connection: 'live' },
    synced: true,
    diagnoses: broken,
  });
  assert.equal(s.state, 'live');
  assert.equal(s.services.total, diagnoses.length);
  assert.equal(s.services.broken, 1);
  assert.deepEqual(s.problems[0], {
    namespace: 'default',
    name: 'external-web',
    health: 'broken',
    summary: 'nothing answers',
  });
  assert.equal(clusterState({ kinds: {}, connection: 'reconnecting' }, true), 'unreachable');
  assert.equal(clusterState({ kinds: {}, connection: 'syncing' }, false), 'syncing');
});

test('order by trouble: unusable, unreachable, most broken, most warnings, then id', () => {
  const base = (id: string, over: Partial<ClusterSummary>): ClusterSummary => ({
    ...unconfiguredCluster(id, false, ''),
    state: 'live',
    ...over,
  });
  const counts = (broken: number, warning: number) => ({
    total: 10,
    healthy: 10 - broken - warning,
    warning,
    broken,
  });
  const list = [
    base('a', { services: counts(0, 0) }),
    base('b', { services: counts(0, 3) }),
    base('c', { services: counts(2, 0) }),
    base('d', { state: 'unreachable', services: counts(0, 0) }),
    base('e', { state: 'unconfigured' }),
    base('f', { services: counts(0, 3) }),
  ];
  assert.deepEqual(
    list.sort(byTrouble).map((c) => c.id),
    ['e', 'd', 'c', 'b', 'f', 'a'],
  );
});

test('compare: the fields that differ among clusters that could be asked', () => {
  const { topology, diagnoses } = seed();
  const node = topology.services.find((s) => s.name === 'ingress-nginx')!;
  const diag = diagnoses.find((d) => d.name === 'ingress-nginx')!;
  const eu = comparedService('eu', node, diag);
  assert.deepEqual(eu.selector, { app: 'nginx' });
  assert.deepEqual(eu.endpoints, { ready: 2, total: 2 });
  const same = comparedService('us', node, diag);
  const down = { cluster: 'down', found: false, error: 'unreachable' };
  assert.deepEqual(differingFields([eu, same, down]), []);
  const scaled = comparedService('us', { ...node, readyCount: 1 }, diag);
  assert.deepEqual(differingFields([eu, scaled]), ['endpoints']);
  const reordered = comparedService('us', { ...node, ports: [...node.ports].reverse() }, diag);
  assert.deepEqual(differingFields([eu, reordered]), []);
  // Missing in one cluster: every row differs ("ClusterIP" vs "not found" is not "same").
  const missing = comparedService('ap', undefined, undefined);
  assert.deepEqual(differingFields([eu, missing]), [
    'found',
    'type',
    'ports',
    'selector',
    'endpoints',
    'diagnosis',
  ]);
  // Missing everywhere: nothing differs (the page says it is found in no cluster).
  assert.deepEqual(differingFields([missing, comparedService('eu', undefined, undefined)]), []);
});

test('compare: a missing Service is not the same as an ExternalName with no selector', () => {
  const external = {
    cluster: 'eu',
    found: true,
    type: 'ExternalName',
    ports: [],
    selector: null,
    endpoints: { ready: 0, total: 0 },
    health: 'healthy' as const,
    diagnosis: 'healthy',
  };
  const missing = comparedService('us', undefined, undefined);
  assert.ok(differingFields([external, missing]).includes('selector'));
});

test('answer: current only when read and every watch open; stale once read; else unread', () => {
  const sync = (connection: 'live' | 'syncing' | 'reconnecting' | 'snapshot') => ({
    kinds: {},
    connection,
  });
  assert.equal(clusterAnswer(sync('live'), true), 'current');
  assert.equal(clusterAnswer(sync('snapshot'), false), 'current');
  assert.equal(clusterAnswer(sync('reconnecting'), true), 'stale');
  assert.equal(clusterAnswer(sync('reconnecting'), false), 'unread');
  assert.equal(clusterAnswer(sync('syncing'), false), 'unread');
  // The page's guess: read once any kind has listed.
  assert.equal(
    clusterAnswer({ kinds: { Service: { synced: true, count: 1 } }, connection: 'reconnecting' }),
    'stale',
  );
  assert.equal(clusterAnswer({ kinds: {}, connection: 'reconnecting' }), 'unread');
});

test('summary: a cluster never read counts nothing; a stale one says its counts are last-known', () => {
  const { diagnoses } = seed();
  const readout = {
    id: 'c',
    isDefault: false,
    info: { name: 'c', simulated: false, readOnly: false },
    diagnoses,
  };
  const never = summarizeCluster({
    ...readout,
    sync: { kinds: {}, connection: 'reconnecting', lastError: 'connect ECONNREFUSED' },
    synced: false,
  });
  assert.equal(never.state, 'unreachable');
  assert.equal(never.answer, 'unread');
  assert.deepEqual(never.services, { total: 0, healthy: 0, warning: 0, broken: 0 });
  const stale = summarizeCluster({
    ...readout,
    sync: { kinds: {}, connection: 'reconnecting', staleSince: '2026-12-05T09:23:35.971Z' },
    synced: true,
  });
  assert.equal(stale.answer, 'stale');
  assert.equal(stale.services.total, diagnoses.length);
  const live = summarizeCluster({
    ...readout,
    sync: { kinds: {}, connection: 'live' },
    synced: true,
  });
  assert.equal(live.answer, 'current');
  assert.equal(live.nothingVisible, undefined);
});

test('summary: a viewer who may see nothing is told so, not "0 Services"', () => {
  const s = summarizeCluster({
    id: 'b',
    isDefault: false,
    info: {
      name: 'b',
      simulated: true,
      readOnly: false,
      access: { visibility: {}, namespaces: { visible: 0, total: 4 }, nothing: true },
    },
    sync: { kinds: {}, connection: 'live' },
    synced: true,
    diagnoses: [],
  });
  assert.equal(s.nothingVisible, true);
});

test('summary: a cluster that cannot be shown claims nothing about itself, not even read-only', () => {
  const s = unconfiguredCluster('c', false, 'Cluster "c" does not accept your token', 'signed-out');
  assert.equal(s.answer, 'none');
  assert.equal('readOnly' in s, false);
  assert.equal('simulated' in s, false);
});

test('compare: a stale, unread or hidden column is not a difference', () => {
  const { topology, diagnoses } = seed();
  const node = topology.services.find((s) => s.name === 'ingress-nginx')!;
  const diag = diagnoses.find((d) => d.name === 'ingress-nginx')!;
  const eu = comparedService('eu', node, diag);
  const stale = {
    cluster: 'c',
    found: false,
    error: 'Service: connect ECONNREFUSED',
    answer: 'stale' as const,
    staleSince: '2026-12-05T09:23:35.971Z',
  };
  const unread = { cluster: 'd', found: false, error: 'not yet', answer: 'unread' as const };
  const hidden = { cluster: 'b', found: false, hidden: true as const };
  assert.deepEqual(
    differingFields([eu, comparedService('us', node, diag), stale, unread, hidden]),
    [],
  );
});
