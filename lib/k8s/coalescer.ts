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
 * (the version the streams last sent). `flush()` emits what is pending now.
 */
import type { SlimRecord } from '../topology/records';
import type { ChangeBatch, RecordRef } from './cache';

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
    for (const r of batch.upserts) {
      const uid = r.meta.uid;
      const was = this.pending.get(uid);
      // Recreated within the batch: the streams' copy (if any) is not this object's base.
      const before = was ? (was.deleted ? undefined : was.before) : batch.previous?.get(uid);
      this.pending.set(uid, { upsert: r, before, deleted: was?.deleted || was?.del !== undefined });
    }
    for (const d of batch.deletes) this.pending.set(d.uid, { del: d, deleted: true });
    if (this.pending.size === 0) return;
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
