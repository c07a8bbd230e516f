import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSummary } from '../api/clusters';
import { formatClock } from '../graph/describe';
import {
  currentClusterList,
  healthText,
  problemHref,
  servicesWords,
  stateBadge,
  stateChanges,
} from './overview';

test('stateBadge gives every state a word and a glyph, and the reason when not live', () => {
  for (const state of ['live', 'syncing', 'unreachable', 'unconfigured', 'signed-out'] as const) {
    const badge = stateBadge({ state });
    assert.ok(badge.text.length > 0 && badge.glyph.length > 0, state);
  }
  assert.equal(stateBadge({ state: 'unreachable' }).text, 'Unreachable');
  const since = '2026-12-05T09:23:35.971Z';
  assert.equal(
    stateBadge({ state: 'unreachable', lastError: 'connect ECONNREFUSED', staleSince: since })
      .detail,
    `since ${formatClock(since)}: connect ECONNREFUSED`,
  );
  // The map's clock format, never the raw ISO time.
  assert.doesNotMatch(stateBadge({ state: 'unreachable', staleSince: since }).detail!, /\.971Z/);
  assert.equal(stateBadge({ state: 'live', lastError: 'old' }).detail, undefined);
});

test('healthText counts Services by health', () => {
  assert.equal(
    healthText({ total: 12, healthy: 9, warning: 2, broken: 1 }),
    '12 Services: 9 healthy, 2 degraded, 1 broken',
  );
  assert.equal(healthText({ total: 0, healthy: 0, warning: 0, broken: 0 }), '0 Services');
});

test("problemHref opens the problem in its own cluster's map", () => {
  assert.equal(
    problemHref('prod-eu', { namespace: 'shop', name: 'cart' }),
    '/c/prod-eu?focus=shop/cart',
  );
});

test('the chooser list keeps its load order, drops removed clusters and appends added ones', () => {
  const c = (id: string) => ({ id, name: id });
  const atLoad = [c('eu'), c('us'), c('staging')];
  assert.deepEqual(currentClusterList(atLoad, null), atLoad);
  // The overview answers by trouble: the chooser keeps its own order.
  assert.deepEqual(
    currentClusterList(atLoad, [c('staging'), c('eu'), c('us')]).map((x) => x.id),
    ['eu', 'us', 'staging'],
  );
  assert.deepEqual(
    currentClusterList(atLoad, [c('tenant-b'), c('eu'), c('staging'), c('tenant-a')]).map(
      (x) => x.id,
    ),
    ['eu', 'staging', 'tenant-b', 'tenant-a'],
  );
  assert.deepEqual(currentClusterList(atLoad, []), []);
});

test('servicesWords: last-known counts say so; unread and refused clusters claim nothing', () => {
  const services = { total: 3, healthy: 3, warning: 0, broken: 0 };
  const none = { total: 0, healthy: 0, warning: 0, broken: 0 };
  const since = '2026-12-05T09:23:35.971Z';
  assert.deepEqual(servicesWords({ answer: 'current', services, state: 'live' }), {
    services: '3 Services: 3 healthy, 0 degraded, 0 broken',
    noProblems: 'No problems.',
  });
  assert.deepEqual(
    servicesWords({ answer: 'stale', services, state: 'unreachable', staleSince: since }),
    {
      services: `Last known, before it became unreachable since ${formatClock(since)}: 3 Services: 3 healthy, 0 degraded, 0 broken`,
      noProblems: 'No problems when last read.',
    },
  );
  assert.deepEqual(servicesWords({ answer: 'unread', services: none, state: 'unreachable' }), {
    services: 'Not read yet: its Services are not known.',
    noProblems: null,
  });
  assert.equal(
    servicesWords({ answer: 'none', services: none, state: 'signed-out' }).services,
    'Nothing of this cluster is shown to you: it does not accept your sign-in.',
  );
  assert.equal(
    servicesWords({ answer: 'none', services: none, state: 'signed-out' }).noProblems,
    null,
  );
  assert.deepEqual(
    servicesWords({ answer: 'current', services: none, state: 'live', nothingVisible: true }),
    {
      services: 'Nothing in this cluster is visible to you, so no Service can be checked.',
      noProblems: null,
    },
  );
});

test('stateChanges names each cluster whose state changed, for the status region', () => {
  const c = (id: string, state: ClusterSummary['state']) => ({ id, name: id, state });
  assert.deepEqual(stateChanges(null, [c('a', 'live')]), []);
  assert.deepEqual(
    stateChanges(
      [c('a', 'live'), c('b', 'live')],
      [c('a', 'live'), c('b', 'unreachable'), c('new', 'syncing')],
    ),
    ['b: Unreachable'],
  );
});
