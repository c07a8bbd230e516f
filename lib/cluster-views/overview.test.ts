import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthText, problemHref, stateBadge } from './overview';

test('stateBadge gives every state a word and a glyph, and the reason when not live', () => {
  for (const state of ['live', 'syncing', 'unreachable', 'unconfigured'] as const) {
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
    '12 Services: 9 healthy, 2 warning, 1 broken',
  );
  assert.equal(healthText({ total: 0, healthy: 0, warning: 0, broken: 0 }), '0 Services');
});

test("problemHref opens the problem in its own cluster's map", () => {
  assert.equal(
    problemHref('prod-eu', { namespace: 'shop', name: 'cart' }),
    '/c/prod-eu?focus=shop/cart',
  );
});
