/**
 * The batching writer between the Service trail and the store: the watch path hands it facts
 * synchronously (`push` never waits and never throws), and it writes them in batches in the
 * background.
 *
 * Contract:
 * - a batch is written when `batchSize` facts are queued or `flushMs` after the first one, one
 *   write at a time, so the database sees batches in order;
 * - the backlog is bounded (`maxBacklog` facts): when it is full the oldest queued fact is
 *   dropped and counted (`gap()`, and the `onDrop` callback for the metric) — a slow or absent
 *   database costs history, never the live map;
 * - a record fact dropped breaks its record's chain of stored changes (journal-patches.ts): the
 *   record's next fact is written whole (without the version it replaced), once that write
 *   succeeds the chain goes on from it;
 * - a failed write keeps its batch at the head of the queue and is retried every `retryMs`
 *   (the same bound applies); on success writing resumes and `gap()` keeps the count and since
 *   when facts were lost, for as long as the process lives;
 * - `close()` stops the timers and makes one last attempt to write what is queued, bounded by
 *   `timeoutMs`; what it could not write is counted as dropped.
 * Plain data in, no I/O of its own: the store is given.
 */
import type { HistoryGap } from '../api/diagnostics';
import type { HistoryFact } from './facts';
import { recordKey } from './record-facts';

export interface FactSink {
  write(facts: readonly HistoryFact[]): Promise<void>;
}

export interface WriterOptions {
  batchSize?: number;
  flushMs?: number;
  maxBacklog?: number;
  retryMs?: number;
  now?: () => number;
  onDrop?: (count: number) => void;
  onError?: (error: unknown) => void;
}

export class HistoryWriter {
  private readonly queue: HistoryFact[] = [];
  private readonly batchSize: number;
  private readonly flushMs: number;
  private readonly maxBacklog: number;
  private readonly retryMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private dropped = 0;
  /** Records (kind/uid) a dropped fact of which broke the chain: their next fact goes whole. */
  private readonly broken = new Set<string>();
  private droppedSince: number | undefined;
  private failing = false;
  private closed = false;

  constructor(
    private readonly sink: FactSink,
    private readonly options: WriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.flushMs = options.flushMs ?? 200;
    this.maxBacklog = options.maxBacklog ?? 50_000;
    this.retryMs = options.retryMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  push(fact: HistoryFact): void {
    if (this.closed) return this.drop([fact]);
    this.queue.push(fact);
    if (this.queue.length > this.maxBacklog) this.drop([this.queue.shift()!]);
    if (this.queue.length >= this.batchSize && !this.failing) this.schedule(0);
    else this.schedule(this.failing ? this.retryMs : this.flushMs);
  }

  gap(): HistoryGap {
    return {
      droppedFacts: this.dropped,
      ...(this.droppedSince !== undefined
        ? { since: new Date(this.droppedSince).toISOString() }
        : {}),
      backlog: this.queue.length,
      storeUnavailable: this.failing,
    };
  }

  /** Resolves once everything queued so far is written (or the writer gave up on it). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 && !this.failing) {
      if (this.writing) await this.writing;
      else await this.writeBatch();
    }
    if (this.writing) await this.writing;
  }

  async close(timeoutMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.failing = false;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.flush(),
      new Promise<void>((res) => (timeout = setTimeout(res, timeoutMs))),
    ]);
    clearTimeout(timeout);
    if (this.queue.length > 0) this.drop(this.queue.splice(0));
  }

  private drop(facts: readonly HistoryFact[]): void {
    for (const fact of facts)
      if (fact.kind === 'record') this.broken.add(recordKey(fact.recordKind, fact.uid));
    this.dropped += facts.length;
    this.droppedSince ??= this.now();
    this.options.onDrop?.(facts.length);
  }

  /** The batch with the first fact of each broken chain made whole. */
  private mended(batch: HistoryFact[]): { batch: HistoryFact[]; mends: Set<string> } {
    const mends = new Set<string>();
    if (this.broken.size === 0) return { batch, mends };
    const out = batch.map((fact) => {
      if (fact.kind !== 'record') return fact;
      const key = recordKey(fact.recordKind, fact.uid);
      if (!this.broken.has(key) || mends.has(key)) return fact;
      mends.add(key);
      const { replaced: _replaced, ...whole } = fact;
      return whole;
    });
    return { batch: out, mends };
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.writing || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeBatch();
    }, delayMs);
    this.timer.unref?.();
  }

  private writeBatch(): Promise<void> {
    if (this.writing) return this.writing;
    const batch = this.queue.splice(0, this.batchSize);
    if (batch.length === 0) return Promise.resolve();
    this.writing = this.attempt(batch).finally(() => {
      this.writing = undefined;
      if (this.queue.length === 0) return;
      const full = this.queue.length >= this.batchSize;
      this.schedule(this.failing ? this.retryMs : full ? 0 : this.flushMs);
    });
    return this.writing;
  }

  private async attempt(queued: HistoryFact[]): Promise<void> {
    const { batch, mends } = this.mended(queued);
    try {
      await this.sink.write(batch);
      for (const key of mends) this.broken.delete(key);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.options.onError?.(error);
      this.failing = true;
      // Back at the head, in order; the backlog bound still holds.
      this.queue.unshift(...batch);
      const over = this.queue.length - this.maxBacklog;
      if (over > 0) this.drop(this.queue.splice(0, over));
    }
  }
}
