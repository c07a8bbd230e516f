import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pacedScheduler } from './paced-scheduler';

/** Timers run by hand: `advance(ms)` fires what falls due, in order. */
function fakeTimers() {
  let now = 0;
  let next = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    timers: {
      setTimeout: (callback: () => void, ms: number) => {
        pending.set(++next, { at: now + ms, callback });
        return next;
      },
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
      now: () => now,
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

/** A paced scheduler on hand-run timers (a gathering window of 16 ms, a bound of 1 s), and a callback that
 * records when it ran. */
function paced() {
  const clock = fakeTimers();
  const pace = pacedScheduler({ gatherMs: 16, maxWaitMs: 1000, timers: clock.timers });
  const runs: number[] = [];
  return { clock, pace, runs, record: () => void runs.push(clock.timers.now()) };
}

describe('pacedScheduler', () => {
  test('with nothing unpainted, a callback runs once the gathering window is over', () => {
    const { clock, pace, runs, record } = paced();
    pace.schedule(record);
    clock.advance(15);
    assert.deepEqual(runs, []);
    clock.advance(1);
    assert.deepEqual(runs, [16]);
  });

  test('while an update is unpainted, the callback waits for the page to paint it', () => {
    const { clock, pace, runs, record } = paced();
    pace.posted();
    pace.schedule(record);
    clock.advance(200);
    assert.deepEqual(runs, [], 'held while the page paints');
    pace.painted();
    assert.deepEqual(runs, [200], 'run as soon as it painted');
    clock.advance(2000);
    assert.deepEqual(runs, [200], 'once');
  });

  test('two updates unpainted: it waits for both', () => {
    const { clock, pace, runs, record } = paced();
    pace.posted();
    pace.posted();
    pace.schedule(record);
    clock.advance(50);
    pace.painted();
    assert.deepEqual(runs, []);
    pace.painted();
    assert.deepEqual(runs, [50]);
  });

  test('a page that never answers (a hidden tab) still gets an update within the bound', () => {
    const { clock, pace, runs, record } = paced();
    pace.posted();
    clock.advance(300);
    pace.schedule(record);
    clock.advance(699);
    assert.deepEqual(runs, []);
    clock.advance(1);
    assert.deepEqual(runs, [1000], 'a second after the unpainted update was posted');
  });

  test('a cancelled callback never runs, held or not', () => {
    const { clock, pace, runs, record } = paced();
    pace.schedule(record)();
    clock.advance(100);
    pace.posted();
    const cancel = pace.schedule(record);
    clock.advance(100);
    cancel();
    pace.painted();
    clock.advance(5000);
    assert.deepEqual(runs, []);
  });

  test('a paint the page reports twice does not release a later update early', () => {
    const { clock, pace, runs, record } = paced();
    pace.painted();
    pace.posted();
    pace.schedule(record);
    clock.advance(100);
    assert.deepEqual(runs, []);
    pace.painted();
    assert.deepEqual(runs, [100]);
  });

  test('work after paint: at once (in a task of its own) with nothing unpainted', () => {
    const { clock, pace, runs, record } = paced();
    pace.afterPaint(record);
    assert.deepEqual(runs, [], "not in the caller's task");
    clock.advance(0);
    assert.deepEqual(runs, [0]);
    clock.advance(5000);
    assert.deepEqual(runs, [0], 'once');
  });

  test('work after paint waits for every posted update to be painted, then runs once', () => {
    const { clock, pace, runs, record } = paced();
    pace.posted();
    pace.posted();
    pace.afterPaint(record);
    clock.advance(300);
    pace.painted();
    clock.advance(10);
    assert.deepEqual(runs, [], 'one update still unpainted');
    pace.painted();
    clock.advance(0);
    assert.deepEqual(runs, [310]);
    clock.advance(5000);
    assert.deepEqual(runs, [310], 'its bound does not run it again');
  });

  test('work after paint runs within the bound when the page never answers', () => {
    const { clock, pace, runs, record } = paced();
    pace.posted();
    pace.afterPaint(record);
    clock.advance(999);
    assert.deepEqual(runs, []);
    clock.advance(1);
    assert.deepEqual(runs, [1000]);
    pace.painted();
    clock.advance(100);
    assert.deepEqual(runs, [1000], 'a late paint does not run it again');
  });
});
