import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentClusterList, healthText, problemHref, stateBadge } from './overview';

test('stateBadge gives every state a word and a glyph, and the reason when not live', () => {
  for (const state of ['live', 'syncing', 'unreachable', 'unconfigured', 'signed-out'] as const) {
    const badge = stateBadge({ state });
    assert.ok(badge.text.length > 0 && badge.glyph.length > 0, state);
  }
  assert.equal(stateBadge({ state: 'unreachable' }).text, 'Unreachable');
  assert.equal(
    stateBadge({ state: 'unreachable', lastError: 'connect ECONNREFUSED', staleSince: 'T' }).detail,
    'since T: connect ECONNREFUSED',
  );
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
