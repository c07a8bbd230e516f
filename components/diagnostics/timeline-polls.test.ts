/**
 * The Service timeline's shared poll, driven without a clock: fetch answers only when the test
 * resolves it, and the backstop and retry timers fire only when the test fires them. A refresh
 * (the diagnosis's reasons changed) re-reads at once, after the read under way, coalesced, and
 * again after a doubling backoff, a bounded number of times, while the trail has recorded nothing
 * since; the backstop still reads; the last subscriber leaving stops the poll.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceTimeline } from '@/lib/api/diagnostics';
import {
  BACKSTOP_MS,
  RETRIES,
  RETRY_FIRST_MS,
  createTimelinePolls,
  reasonsKey,
} from './timeline-polls';

const URL = '/api/services/default/web/timeline';

function timeline(entries: number): ServiceTimeline {
  return {
    service: 'default/web',
    entries: Array.from({ length: entries }, (_, i) => ({
      at: `2026-12-05T12:00:0${i}Z`,
    })) as ServiceTimeline['entries'],
  };
}

/** A fetch whose every call waits until the test answers it, and a timer the test fires. */
function harness() {
  const calls: { url: string; answer: (body: ServiceTimeline | Response) => Promise<void> }[] = [];
  const timers = new Map<number, { run: () => void; ms: number }>();
  /** The one-shot timers (the retries), in the order they were set. */
  const timeouts = new Map<number, { run: () => void; ms: number }>();
  let nextTimer = 1;
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const polls = createTimelinePolls({
    fetch: (url) =>
      new Promise<Response>((resolve) => {
        calls.push({
          url,
          answer: async (body) => {
            resolve(body instanceof Response ? body : Response.json(body));
            await settle();
          },
        });
      }),
    setInterval: (run, ms) => {
      const id = nextTimer++;
      timers.set(id, { run, ms });
      return id;
    },
    clearInterval: (id) => void timers.delete(id as number),
    setTimeout: (run, ms) => {
      const id = nextTimer++;
      timeouts.set(id, { run, ms });
      return id;
    },
    clearTimeout: (id) => void timeouts.delete(id as number),
  });
  /** Fires the one pending retry (the test fails if there is not exactly one) and returns its delay. */
  const fireRetry = (): number => {
    assert.equal(timeouts.size, 1, 'one retry pending');
    const [id, timer] = [...timeouts][0]!;
    timeouts.delete(id);
    timer.run();
    return timer.ms;
  };
  return { polls, calls, timers, timeouts, fireRetry, settle };
}

describe('timeline polls', () => {
  it('a refresh re-reads at once, so a new entry reaches subscribers without waiting for the poll', async () => {
    const { polls, calls } = harness();
    let heard = 0;
    const stop = polls.subscribe(URL, () => heard++);
    assert.equal(calls.length, 1, 'subscribing reads once');
    await calls[0]!.answer(timeline(1));
    assert.equal(polls.state(URL).timeline?.entries.length, 1);
    assert.equal(heard, 1);

    polls.refresh(URL);
    assert.equal(calls.length, 2, 'the refresh reads now, not at the next poll');
    await calls[1]!.answer(timeline(2));
    assert.equal(polls.state(URL).timeline?.entries.length, 2);
    assert.equal(heard, 2);
    stop();
  });

  it('refreshes asked during a read run once after it, and the state ends on that read', async () => {
    const { polls, calls } = harness();
    const stop = polls.subscribe(URL, () => {});
    polls.refresh(URL);
    polls.refresh(URL);
    assert.equal(calls.length, 1, 'one read at a time');
    await calls[0]!.answer(timeline(1));
    assert.equal(calls.length, 2, 'then one more for the refreshes asked meanwhile');
    await calls[1]!.answer(timeline(3));
    assert.equal(calls.length, 2);
    assert.equal(polls.state(URL).timeline?.entries.length, 3);
    stop();
  });

  it('the backstop poll still reads, and stops with the last subscriber', async () => {
    const { polls, calls, timers } = harness();
    const a = polls.subscribe(URL, () => {});
    const b = polls.subscribe(URL, () => {});
    assert.equal(calls.length, 1, 'one poll per URL, however many read it');
    assert.equal(timers.size, 1);
    const [timer] = timers.values();
    assert.equal(timer!.ms, BACKSTOP_MS);
    await calls[0]!.answer(timeline(1));
    timer!.run();
    assert.equal(calls.length, 2);
    await calls[1]!.answer(timeline(2));
    a();
    assert.equal(timers.size, 1, 'still read by the other');
    b();
    assert.equal(timers.size, 0, 'stopped');
    polls.refresh(URL);
    assert.equal(calls.length, 2, 'nothing to refresh once nobody reads it');
  });

  it('a failed read keeps the last good timeline beside the error', async () => {
    const { polls, calls } = harness();
    const stop = polls.subscribe(URL, () => {});
    await calls[0]!.answer(timeline(1));
    polls.refresh(URL);
    await calls[1]!.answer(
      new Response(
        JSON.stringify({
          type: 'tag:switchboard.dev,2025:problem:unavailable',
          title: 'Unavailable',
          status: 503,
          detail: 'the history is not ready',
        }),
        { status: 503, headers: { 'content-type': 'application/problem+json' } },
      ),
    );
    const state = polls.state(URL);
    assert.equal(state.timeline?.entries.length, 1);
    assert.equal(state.error, 'timeline unavailable: the history is not ready');
    stop();
  });
});

describe('timeline polls: a refresh the server has not caught up with yet', () => {
  it('reads again after 250 ms, 500 ms, 1 s, 2 s while nothing new is recorded, then stops', async () => {
    const { polls, calls, timeouts, fireRetry } = harness();
    const stop = polls.subscribe(URL, () => {});
    await calls[0]!.answer(timeline(2));
    polls.refresh(URL);
    await calls[1]!.answer(timeline(2));
    const delays: number[] = [];
    for (let i = 0; i < RETRIES; i++) {
      delays.push(fireRetry());
      assert.equal(calls.length, 3 + i, 'the retry reads once');
      await calls[2 + i]!.answer(timeline(2));
    }
    assert.deepEqual(delays, [
      RETRY_FIRST_MS,
      2 * RETRY_FIRST_MS,
      4 * RETRY_FIRST_MS,
      8 * RETRY_FIRST_MS,
    ]);
    assert.ok(delays.reduce((a, b) => a + b) < BACKSTOP_MS, 'all within one backstop period');
    assert.equal(timeouts.size, 0, 'bounded: no more re-reads; the backstop poll goes on');
    assert.equal(calls.length, 2 + RETRIES);
    stop();
  });

  it('stops as soon as the trail holds an entry recorded since the refresh', async () => {
    const { polls, calls, timeouts, fireRetry } = harness();
    const stop = polls.subscribe(URL, () => {});
    await calls[0]!.answer(timeline(1));
    polls.refresh(URL);
    await calls[1]!.answer(timeline(1));
    assert.equal(fireRetry(), RETRY_FIRST_MS);
    await calls[2]!.answer(timeline(2));
    assert.equal(polls.state(URL).timeline?.entries.length, 2);
    assert.equal(timeouts.size, 0);
    assert.equal(calls.length, 3);
    stop();
  });

  it('a second entry at the same moment as the newest counts as recorded since', async () => {
    const { polls, calls, timeouts } = harness();
    const stop = polls.subscribe(URL, () => {});
    await calls[0]!.answer(timeline(1));
    polls.refresh(URL);
    const twice = timeline(1);
    twice.entries.push({ ...twice.entries[0]! });
    await calls[1]!.answer(twice);
    assert.equal(timeouts.size, 0);
    stop();
  });

  it('no re-read when the refresh found the change already, nor for the backstop poll alone', async () => {
    const { polls, calls, timers, timeouts } = harness();
    const stop = polls.subscribe(URL, () => {});
    await calls[0]!.answer(timeline(1));
    [...timers.values()][0]!.run();
    await calls[1]!.answer(timeline(1));
    assert.equal(timeouts.size, 0, 'the backstop poll never retries');
    polls.refresh(URL);
    await calls[2]!.answer(timeline(2));
    assert.equal(timeouts.size, 0);
    stop();
  });

  it('a new refresh starts again from what the trail holds then; one retry pending at most', async () => {
    const { polls, calls, timeouts, fireRetry } = harness();
    const stop = polls.subscribe(URL, () => {});
    await calls[0]!.answer(timeline(1));
    polls.refresh(URL);
    await calls[1]!.answer(timeline(1));
    assert.equal(fireRetry(), RETRY_FIRST_MS);
    await calls[2]!.answer(timeline(2));
    assert.equal(timeouts.size, 0, 'caught up');
    polls.refresh(URL);
    await calls[3]!.answer(timeline(2));
    assert.equal(timeouts.size, 1);
    polls.refresh(URL);
    assert.equal(timeouts.size, 0, 'the pending retry gives way to the new refresh');
    await calls[4]!.answer(timeline(2));
    assert.equal(fireRetry(), RETRY_FIRST_MS, 'the backoff starts again');
    stop();
  });

  it('the last subscriber leaving cancels a pending retry', async () => {
    const { polls, calls, timeouts } = harness();
    const stop = polls.subscribe(URL, () => {});
    await calls[0]!.answer(timeline(1));
    polls.refresh(URL);
    await calls[1]!.answer(timeline(1));
    assert.equal(timeouts.size, 1);
    stop();
    assert.equal(timeouts.size, 0);
  });
});

describe('reasonsKey', () => {
  it('changes when a reason or its words change, not otherwise', () => {
    const a = [{ code: 'rollout-in-progress', summary: 'web is rolling out' }];
    assert.equal(reasonsKey(a), reasonsKey([{ ...a[0]! }]));
    assert.notEqual(reasonsKey(a), reasonsKey([{ ...a[0]!, code: 'rollout-stuck' }]));
    assert.notEqual(reasonsKey(a), reasonsKey([{ ...a[0]!, summary: 'web is stuck' }]));
    assert.notEqual(reasonsKey(a), reasonsKey([]));
  });
});
