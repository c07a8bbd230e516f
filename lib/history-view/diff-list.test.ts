import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangesResponse } from '../api/history';
import { changeLine, shapeDiff } from './diff-list';

const healthy = { healthy: true, health: 'healthy' as const, reasons: [] };
const broken = { healthy: false, health: 'broken' as const, reasons: ['no-endpoints'] };
const web = { namespace: 'default', name: 'web' };
const scale = { manager: 'kubectl', operation: 'Update', subresource: 'scale' } as const;

const changes: ChangesResponse = {
  from: '2026-12-02T03:00:00Z',
  to: '2026-12-02T04:00:00Z',
  now: '2026-12-02T04:40:00Z',
  retainedSince: '2026-12-01T00:00:00Z',
  transitions: [
    { ...web, at: '2026-12-02T03:12:05Z', to: 'broken', reasons: ['no-endpoints'] },
    { namespace: 'shop', name: 'cart', at: '2026-12-02T03:20:00Z', to: 'broken', reasons: ['x'] },
    { namespace: 'shop', name: 'cart', at: '2026-12-02T03:25:00Z', to: 'healthy', reasons: ['x'] },
  ],
  services: [
    { ...web, before: healthy, after: broken },
    { namespace: 'shop', name: 'new', before: null, after: healthy },
    { namespace: 'a', name: 'fixed', before: broken, after: healthy },
  ],
  entries: [
    {
      service: web,
      type: 'workload',
      at: '2026-12-02T03:12:00Z',
      workload: { kind: 'Deployment', name: 'web' },
      field: 'replicas',
      from: '2',
      to: '0',
      by: scale,
    },
    {
      service: web,
      type: 'endpoint',
      at: '2026-12-02T03:12:04Z',
      change: 'removed',
      address: '10.0.0.1',
    },
    {
      service: web,
      type: 'endpoint',
      at: '2026-12-02T03:12:04Z',
      change: 'removed',
      address: '10.0.0.2',
    },
    {
      service: { namespace: 'z', name: 'quiet' },
      type: 'endpoint',
      at: '2026-12-02T03:30:00Z',
      change: 'added',
      address: '10.0.0.9',
    },
  ],
};

test('every Service named once, most serious first, with its counts and managers', () => {
  const list = shapeDiff(changes);
  assert.deepEqual(
    list.map((c) => [c.key, c.verdict]),
    [
      ['default/web', 'broke'],
      ['shop/cart', 'flapped'],
      ['a/fixed', 'recovered'],
      ['shop/new', 'appeared'],
      ['z/quiet', 'changed'],
    ],
  );
  const web = list[0]!;
  assert.equal(web.endpointsRemoved, 2);
  assert.equal(web.causes, 1);
  assert.deepEqual(web.managers, ['kubectl (Update, scale subresource)']);
  assert.equal(web.entries.length, 3);
  assert.equal(
    changeLine(web),
    'default/web broke (no-endpoints) · 2 endpoints removed · 1 spec or workload change · by kubectl (Update, scale subresource)',
  );
  assert.equal(changeLine(list[1]!), 'shop/cart broke (x) and recovered (2 changes)');
  assert.equal(changeLine(list[2]!), 'a/fixed recovered (was no-endpoints)');
  assert.equal(changeLine(list[4]!), 'z/quiet changed · 1 endpoint added');
});

test('nothing changed: an empty list', () => {
  assert.deepEqual(shapeDiff({ ...changes, transitions: [], services: [], entries: [] }), []);
});

test('health reads as the map words it: a warning is "degraded"', () => {
  const warning = { healthy: true, health: 'warning' as const, reasons: ['pods-not-ready'] };
  const list = shapeDiff({
    ...changes,
    transitions: [],
    entries: [],
    services: [
      { namespace: 'a', name: 'slow', before: healthy, after: warning },
      { namespace: 'b', name: 'born', before: null, after: warning },
    ],
  });
  const line = (key: string) => changeLine(list.find((c) => c.key === key)!);
  assert.equal(line('a/slow'), 'a/slow changed, now degraded');
  assert.equal(line('b/born'), 'b/born appeared, degraded');
});
