/**
 * The batching writer: batches in order, a bounded backlog whose drops are counted while the
 * store fails, retries that resume on recovery, and a last flush at close.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryFact } from './facts';
import { HistoryWriter } from './writer';

function fact(i: number): HistoryFact {
  return {
    kind: 'entry',
    service: 'default/web',
    time: i,
    sourceUid: 'slice',
    sourceVersion: String(i),
    entryKey: 'endpoint:10.0.0.1:added',
    entry: {
      at: new Date(i).toISOString(),
      type: 'endpoint',
      change: 'added',
      address: '10.0.0.1',
    },
  };
}

class FlakySink {
  up = true;
  written: number[] = [];
  batches: number[] = [];
  async write(facts: readonly HistoryFact[]): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (!this.up) throw new Error('connection refused');
    this.batches.push(facts.length);
    for (const f of facts) if (f.kind === 'entry') this.written.push(f.time);
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
}

describe('HistoryWriter', () => {
  it('writes in batches of at most batchSize, in order', async () => {
    const sink = new FlakySink();
    const writer = new HistoryWriter(sink, { batchSize: 10, flushMs: 1 });
    for (let i = 0; i < 35; i += 1) writer.push(fact(i));
    await writer.flush();
    await until(() => sink.written.length === 35);
    assert.deepEqual(sink.written, [...Array(35).keys()]);
    assert.ok(sink.batches.every((n) => n <= 10));
    assert.deepEqual(writer.gap(), { droppedFacts: 0, backlog: 0, storeUnavailable: false });
    await writer.close();
  });

  it('keeps a bounded backlog while the store fails, counts drops, and resumes', async () => {
    const sink = new FlakySink();
    sink.up = false;
    let dropped = 0;
    let errors = 0;
    const writer = new HistoryWriter(sink, {
      batchSize: 10,
      flushMs: 1,
      retryMs: 1,
      maxBacklog: 50,
      now: () => Date.parse('2026-11-26T03:00:00Z'),
      onDrop: (n) => (dropped += n),
      onError: () => (errors += 1),
    });
    for (let i = 0; i < 20; i += 1) assert.equal(writer.push(fact(i)), undefined);
    await until(() => writer.gap().storeUnavailable);
    for (let i = 20; i < 80; i += 1) writer.push(fact(i));
    // A retry may be in flight; once it fails too, the bound is back: 50 kept, 30 dropped.
    await until(() => writer.gap().droppedFacts === 30);
    const gap = writer.gap();
    assert.ok(gap.backlog <= 50);
    assert.equal(sink.written.length, 0);
    assert.equal(gap.since, '2026-11-26T03:00:00.000Z');
    assert.equal(dropped, 30);
    assert.equal(errors, 1, 'one report per outage');
    sink.up = true;
    await until(() => sink.written.length === 50);
    assert.deepEqual(writer.gap().backlog, 0);
    assert.equal(writer.gap().storeUnavailable, false);
    assert.deepEqual(
      sink.written,
      [...Array(50).keys()].map((i) => i + 30),
    );
    assert.equal(writer.gap().droppedFacts, 30, 'the loss stays reported after recovery');
    writer.push(fact(100));
    await writer.flush();
    assert.equal(sink.written.at(-1), 100);
    await writer.close();
  });

  it('writes what is queued at close, and counts what it could not', async () => {
    const sink = new FlakySink();
    const writer = new HistoryWriter(sink, { flushMs: 60_000 });
    for (let i = 0; i < 5; i += 1) writer.push(fact(i));
    await writer.close();
    assert.equal(sink.written.length, 5);

    const down = new FlakySink();
    down.up = false;
    const other = new HistoryWriter(down, { flushMs: 60_000 });
    for (let i = 0; i < 5; i += 1) other.push(fact(i));
    await other.close(1000);
    assert.equal(other.gap().droppedFacts, 5);
    other.push(fact(6));
    assert.equal(other.gap().droppedFacts, 6, 'nothing is accepted after close');
  });
});
