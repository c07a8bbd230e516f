/**
 * The Service timeline's shared poll, driven without a clock: fetch answers only when the test
 * resolves it, and the backstop timer fires only when the test fires it. A refresh (the diagnosis's
 * reasons changed) re-reads at once, after the read under way, coalesced; the backstop still reads;
 * the last subscriber leaving stops the poll.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceTimeline } from '@/lib/api/diagnostics';
import { BACKSTOP_MS, createTimelinePolls, reasonsKey } from './timeline-polls';

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
  });
  return { polls, calls, timers, settle };
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

describe('reasonsKey', () => {
  it('changes when a reason or its words change, not otherwise', () => {
    const a = [{ code: 'rollout-in-progress', summary: 'web is rolling out' }];
    assert.equal(reasonsKey(a), reasonsKey([{ ...a[0]! }]));
    assert.notEqual(reasonsKey(a), reasonsKey([{ ...a[0]!, code: 'rollout-stuck' }]));
    assert.notEqual(reasonsKey(a), reasonsKey([{ ...a[0]!, summary: 'web is stuck' }]));
    assert.notEqual(reasonsKey(a), reasonsKey([]));
  });
});
