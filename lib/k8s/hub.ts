import 'server-only';
/**
 * The process-wide hub: one watch loop per kind feeding one cache, fanned out to every open
 * `/api/stream` as SSE frames.
 *
 * Contract:
 * - exactly one upstream list+watch per kind per process, started lazily on first use and shared
 *   by every tab; the hub lives on globalThis so Next module reloads reuse it;
 * - cache changes are coalesced per tick (`tickMs`, one frame's worth) into `upsert`/`delete`
 *   frames with increasing decimal ids; each frame is encoded once and the same bytes go to
 *   every client; the last frames are kept in a bounded buffer for `Last-Event-ID` resume;
 *   ids start at (process start ms × 1000), so an id from an earlier process never resumes here;
 * - each client has a bounded queue; one that overflows (a stalled tab) loses its queue and gets
 *   a fresh `snapshot` when it reads again, without ever blocking the fan-out to others;
 * - a `status` frame whenever the sync state changes (counts at most once a second), and a
 *   heartbeat comment every 15 s;
 * - a client is released (no timers, no queue, no listener) as soon as it goes.
 */
import type { RecordKind, SlimRecord, ClusterSnapshot } from '../topology/records';
import type { ClusterInfo, StreamEvent, SyncState } from '../stream/protocol';
import { encodeHeartbeat, encodeSnapshotPieces, encodeStreamEvent } from '../stream/sse';
import { ClusterCache, type ChangeBatch, type RecordRef } from './cache';
import { WATCHED_KINDS, type KindSpec } from './kinds';
import { InternPool, slimmer } from './slim';
import { createKubeTransport, type KubeTransport } from './transport';
import { WatchLoop, type WatchLoopOptions, type WatchLoopState } from './watch-loop';
import type { ClusterConnection } from './connection';

export interface HubOptions {
  connection: ClusterConnection;
  transport?: KubeTransport;
  kinds?: readonly KindSpec[];
  /** Longest a change waits to be coalesced with others (one frame). */
  tickMs?: number;
  /** A batch is sent once no change has arrived for this long (default 2 ms). */
  coalesceIdleMs?: number;
  heartbeatMs?: number;
  /** Resume buffer bounds. */
  bufferFrames?: number;
  bufferBytes?: number;
  /** Per-client queue bounds (default 1,000 frames or 4 MiB: a stalled tab costs no more). */
  clientQueueFrames?: number;
  clientQueueBytes?: number;
  /** Bytes a client's ReadableStream buffers before the hub's own queue takes over. */
  streamHighWaterMark?: number;
  /** Records per upsert frame, so one relist never becomes one giant frame. */
  recordsPerFrame?: number;
  /** Passed to every watch loop (tests shorten timers here). */
  loop?: Partial<
    Pick<
      WatchLoopOptions<SlimRecord>,
      | 'backoff'
      | 'hangTimeoutMs'
      | 'watchTimeoutSeconds'
      | 'pageSize'
      | 'minWatchMs'
      | 'random'
      | 'clock'
    >
  >;
  /** Status frames carrying only new counts are sent at most this often. */
  countStatusIntervalMs?: number;
  log?: (message: string) => void;
}

export interface SubscribeOptions {
  lastEventId?: string | null;
}

export interface Subscription {
  stream: ReadableStream<Uint8Array>;
  /** Whether the stream resumed from the buffer (true) or starts with a snapshot. */
  resumed: boolean;
  close(): void;
}

export interface HubStats {
  subscribers: number;
  /** Watch responses open upstream right now. */
  upstreamWatches: number;
  watchRequests: number;
  listRequests: number;
  relists: number;
  hangs: number;
  /** Watch objects of the wrong kind dropped (a server bug). */
  foreignObjects: number;
  seq: string;
  bufferedFrames: number;
  /** Clients reset because their queue overflowed. */
  resets: number;
  framesSent: number;
}

interface BufferedFrame {
  seq: number;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

class Client {
  queue: Uint8Array[] = [];
  queuedBytes = 0;
  needsSnapshot: boolean;
  pieces: Iterator<string> | undefined;
  closed = false;
  controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  constructor(needsSnapshot: boolean) {
    this.needsSnapshot = needsSnapshot;
  }
}

export class Hub {
  readonly cache = new ClusterCache();
  readonly info: ClusterInfo;
  private readonly opts: HubOptions;
  private readonly kinds: readonly KindSpec[];
  private readonly loops = new Map<RecordKind, WatchLoop<SlimRecord>>();
  private readonly loopStates = new Map<RecordKind, WatchLoopState>();
  private readonly clients = new Set<Client>();
  private readonly buffer: BufferedFrame[] = [];
  private bufferBytes = 0;
  private seq: number;
  private started = false;
  private stopped = false;
  private pending = new Map<string, { upsert?: SlimRecord; del?: RecordRef }>();
  private tickTimer: NodeJS.Timeout | undefined;
  private firstPendingAt = 0;
  private lastChangeAt = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastStatusKey = '';
  private lastStatusSentAt = 0;
  private statusCountsDirty = false;
  private syncWaiters: (() => void)[] = [];
  private resets = 0;
  private framesSent = 0;

  constructor(options: HubOptions) {
    this.opts = options;
    this.info = options.connection.info;
    this.kinds = options.kinds ?? WATCHED_KINDS;
    this.seq = Date.now() * 1000;
    this.cache.subscribe((batch) => this.onChange(batch));
  }

  /** Start the watch loops (idempotent). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const transport = this.opts.transport ?? createKubeTransport(this.opts.connection.kubeConfig);
    const pool = new InternPool();
    for (const spec of this.kinds) {
      const loop = new WatchLoop<SlimRecord>({
        ...this.opts.loop,
        transport,
        listPath: spec.listPath,
        expectedKind: spec.kind,
        transform: slimmer(spec.kind, pool),
        log: this.opts.log,
        sink: {
          replace: (items) => this.cache.replace(spec.kind, items),
          event: (type, item) => this.cache.apply(type, item),
          state: (state) => this.onLoopState(spec.kind, state),
        },
      });
      this.loops.set(spec.kind, loop);
      this.loopStates.set(spec.kind, loop.getState());
      loop.start();
    }
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.opts.heartbeatMs ?? 15_000);
    this.heartbeatTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.loops.values()].map((l) => l.stop()));
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.tickTimer);
    clearTimeout(this.statusTimer);
    for (const c of [...this.clients]) this.release(c, true);
    for (const w of this.syncWaiters.splice(0)) w();
  }

  // ---- state -------------------------------------------------------------------------------

  private onLoopState(kind: RecordKind, state: WatchLoopState): void {
    this.loopStates.set(kind, state);
    this.scheduleStatus(false);
    if (this.isSynced()) for (const w of this.syncWaiters.splice(0)) w();
  }

  /** True once every required kind has completed a list. */
  isSynced(): boolean {
    return this.kinds.every((k) => k.optional || this.loopStates.get(k.kind)?.synced);
  }

  pendingKinds(): RecordKind[] {
    return this.kinds
      .filter((k) => !k.optional && !this.loopStates.get(k.kind)?.synced)
      .map((k) => k.kind);
  }

  getSyncState(): SyncState {
    const kinds: SyncState['kinds'] = {};
    let reconnecting = false;
    let staleSince: number | undefined;
    let lastError: string | undefined;
    let optionalError: string | undefined;
    for (const spec of this.kinds) {
      const s = this.loopStates.get(spec.kind);
      kinds[spec.kind] = {
        synced: !!s?.synced,
        count: s?.synced
          ? this.cache.size(spec.kind)
          : Math.max(s?.listed ?? 0, this.cache.size(spec.kind)),
      };
      if (spec.optional) {
        // An optional kind (Events) that fails, e.g. not allowed by RBAC, is worth a word but
        // does not make the map stale.
        if (s?.error) optionalError ??= `${spec.kind} (optional): ${s.error}`;
        continue;
      }
      if (s?.phase === 'backoff' || s?.disconnectedSince !== undefined) reconnecting = true;
      if (s?.disconnectedSince !== undefined) {
        staleSince = Math.min(staleSince ?? Infinity, s.disconnectedSince);
      }
      if (s?.error) lastError = `${spec.kind}: ${s.error}`;
    }
    lastError ??= optionalError;
    const sync: SyncState = {
      kinds,
      connection: reconnecting ? 'reconnecting' : this.isSynced() ? 'live' : 'syncing',
    };
    if (staleSince !== undefined) sync.staleSince = new Date(staleSince).toISOString();
    if (lastError) sync.lastError = lastError;
    return sync;
  }

  /** Resolves true once synced, or false after `timeoutMs`. Starts the hub. */
  async waitForSync(timeoutMs: number): Promise<boolean> {
    this.start();
    if (this.isSynced()) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        resolve(this.isSynced());
      }, timeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve(this.isSynced());
      };
      this.syncWaiters.push(done);
    });
  }

  getClusterSnapshot(): ClusterSnapshot {
    this.start();
    return this.cache.snapshot();
  }

  /** The records browsers get: everything but Events (the timeline serves those on request). */
  streamedRecords(): SlimRecord[] {
    return this.cache.records().filter((r) => streamed(r.kind));
  }

  stats(): HubStats {
    let upstreamWatches = 0;
    let watchRequests = 0;
    let listRequests = 0;
    let relists = 0;
    let hangs = 0;
    let foreignObjects = 0;
    for (const l of this.loops.values()) {
      if (l.stats.watchOpen) upstreamWatches++;
      watchRequests += l.stats.watchRequests;
      listRequests += l.stats.listRequests;
      relists += l.stats.relists;
      hangs += l.stats.hangs;
      foreignObjects += l.stats.foreignObjects;
    }
    return {
      subscribers: this.clients.size,
      upstreamWatches,
      watchRequests,
      listRequests,
      relists,
      hangs,
      foreignObjects,
      seq: String(this.seq),
      bufferedFrames: this.buffer.length,
      resets: this.resets,
      framesSent: this.framesSent,
    };
  }

  // ---- deltas ------------------------------------------------------------------------------

  private onChange(batch: ChangeBatch): void {
    for (const r of batch.upserts)
      if (streamed(r.kind)) this.pending.set(r.meta.uid, { upsert: r });
    for (const d of batch.deletes) if (streamed(d.kind)) this.pending.set(d.uid, { del: d });
    // Counts are progress during the initial sync; afterwards the deltas carry them.
    if (!this.isSynced()) this.scheduleStatus(true);
    // Related changes (a pod, then its slice and Endpoints, on three watches) arrive within a
    // few ms: wait until no change came for `coalesceIdleMs`, but never longer than `tickMs`
    // after the first pending change, so an isolated change goes out in ~2 ms.
    const now = performance.now();
    this.lastChangeAt = now;
    if (!this.tickTimer) {
      this.firstPendingAt = now;
      this.tickTimer = setTimeout(() => this.onTick(), this.opts.coalesceIdleMs ?? 2);
    }
  }

  private onTick(): void {
    const now = performance.now();
    const idle = this.opts.coalesceIdleMs ?? 2;
    const deadline = this.firstPendingAt + (this.opts.tickMs ?? 16);
    if (now - this.lastChangeAt < idle && now < deadline) {
      this.tickTimer = setTimeout(() => this.onTick(), Math.min(idle, deadline - now));
      return;
    }
    this.flush();
  }

  /** Emit the coalesced changes as frames now. */
  flush(): void {
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    if (this.pending.size === 0) return;
    const upserts: SlimRecord[] = [];
    const deletes: RecordRef[] = [];
    for (const p of this.pending.values()) {
      if (p.upsert) upserts.push(p.upsert);
      else if (p.del) deletes.push(p.del);
    }
    this.pending = new Map();
    const per = this.opts.recordsPerFrame ?? 1000;
    if (this.clients.size === 0 && upserts.length + deletes.length > 5 * per) {
      // Nobody is listening and this is more than a resume should replay (an initial sync or a
      // relist of a big kind): skip encoding it and start a new id window, so any older
      // Last-Event-ID gets a fresh snapshot instead.
      this.buffer.length = 0;
      this.bufferBytes = 0;
      this.seq++;
      return;
    }
    for (let i = 0; i < deletes.length; i += per) {
      this.publish({ type: 'delete', refs: deletes.slice(i, i + per) });
    }
    for (let i = 0; i < upserts.length; i += per) {
      this.publish({ type: 'upsert', records: upserts.slice(i, i + per) });
    }
  }

  private publish(event: StreamEvent): void {
    const seq = ++this.seq;
    const bytes = encoder.encode(encodeStreamEvent(event, String(seq)));
    this.buffer.push({ seq, bytes });
    this.bufferBytes += bytes.byteLength;
    const maxFrames = this.opts.bufferFrames ?? 10_000;
    const maxBytes = this.opts.bufferBytes ?? 32 * 1024 * 1024;
    while (
      this.buffer.length > maxFrames ||
      (this.bufferBytes > maxBytes && this.buffer.length > 1)
    ) {
      this.bufferBytes -= this.buffer.shift()!.bytes.byteLength;
    }
    for (const c of this.clients) this.send(c, bytes);
  }

  private scheduleStatus(countsOnly: boolean): void {
    if (countsOnly) this.statusCountsDirty = true;
    if (this.statusTimer) return;
    const sync = this.getSyncState();
    const key = JSON.stringify({
      ...sync,
      kinds: Object.fromEntries(Object.entries(sync.kinds).map(([k, v]) => [k, v.synced])),
    });
    const now = Date.now();
    const interval = this.opts.countStatusIntervalMs ?? 1000;
    const delay =
      key !== this.lastStatusKey ? 0 : Math.max(0, this.lastStatusSentAt + interval - now);
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.sendStatus();
    }, delay);
    this.statusTimer.unref();
  }

  private sendStatus(): void {
    // Deltas first, so a status never announces counts its frames have not delivered yet.
    this.flush();
    const sync = this.getSyncState();
    this.lastStatusKey = JSON.stringify({
      ...sync,
      kinds: Object.fromEntries(Object.entries(sync.kinds).map(([k, v]) => [k, v.synced])),
    });
    this.lastStatusSentAt = Date.now();
    this.statusCountsDirty = false;
    if (this.clients.size === 0) return;
    const bytes = encoder.encode(encodeStreamEvent({ type: 'status', sync }));
    for (const c of this.clients) this.send(c, bytes);
  }

  private heartbeat(): void {
    if (this.statusCountsDirty) this.scheduleStatus(true);
    const bytes = encoder.encode(encodeHeartbeat());
    for (const c of this.clients) {
      if (c.queue.length === 0 && !c.pieces) this.send(c, bytes);
    }
  }

  // ---- clients -----------------------------------------------------------------------------

  subscribe(options: SubscribeOptions = {}): Subscription {
    this.start();
    this.flush();
    const replay = this.framesAfter(options.lastEventId);
    const client = new Client(replay === undefined);
    this.clients.add(client);
    if (replay) {
      for (const f of replay) this.enqueue(client, f.bytes);
      this.enqueue(
        client,
        encoder.encode(encodeStreamEvent({ type: 'status', sync: this.getSyncState() })),
      );
    }
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          client.controller = controller;
          controller.enqueue(encoder.encode('retry: 1000\n: open\n\n'));
        },
        pull: () => this.pump(client),
        cancel: () => this.release(client, false),
      },
      {
        highWaterMark: this.opts.streamHighWaterMark ?? 64 * 1024,
        size: (chunk) => chunk.byteLength,
      },
    );
    return { stream, resumed: replay !== undefined, close: () => this.release(client, true) };
  }

  /** Frames after `lastEventId` if the buffer still holds all of them, else undefined. */
  private framesAfter(lastEventId: string | null | undefined): BufferedFrame[] | undefined {
    if (!lastEventId || !/^\d+$/.test(lastEventId)) return undefined;
    const last = Number(lastEventId);
    if (!Number.isSafeInteger(last) || last > this.seq) return undefined;
    if (last === this.seq) return [];
    const first = this.buffer[0];
    if (!first || first.seq > last + 1) return undefined;
    return this.buffer.filter((f) => f.seq > last);
  }

  private send(client: Client, bytes: Uint8Array): void {
    if (client.closed || client.needsSnapshot) return;
    this.enqueue(client, bytes);
  }

  private enqueue(client: Client, bytes: Uint8Array): void {
    client.queue.push(bytes);
    client.queuedBytes += bytes.byteLength;
    if (
      client.queue.length > (this.opts.clientQueueFrames ?? 1000) ||
      client.queuedBytes > (this.opts.clientQueueBytes ?? 4 * 1024 * 1024)
    ) {
      // A stalled client: drop what it missed; it gets a fresh snapshot when it reads again.
      client.queue = [];
      client.queuedBytes = 0;
      client.needsSnapshot = true;
      this.resets++;
      return;
    }
    this.pump(client);
  }

  private pump(client: Client): void {
    const c = client.controller;
    if (!c || client.closed) return;
    try {
      while ((c.desiredSize ?? 0) > 0) {
        if (!client.pieces && client.needsSnapshot) {
          client.needsSnapshot = false;
          client.pieces = encodeSnapshotPieces(
            this.info,
            this.getSyncState(),
            this.streamedRecords(),
            String(this.seq),
          );
        }
        if (client.pieces) {
          const next = client.pieces.next();
          if (next.done) client.pieces = undefined;
          else {
            c.enqueue(encoder.encode(next.value));
            this.framesSent++;
          }
          continue;
        }
        const bytes = client.queue.shift();
        if (!bytes) break;
        client.queuedBytes -= bytes.byteLength;
        c.enqueue(bytes);
        this.framesSent++;
      }
    } catch {
      // The stream was closed under us (the client went): release it.
      this.release(client, false);
    }
  }

  private release(client: Client, closeStream: boolean): void {
    if (client.closed) return;
    client.closed = true;
    client.queue = [];
    client.queuedBytes = 0;
    client.pieces = undefined;
    this.clients.delete(client);
    if (closeStream) {
      try {
        client.controller?.close();
      } catch {
        // Already closed or errored.
      }
    }
    client.controller = undefined;
  }
}

const HUB_KEY = Symbol.for('switchboard.hub');
type HubGlobal = typeof globalThis & { [HUB_KEY]?: Hub };

/** The process-wide hub for the configured cluster (created on first call, started lazily). */
export function getHub(create: () => Hub): Hub {
  const g = globalThis as HubGlobal;
  g[HUB_KEY] ??= create();
  return g[HUB_KEY];
}

/**
 * Kubernetes Events stay on the server (the timeline, lib/diagnostics): the map does not draw
 * them, and on a busy cluster they are most of the churn a stream would carry.
 */
function streamed(kind: RecordKind): boolean {
  return kind !== 'Event';
}
