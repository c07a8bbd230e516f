import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClientBudget } from './client-budget';

describe('ClientBudget', () => {
  it('allows up to the limit per window, all or nothing, then says when to retry', () => {
    const budget = new ClientBudget({ limit: 10, windowMs: 1000 });
    assert.deepEqual(budget.take('a', 6, 0), { ok: true });
    assert.deepEqual(budget.take('a', 5, 200), { ok: false, retryAfterMs: 800 });
    assert.deepEqual(budget.take('a', 4, 300), { ok: true });
    assert.deepEqual(budget.take('a', 1, 400), { ok: false, retryAfterMs: 600 });
  });

  it('keeps clients apart', () => {
    const budget = new ClientBudget({ limit: 3, windowMs: 1000 });
    assert.deepEqual(budget.take('a', 3, 0), { ok: true });
    assert.deepEqual(budget.take('b', 3, 0), { ok: true });
    assert.equal(budget.take('a', 1, 10).ok, false);
  });

  it('starts a fresh window once the old one has ended', () => {
    const budget = new ClientBudget({ limit: 3, windowMs: 1000 });
    assert.deepEqual(budget.take('a', 3, 0), { ok: true });
    assert.equal(budget.take('a', 1, 999).ok, false);
    assert.deepEqual(budget.take('a', 3, 1000), { ok: true });
  });

  it('refuses one request larger than the whole budget', () => {
    const budget = new ClientBudget({ limit: 3, windowMs: 1000 });
    assert.deepEqual(budget.take('a', 4, 0), { ok: false, retryAfterMs: 1000 });
  });
});
