import 'server-only';
/**
 * The process-wide hub: one watch loop per kind feeding one cache, fanned out to every open
 * `/api/stream` as SSE frames.
 *
 * Contract:
 * - exactly one upstream list+watch per kind per process, started lazily on first use and shared
 *   by every tab (a tab never costs a watch); one hub per cluster, held by the registry
 *   (lib/k8s/clusters.ts) on globalThis so Next module reloads reuse it;
 * - cache changes are coalesced (lib/k8s/coalescer.ts) into `delta` frames of at most
 *   `recordsPerFrame` entries (lib/k8s/delta-frames.ts: changed records as patches), fanned out with ids, resume buffer and per-client bounded queues
 *   (lib/k8s/fanout.ts); with nobody listening, a batch bigger than a resume should replay
 *   (an initial sync, a relist) is not encoded at all and starts a new id window instead;
 * - a `status` frame whenever the sync state changes (lib/k8s/sync-state.ts; counts alone at
 *   most once a second), always after the deltas it counts, and a heartbeat comment every 15 s;
 * - at start, the cluster's `/version` is read (`identify()`), and read again whenever a watch
 *   loop lists another cluster at the address (another kube-system uid): `info.simulated` says
 *   what it last answered (lib/k8s/cluster-identity.ts), and clients holding a snapshot that
 *   said otherwise get a fresh one;
 * - Events stay on the server (the timeline reads them from the cache): the map does not draw
 *   them, and on a busy cluster they are most of the churn a stream would carry;
 * - a kind that becomes forbidden (403) is emptied in the cache: what it held can no longer be
 *   kept current, and the page says why it is missing (lib/k8s/forbidden.ts);
 * - what the metrics count is counted here (lib/ops/metrics.ts): watch events, relists, 410s and
 *   restarts per kind, and how long a change waited before its frame went to the streams;
 * - a hub given `recorded` records (an incident snapshot, lib/k8s/snapshot-source.ts) has no
 *   cluster: `start()` puts the records in the cache once — no watch, no `/version` read, no
 *   request of any kind — and they never change; its info is the recording's and its sync state
 *   `snapshot`, every kind synced with its count; `identify()` refuses (there is nothing to ask),
 *   so nothing is looked up or probed on its behalf: its ExternalNames are answered from the
 *   recording's own DNS answers (`recordedDns`).
 */
import { accessSummary, visibleRecords, type AccessScope } from '../access/scope';
import { unreadKinds } from '../topology/judgeable';
import { errorMessage } from '../error-message';
import { opsMetrics } from '../ops/metrics';
import type { RecordKind, SlimRecord, ClusterSnapshot } from '../topology/records';
import type { ClusterInfo, SyncState } from '../stream/protocol';
import type { SnapshotFile, SnapshotTrail } from '../api/history';
import {
  encodeHeartbeat,
  encodeReconnect,
  encodeSnapshotPieces,
  encodeStreamEvent,
} from '../stream/sse';
import { ClusterCache, type ChangeBatch, type RecordRef } from './cache';
import { readClusterIdentity, type ClusterIdentity } from './cluster-identity';
import { ChangeCoalescer } from './coalescer';
import type { ClusterConnection } from './connection';
import { Fanout, type FanoutOptions, type Subscription } from './fanout';
import { WATCHED_KINDS, type KindSpec } from './kinds';
import { deltaBatch, publishBatch, type FrameVersion } from './delta-frames';
import { ScopedStreams, scopedSync } from './scoped-streams';
import { InternPool, slimmer } from './slim';
import { isSynced, pendingKinds, statusKey, syncStateOf } from './sync-state';
import { createKubeTransport, type KubeTransport } from './transport';
import {
  WatchLoop,
  type WatchLoopOptions,
  type WatchLoopState,
  type WatchObservation,
} from './watch-loop';

export type { Subscription } from './fanout';

/** Records recorded elsewhere, served instead of a cluster's (see the header). */
export interface RecordedRecords {
  info: ClusterInfo;
  records: readonly SlimRecord[];
  /** What changed before the recorded instant, when the file carries it. */
  trail?: SnapshotTrail;
  /** The DNS answers the recording was diagnosed with, when the file carries them. */
  dns?: SnapshotFile['dns'];
}

export interface HubOptions extends FanoutOptions {
  connection: ClusterConnection;
  /** Serve these records instead of watching the connection's cluster (see the header). */
  recorded?: RecordedRecords;
  transport?: KubeTransport;
  kinds?: readonly KindSpec[];
  /** Longest a change waits to be coalesced with others (one frame). */
  tickMs?: number;
  /** A batch is sent once no change has arrived for this long (default 2 ms). */
  coalesceIdleMs?: number;
  heartbeatMs?: number;
  /** Records per frame, so one relist never becomes one giant frame. */
  recordsPerFrame?: number;
  /** Frames of protocol version 2 (patches; default) or 1 (whole records: a benchmark baseline). */
  frameVersion?: FrameVersion;
  /** Passed to every watch loop (tests shorten timers here). */
  loop?: Partial<
    Pick<
      WatchLoopOptions<SlimRecord>,
      | 'backoff'
      | 'hangTimeoutMs'
      | 'quietProbeMs'
      | 'watchTimeoutSeconds'
      | 'pageSize'
      | 'minWatchMs'
      | 'random'
      | 'clock'
      | 'forbiddenRetryMs'
    >
  >;
  /** Status frames carrying only new counts are sent at most this often. */
  countStatusIntervalMs?: number;
  log?: (message: string) => void;
}

export interface SubscribeOptions {
  lastEventId?: string | null;
  /** What the viewer may see (lib/access/scope.ts); absent or `EVERYTHING`: the whole cluster. */
  scope?: AccessScope;
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
  /** Distinct scopes of signed-in people with a fan-out of their own. */
  scopes: number;
}

const encoder = new TextEncoder();

/** Events are the timeline's, never streamed (see the header). */
const streamed = (kind: RecordKind) => kind !== 'Event';

export class Hub {
  readonly cache = new ClusterCache();
  private readonly opts: HubOptions;
  private readonly kinds: readonly KindSpec[];
  private readonly loops = new Map<RecordKind, WatchLoop<SlimRecord>>();
  private readonly loopStates = new Map<RecordKind, WatchLoopState>();
  private readonly fanout: Fanout;
  /** Signed-in people's streams, one fan-out per scope (the unfiltered ones use `fanout`). */
  private readonly scoped: ScopedStreams;
  private readonly coalescer: ChangeCoalescer;
  private started = false;
  private stopped = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastStatusKey = '';
  private lastStatusSentAt = 0;
  private statusCountsDirty = false;
  private syncWaiters: (() => void)[] = [];
  private sharedTransport: KubeTransport | undefined;
  private identity: ClusterIdentity | undefined;
  private identifying: Promise<ClusterIdentity> | undefined;
  /** The cluster the watch loops last listed (its kube-system uid), once one said. */
  private listedCluster: string | undefined;
  /** Per kind, when its oldest change not yet sent as a frame reached the cache. */
  private readonly changedSince = new Map<RecordKind, number>();

  constructor(options: HubOptions) {
    // Every metric of this hub (watches, streams) is labelled with its cluster.
    options = { ...options, cluster: options.cluster ?? options.connection.info.name };
    this.opts = options;
    this.kinds = options.kinds ?? WATCHED_KINDS;
    this.fanout = new Fanout(
      options,
      (id) => encodeSnapshotPieces(this.info, this.getSyncState(), this.streamedRecords(), id),
      () => this.flush(),
    );
    this.scoped = new ScopedStreams(options, {
      snapshot: (scope, id) =>
        encodeSnapshotPieces(
          this.infoFor(scope),
          this.syncFor(scope),
          visibleRecords(scope, this.streamedRecords()),
          id,
        ),
      status: (scope) => this.statusBytes(this.syncFor(scope)),
      settle: () => this.flush(),
    });
    this.coalescer = new ChangeCoalescer(
      { tickMs: options.tickMs, idleMs: options.coalesceIdleMs },
      (upserts, deletes, previous) => this.emitFrames(upserts, deletes, previous),
    );
    this.cache.subscribe((batch) => this.onChange(batch));
  }

  /** The cluster's id (the registry's, else the context name): the `cluster` label of its metrics. */
  get clusterId(): string {
    return this.opts.cluster!;
  }

  /** A recorded snapshot's trail of the time before its instant (lib/history/server.ts). */
  get recordedTrail(): SnapshotTrail | undefined {
    return this.opts.recorded?.trail;
  }

  /** A recorded snapshot's DNS answers for its ExternalName targets (lib/diagnostics/server.ts). */
  get recordedDns(): SnapshotFile['dns'] {
    return this.opts.recorded?.dns;
  }

  /** What browsers are told about the cluster; `simulated` as its `/version` says once read. */
  get info(): ClusterInfo {
    if (this.opts.recorded) return this.opts.recorded.info;
    const base = this.opts.connection.info;
    return this.identity ? { ...base, simulated: this.identity.simulated } : base;
  }

  /** What a viewer with `scope` is told: the cluster, and what they themselves may see. */
  infoFor(scope: AccessScope): ClusterInfo {
    const names = this.cache.list('Namespace').map((n) => n.meta.name);
    const access = accessSummary(scope, names);
    return access ? { ...this.info, access } : this.info;
  }

  private transport(): KubeTransport {
    this.sharedTransport ??=
      this.opts.transport ?? createKubeTransport(this.opts.connection.kubeConfig);
    return this.sharedTransport;
  }

  /**
   * What the cluster says it is (lib/k8s/cluster-identity.ts), read through the watch transport
   * at connect time and again when another cluster is found answering at the address (see
   * `onLoopState`). A failed read is forgotten, so the next question (or the next completed
   * sync) asks again; until one succeeds, callers must treat the cluster as unknown. A read
   * overtaken by a newer one answers what the newer one answers: it may have asked the cluster
   * that was replaced.
   */
  identify(): Promise<ClusterIdentity> {
    if (this.opts.recorded) {
      return Promise.reject(
        new Error('a recorded snapshot, not a cluster: there is no cluster to ask'),
      );
    }
    if (this.identifying) return this.identifying;
    const reading: Promise<ClusterIdentity> = readClusterIdentity(this.transport()).then(
      (identity) => {
        if (this.identifying !== reading) return this.identify();
        const before = this.info.simulated;
        this.identity = identity;
        // Clients that already hold a snapshot with the other answer start again from one.
        if (identity.simulated !== before) {
          if (this.fanout.size > 0) this.fanout.resnapshotAll();
          this.scoped.resnapshotAll();
        }
        return identity;
      },
      (error: unknown) => {
        if (this.identifying !== reading) return this.identify();
        this.identifying = undefined;
        throw error;
      },
    );
    this.identifying = reading;
    return reading;
  }

  /** Start the identity read and the watch loops (idempotent). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.opts.recorded) return this.startRecorded(this.opts.recorded.records);
    this.identify().catch((error: unknown) =>
      this.opts.log?.(`cannot read the cluster's /version yet: ${errorMessage(error)}`),
    );
    const transport = this.transport();
    const pool = new InternPool();
    for (const spec of this.kinds) {
      const loop = new WatchLoop<SlimRecord>({
        ...this.opts.loop,
        transport,
        listPath: spec.listPath,
        expectedKind: spec.kind,
        transform: slimmer(spec.kind, pool),
        log: this.opts.log,
        observe: (o) => observeWatch(this.clusterId, spec.kind, o),
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

  /** The recorded records into the cache, once; every kind settled as listed (see the header). */
  private startRecorded(records: readonly SlimRecord[]): void {
    const byKind = new Map<RecordKind, SlimRecord[]>();
    for (const record of records) {
      const list = byKind.get(record.kind) ?? [];
      list.push(record);
      byKind.set(record.kind, list);
    }
    // Settled first, so filling the cache is not taken for initial-sync progress.
    for (const spec of this.kinds) {
      const listed = byKind.get(spec.kind)?.length ?? 0;
      this.loopStates.set(spec.kind, { phase: 'stopped', synced: true, listed });
    }
    for (const spec of this.kinds) this.cache.replace(spec.kind, byKind.get(spec.kind) ?? []);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.opts.heartbeatMs ?? 15_000);
    this.heartbeatTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.loops.values()].map((l) => l.stop()));
    clearInterval(this.heartbeatTimer);
    this.coalescer.stop();
    clearTimeout(this.statusTimer);
    this.fanout.closeAll();
    this.scoped.closeAll();
    for (const w of this.syncWaiters.splice(0)) w();
  }

  // ---- sync state --------------------------------------------------------------------------

  private onLoopState(kind: RecordKind, state: WatchLoopState): void {
    const was = this.loopStates.get(kind);
    this.loopStates.set(kind, state);
    if (state.forbidden && !was?.forbidden && this.cache.size(kind) > 0) {
      this.cache.replace(kind, []);
    }
    this.scheduleStatus(false);
    // A loop listed another cluster than the last one listed: another cluster answers at the
    // address (restored, or replaced by one of another kind). Whether it is simulated decides
    // whether anything is probed or looked up on its behalf, so it is read again now, not kept
    // from the first cluster; meanwhile `identify()` waits for the new answer.
    if (state.cluster !== undefined && state.cluster !== was?.cluster) {
      const replaced = this.listedCluster !== undefined && this.listedCluster !== state.cluster;
      this.listedCluster = state.cluster;
      if (replaced) {
        this.identifying = undefined;
        this.identify().catch((error: unknown) =>
          this.opts.log?.(`cannot read the new cluster's /version yet: ${errorMessage(error)}`),
        );
      }
    }
    if (!this.isSynced()) return;
    // The cluster answers now: if /version could not be read at start, read it again.
    if (!this.identity && !this.identifying) this.identify().catch(() => undefined);
    for (const w of this.syncWaiters.splice(0)) w();
  }

  /** Each watched kind's loop state (for metrics). */
  watchStates(): ReadonlyMap<RecordKind, WatchLoopState> {
    return this.loopStates;
  }

  /** True once every required kind has completed a list (or is forbidden: settled, degraded). */
  isSynced(): boolean {
    return isSynced(this.kinds, this.loopStates);
  }

  pendingKinds(): RecordKind[] {
    return pendingKinds(this.kinds, this.loopStates);
  }

  getSyncState(): SyncState {
    const sync = syncStateOf(this.kinds, this.loopStates, (kind) => this.cache.size(kind));
    return this.opts.recorded ? { ...sync, connection: 'snapshot' } : sync;
  }

  /** The sync state as `scope` may see it: its counts are of what it sees. */
  syncFor(scope: AccessScope): SyncState {
    return scopedSync(
      this.getSyncState(),
      scope,
      (kind) => visibleRecords(scope, this.cache.list(kind)).length,
    );
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

  /**
   * The cache's records as a snapshot, with the kinds not read yet (`unread`, from the sync
   * state: lib/topology/judgeable.ts), so nothing diagnosed from it takes a kind still being
   * listed — or one the dashboard may not list — for an empty one.
   */
  getClusterSnapshot(): ClusterSnapshot {
    this.start();
    const snapshot = this.cache.snapshot();
    const unread = this.unreadKinds();
    if (unread.length) snapshot.unread = unread;
    return snapshot;
  }

  /** The kinds of a snapshot not read yet: first list not complete, or forbidden to us. */
  unreadKinds(): RecordKind[] {
    return unreadKinds(this.getSyncState());
  }

  /** The records browsers get: everything but Events. */
  streamedRecords(): SlimRecord[] {
    return this.cache.records().filter((r) => streamed(r.kind));
  }

  stats(): HubStats {
    const totals = { upstreamWatches: 0, watchRequests: 0, listRequests: 0, relists: 0, hangs: 0 };
    let foreignObjects = 0;
    for (const l of this.loops.values()) {
      if (l.stats.watchOpen) totals.upstreamWatches++;
      totals.watchRequests += l.stats.watchRequests;
      totals.listRequests += l.stats.listRequests;
      totals.relists += l.stats.relists;
      totals.hangs += l.stats.hangs;
      foreignObjects += l.stats.foreignObjects;
    }
    const scoped = this.scoped.stats();
    return {
      subscribers: this.fanout.size + this.scoped.size,
      ...totals,
      foreignObjects,
      seq: this.fanout.lastId,
      bufferedFrames: this.fanout.bufferedFrames + scoped.bufferedFrames,
      resets: this.fanout.resets + scoped.resets,
      framesSent: this.fanout.framesSent + scoped.framesSent,
      scopes: this.scoped.scopes,
    };
  }

  // ---- deltas and status frames ------------------------------------------------------------

  private onChange(batch: ChangeBatch): void {
    const now = performance.now();
    for (const r of batch.upserts)
      if (!this.changedSince.has(r.kind)) this.changedSince.set(r.kind, now);
    for (const r of batch.deletes)
      if (!this.changedSince.has(r.kind)) this.changedSince.set(r.kind, now);
    this.coalescer.add({
      upserts: batch.upserts.filter((r) => streamed(r.kind)),
      deletes: batch.deletes.filter((d) => streamed(d.kind)),
      previous: batch.previous,
    });
    // Counts are progress during the initial sync; afterwards the deltas carry them.
    if (!this.isSynced()) this.scheduleStatus(true);
  }

  /** Emit the coalesced changes as frames now. */
  flush(): void {
    this.coalescer.flush();
  }

  private emitFrames(
    upserts: SlimRecord[],
    deletes: RecordRef[],
    previous: ReadonlyMap<string, SlimRecord>,
  ): void {
    const per = this.opts.recordsPerFrame ?? 1000;
    const version = this.opts.frameVersion ?? 2;
    const since = [...this.changedSince];
    this.changedSince.clear();
    const listening = this.fanout.size + this.scoped.size > 0;
    // Nobody listening and too big to replay: every fan-out starts a new window; nothing to diff.
    const diffs = listening || upserts.length + deletes.length <= 5 * per ? previous : new Map();
    const batch = deltaBatch(upserts, deletes, diffs, version);
    this.scoped.publish(batch, per, version);
    // Latency to the streams is only meaningful when someone is listening.
    if (listening) {
      const now = performance.now();
      for (const [kind, at] of since) {
        if (streamed(kind)) {
          opsMetrics().changeToSse.observe({ cluster: this.clusterId, kind }, (now - at) / 1000);
        }
      }
    }
    publishBatch(this.fanout, batch, per, version);
  }

  private statusBytes(sync = this.getSyncState()): Uint8Array {
    return encoder.encode(encodeStreamEvent({ type: 'status', sync }));
  }

  private scheduleStatus(countsOnly: boolean): void {
    if (countsOnly) this.statusCountsDirty = true;
    if (this.statusTimer) return;
    const key = statusKey(this.getSyncState());
    const interval = this.opts.countStatusIntervalMs ?? 1000;
    const delay =
      key !== this.lastStatusKey ? 0 : Math.max(0, this.lastStatusSentAt + interval - Date.now());
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
    this.lastStatusKey = statusKey(sync);
    this.lastStatusSentAt = Date.now();
    this.statusCountsDirty = false;
    this.scoped.broadcastStatus();
    if (this.fanout.size === 0) return;
    this.fanout.broadcast(this.statusBytes(sync));
  }

  private heartbeat(): void {
    if (this.statusCountsDirty) this.scheduleStatus(true);
    const beat = encoder.encode(encodeHeartbeat());
    this.fanout.heartbeat(beat);
    this.scoped.heartbeat(beat);
  }

  // ---- clients -----------------------------------------------------------------------------

  /**
   * The server is going away: pending changes go out, then every stream (and any opened from
   * now on) gets a `reconnect` frame and is closed. The watches keep running until exit.
   */
  drain(): void {
    this.flush();
    const reconnect = encoder.encode(
      encodeReconnect('This dashboard server is shutting down; reconnecting.'),
    );
    this.fanout.drain(reconnect);
    this.scoped.drain(reconnect);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    this.start();
    this.flush();
    const { scope } = options;
    if (scope && !scope.everything) return this.scoped.subscribe(scope, options.lastEventId);
    return this.fanout.subscribe(options.lastEventId, () => this.statusBytes());
  }

  /**
   * The viewer of an open stream now has `scope`: it moves to that scope's frames, starting from
   * its snapshot. False when the stream is already closed.
   */
  rescope(subscription: Subscription, scope: AccessScope): boolean {
    this.flush();
    return subscription.moveTo(scope.everything ? this.fanout : this.scoped.fanoutOf(scope));
  }
}

function observeWatch(cluster: string, kind: RecordKind, o: WatchObservation): void {
  const m = opsMetrics();
  switch (o.what) {
    case 'event':
      m.watchEvents.inc({ cluster, kind, type: o.type });
      break;
    case 'relist':
      m.watchRelists.inc({ cluster, kind });
      break;
    case 'gone':
      m.watchGone.inc({ cluster, kind });
      break;
    case 'restart':
      m.watchRestarts.inc({ cluster, kind });
      break;
  }
}
