/**
 * The record journal as the routes read it — the slim records at an instant, and the changes
 * between two — and its in-memory form (no durable store: the embedded demo, e2e, --no-history).
 *
 * Contract (both forms, this one and journal-store.ts):
 * - `retainedSince()` is the oldest instant the journal rebuilds exactly: its oldest checkpoint
 *   (the first is taken once every kind has been listed); undefined until there is one;
 * - `recordsAt(T)` is the records the cache held at T (deep-equal: record-feed.test.ts), or
 *   `before` for an instant earlier than `retainedSince()`;
 * - `factsBetween(from, to)` is every record change with from < time ≤ to, oldest first (but
 *   those it counts as `unrebuilt`, RangeFacts), and
 *   folded onto `recordsAt(from)` it gives `recordsAt(to)`: where a later checkpoint holds what
 *   no fact says (a restart's relist, in the store), its differences are among the changes, at
 *   its instant. A range that starts before `retainedSince()` is read from there.
 * The memory journal keeps one base state and the facts after it, bounded by age (24 h) and by
 * count (200,000 facts): what falls out is folded into the base, so the window stays exact and
 * `retainedSince()` moves forward with it. Later checkpoints add nothing it lacks and are ignored.
 */
import type { SlimRecord } from '../topology/records';
import { foldRecords, stateOf, type JournalFact, type RecordFact } from './record-facts';

/**
 * The changes of a range. `unrebuilt` counts the stored changes in it that could not be turned
 * back into records — their base version is stored nowhere (a replica that skipped it, whose row
 * retention then deleted) — and are left out of `facts`: the range is incomplete, and says so.
 */
export interface RangeFacts {
  facts: RecordFact[];
  unrebuilt: number;
}

export type RecordsAtAnswer =
  | { records: SlimRecord[]; retainedSince: number }
  | { before: true; retainedSince: number | undefined };

export interface RecordJournal {
  retainedSince(): Promise<number | undefined>;
  recordsAt(time: number): Promise<RecordsAtAnswer>;
  /**
   * The facts with from < time ≤ to, oldest first, each with its whole record. `start`, the
   * records at `from` when the caller has them, spares a store rebuilding them.
   */
  factsBetween(from: number, to: number, start?: readonly SlimRecord[]): Promise<RangeFacts>;
}

export interface MemoryJournalOptions {
  maxAgeMs?: number;
  maxFacts?: number;
  now?: () => number;
}

/** The first index in `facts` (sorted by time) whose time is greater than `time`. */
function after(facts: readonly RecordFact[], start: number, time: number): number {
  let lo = start;
  let hi = facts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (facts[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MemoryJournal implements RecordJournal {
  private base: Map<string, SlimRecord> | undefined;
  private baseTime: number | undefined;
  private facts: RecordFact[] = [];
  /** Facts before this index are folded into the base (compacted now and then). */
  private head = 0;
  private readonly maxAgeMs: number;
  private readonly maxFacts: number;
  private readonly now: () => number;

  constructor(options: MemoryJournalOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000;
    this.maxFacts = options.maxFacts ?? 200_000;
    this.now = options.now ?? Date.now;
  }

  /** Takes one fact from the feed (record-feed.ts), synchronously. */
  add(fact: JournalFact): void {
    if (fact.kind === 'checkpoint') {
      if (this.base) return;
      // Everything before the first checkpoint is in it.
      this.base = stateOf(fact.records);
      this.baseTime = fact.time;
      this.facts = [];
      this.head = 0;
      return;
    }
    if (!this.base) return;
    // Whole records are what this journal keeps; the one replaced is only the store's business.
    if (fact.replaced) {
      const { replaced: _replaced, ...whole } = fact;
      fact = whole;
    }
    this.facts.push(fact);
    this.trim();
  }

  /** Record facts held (for the bound's tests and the metrics). */
  get size(): number {
    return this.facts.length - this.head;
  }

  private trim(): void {
    const oldest = this.now() - this.maxAgeMs;
    while (this.head < this.facts.length) {
      const first = this.facts[this.head]!;
      if (this.size <= this.maxFacts && first.time >= oldest) break;
      // Fold every fact of that instant together: the base is then exactly the state at it.
      const end = after(this.facts, this.head, first.time);
      foldRecords(this.base!, this.facts.slice(this.head, end));
      this.baseTime = first.time;
      this.head = end;
    }
    if (this.head > 1024 && this.head * 2 > this.facts.length) {
      this.facts = this.facts.slice(this.head);
      this.head = 0;
    }
  }

  retainedSince(): Promise<number | undefined> {
    this.trim();
    return Promise.resolve(this.baseTime);
  }

  recordsAt(time: number): Promise<RecordsAtAnswer> {
    this.trim();
    if (!this.base || this.baseTime === undefined || time < this.baseTime) {
      return Promise.resolve({ before: true, retainedSince: this.baseTime });
    }
    const end = after(this.facts, this.head, time);
    const state = foldRecords(new Map(this.base), this.facts.slice(this.head, end));
    return Promise.resolve({ records: [...state.values()], retainedSince: this.baseTime });
  }

  factsBetween(from: number, to: number): Promise<RangeFacts> {
    const start = after(this.facts, this.head, from);
    // Whole records only: nothing here is ever unrebuilt.
    return Promise.resolve({
      facts: this.facts.slice(start, after(this.facts, start, to)),
      unrebuilt: 0,
    });
  }
}
