import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exitStatusOf } from './diagnose-exit';

describe('the exit status of a diagnosis', () => {
  it('health unknown is never 0: a script must not read "could not judge" as healthy', () => {
    assert.equal(exitStatusOf('unknown', false), 3);
    assert.equal(exitStatusOf('unknown', true), 3);
  });

  it('healthy 0, broken 1, warnings 0 or 1 under --strict', () => {
    assert.equal(exitStatusOf('healthy', false), 0);
    assert.equal(exitStatusOf('healthy', true), 0);
    assert.equal(exitStatusOf('broken', false), 1);
    assert.equal(exitStatusOf('warning', false), 0);
    assert.equal(exitStatusOf('warning', true), 1);
  });

  it('with several clusters the highest wins: unknown outranks broken, as an unreadable cluster does', () => {
    const statuses = (['broken', 'unknown', 'healthy'] as const).map((h) => exitStatusOf(h, false));
    assert.equal(Math.max(...statuses), 3);
  });
});
