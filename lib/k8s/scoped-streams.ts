import 'server-only';
/**
 * The streams of signed-in people: one fan-out (lib/k8s/fanout.ts) per distinct scope
 * (lib/access/scope.ts), fed by the hub's one set of watches.
 *
 * Contract:
 * - a delta is filtered and encoded once per scope and the bytes are shared by every tab of every
 *   person with that scope; a scope that sees none of a delta gets no frame for it;
 * - each scope's fan-out has its own id epoch and resume buffer, so `Last-Event-ID` only ever
 *   resumes within the scope that issued it (another scope's id gets a fresh snapshot, never its
 *   frames); bounded queues, drain and resume hold per scope as fanout.ts states them;
 * - a stream whose viewer's scope changed is moved to the new scope's fan-out and starts again
 *   from its snapshot (`rescope`);
 * - the status frame's counts are what the scope sees, not the cluster's;
 * - a scope nobody has listened to for two heartbeats is dropped (with its resume buffer).
 * The dashboard acting as itself (`--auth none`) never comes here: it keeps the hub's own fan-out.
 */
import { canSee, recordVisible, type AccessScope } from '../access/scope';
import type { SyncState } from '../stream/protocol';
import type { RecordKind } from '../topology/records';
import type { RecordRef } from './cache';
import { publishBatch, visiblePart, type DeltaBatch, type FrameVersion } from './delta-frames';
import { Fanout, type FanoutOptions, type Subscription } from './fanout';

interface Group {
  scope: AccessScope;
  fanout: Fanout;
  idleBeats: number;
}

export interface ScopedSource {
  /** The snapshot pieces for one scope (records already filtered), at `id`. */
  snapshot(scope: AccessScope, id: string): Iterator<string>;
  /** The status frame's bytes for one scope. */
  status(scope: AccessScope): Uint8Array;
  /** Publishes pending changes before a snapshot is taken (lib/k8s/fanout.ts). */
  settle(): void;
}

export class ScopedStreams {
  private readonly groups = new Map<string, Group>();
  /** Set once draining: a scope's fan-out created from now on drains at once too. */
  private drained: Uint8Array | undefined;

  constructor(
    private readonly opts: FanoutOptions,
    private readonly source: ScopedSource,
  ) {}

  /** Open streams of every scope. */
  get size(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.fanout.size;
    return n;
  }

  get scopes(): number {
    return this.groups.size;
  }

  /** The fan-out of `scope`, created on first use. */
  fanoutOf(scope: AccessScope): Fanout {
    let group = this.groups.get(scope.key);
    if (!group) {
      const fanout = new Fanout(
        this.opts,
        (id) => this.source.snapshot(scope, id),
        () => this.source.settle(),
      );
      group = { scope, fanout, idleBeats: 0 };
      this.groups.set(scope.key, group);
      if (this.drained) fanout.drain(this.drained);
    }
    return group.fanout;
  }

  subscribe(scope: AccessScope, lastEventId: string | null | undefined): Subscription {
    return this.fanoutOf(scope).subscribe(lastEventId, () => this.source.status(scope));
  }

  /** One batch of changes (diffed once): per scope, only what it sees, `per` entries a frame. */
  publish(batch: DeltaBatch, per: number, version: FrameVersion): void {
    for (const { scope, fanout } of this.groups.values()) {
      const part = visiblePart(
        batch,
        (r) => recordVisible(scope, r),
        (d) => refVisible(scope, d),
      );
      publishBatch(fanout, part, per, version);
    }
  }

  broadcastStatus(): void {
    for (const { scope, fanout } of this.groups.values()) {
      if (fanout.size > 0) fanout.broadcast(this.source.status(scope));
    }
  }

  /** A keep-alive to idle streams; scopes idle for two beats are dropped. */
  heartbeat(bytes: Uint8Array): void {
    for (const [key, group] of this.groups) {
      if (group.fanout.size > 0) {
        group.idleBeats = 0;
        group.fanout.heartbeat(bytes);
      } else if (++group.idleBeats >= 2) {
        this.groups.delete(key);
      }
    }
  }

  resnapshotAll(): void {
    for (const g of this.groups.values()) g.fanout.resnapshotAll();
  }

  drain(bytes: Uint8Array): void {
    this.drained = bytes;
    for (const g of this.groups.values()) g.fanout.drain(bytes);
  }

  closeAll(): void {
    for (const g of this.groups.values()) g.fanout.closeAll();
  }

  stats(): { resets: number; framesSent: number; bufferedFrames: number } {
    const out = { resets: 0, framesSent: 0, bufferedFrames: 0 };
    for (const { fanout } of this.groups.values()) {
      out.resets += fanout.resets;
      out.framesSent += fanout.framesSent;
      out.bufferedFrames += fanout.bufferedFrames;
    }
    return out;
  }
}

function refVisible(scope: AccessScope, ref: RecordRef): boolean {
  if (ref.kind === 'Namespace') return canSee(scope, 'Namespace', ref.name ?? '');
  return canSee(scope, ref.kind, ref.namespace ?? '');
}

/** A sync state whose counts are what `scope` sees; `count` reads the cache. */
export function scopedSync(
  sync: SyncState,
  scope: AccessScope,
  count: (kind: RecordKind, scope: AccessScope) => number,
): SyncState {
  if (scope.everything) return sync;
  const kinds: SyncState['kinds'] = {};
  for (const [kind, state] of Object.entries(sync.kinds)) {
    kinds[kind] = { synced: state.synced, count: count(kind as RecordKind, scope) };
  }
  return { ...sync, kinds };
}
