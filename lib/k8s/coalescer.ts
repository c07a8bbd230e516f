import 'server-only';
/**
 * Coalescing cache changes into stream frames: related changes (a pod, then its slice and
 * Endpoints, on three watches) arrive within a few ms and should reach the browser as one
 * batch, and an object changed twice in that time is sent once, as it is now.
 *
 * Contract: a batch is emitted once no change has come for `idleMs` (default 2 ms), but never
 * later than `tickMs` (default 16 ms, one frame) after its first change, so an isolated change
 * goes out in about 2 ms. Per object only the last change counts (a delete after an upsert is a
 * delete), and what it is compared with is the record as it was before the batch's first change
 * (the version the streams last sent). `flush()` emits what is pending now. A batch of at least
 * 1,000 changes that arrives with nothing pending (a kind's first list, a relist) is held as it
 * came (the cache names each object at most once in a batch) and spread per object only if
 * another change joins it: at 150,000 pods the per-object table was ~15 MiB of garbage at the
 * server's peak.
 */
import type { SlimRecord } from '../topology/records';
import type { ChangeBatch, RecordRef } from './cache';

/** Batches this big, with nothing else pending, are kept whole rather than spread per object. */
const WHOLE_MIN = 1000;

export interface CoalescerOptions {
  /** Longest a change waits to be coalesced with others (one frame). */
  tickMs?: number;
  /** A batch is sent once no change has arrived for this long. */
  idleMs?: number;
}

export class ChangeCoalescer {
  private pending = new Map<
    string,
    { upsert?: SlimRecord; del?: RecordRef; before?: SlimRecord; deleted?: boolean }
  >();
  /** A whole batch taken as it is (see `add`); `pending` is empty while it is held. */
  private whole: ChangeBatch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private firstPendingAt = 0;
  private lastChangeAt = 0;

  constructor(
    private readonly opts: CoalescerOptions,
    private readonly emit: (
      upserts: SlimRecord[],
      deletes: RecordRef[],
      previous: ReadonlyMap<string, SlimRecord>,
    ) => void,
  ) {}

  add(batch: ChangeBatch): void {
    if (this.pending.size === 0 && !this.whole && this.takesWhole(batch)) {
      // A big batch with nothing else pending (a kind's first list): kept as it is, and only
      // spread per object if another change joins it before it goes.
      this.whole = batch;
      this.touched();
      return;
    }
    if (this.whole) {
      const whole = this.whole;
      this.whole = undefined;
      this.spread(whole);
    }
    this.spread(batch);
    if (this.pending.size > 0) this.touched();
  }

  /** Big enough to keep whole; the cache names each object at most once in a batch. */
  private takesWhole(batch: ChangeBatch): boolean {
    return batch.upserts.length + batch.deletes.length >= WHOLE_MIN;
  }

  private spread(batch: ChangeBatch): void {
    for (const r of batch.upserts) {
      const uid = r.meta.uid;
      const was = this.pending.get(uid);
      // Recreated within the batch: the streams' copy (if any) is not this object's base.
      const before = was ? (was.deleted ? undefined : was.before) : batch.previous?.get(uid);
      this.pending.set(uid, { upsert: r, before, deleted: was?.deleted || was?.del !== undefined });
    }
    for (const d of batch.deletes) this.pending.set(d.uid, { del: d, deleted: true });
  }

  private touched(): void {
    const now = performance.now();
    this.lastChangeAt = now;
    if (!this.timer) {
      this.firstPendingAt = now;
      this.timer = setTimeout(() => this.onTick(), this.opts.idleMs ?? 2);
    }
  }

  private onTick(): void {
    const now = performance.now();
    const idle = this.opts.idleMs ?? 2;
    const deadline = this.firstPendingAt + (this.opts.tickMs ?? 16);
    if (now - this.lastChangeAt < idle && now < deadline) {
      this.timer = setTimeout(() => this.onTick(), Math.min(idle, deadline - now));
      return;
    }
    this.flush();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const whole = this.whole;
    if (whole) {
      this.whole = undefined;
      // The cache's `previous` holds exactly the records its upserts replaced.
      this.emit(whole.upserts, whole.deletes, whole.previous ?? new Map());
      return;
    }
    if (this.pending.size === 0) return;
    const upserts: SlimRecord[] = [];
    const deletes: RecordRef[] = [];
    const previous = new Map<string, SlimRecord>();
    for (const p of this.pending.values()) {
      if (p.upsert) {
        upserts.push(p.upsert);
        if (p.before) previous.set(p.upsert.meta.uid, p.before);
      } else if (p.del) deletes.push(p.del);
    }
    this.pending = new Map();
    this.emit(upserts, deletes, previous);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
