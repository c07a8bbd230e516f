import 'server-only';
/**
 * Our own list+watch loop for one resource kind (a client-go reflector in miniature).
 *
 * Contract (what client-go's reflector does, which a long-running dashboard needs too):
 * - initial list paged with `limit` (500) and `continue`; an expired continue token (410 during
 *   a paged list) restarts the list from the top;
 * - watch from the list's resourceVersion with `allowWatchBookmarks=true` and a random
 *   `timeoutSeconds` in 300–600; a clean end at that timeout re-watches at once from the last RV
 *   seen, while one the server chose earlier (it is shutting down or being replaced) is lost
 *   contact and lists again;
 * - 410 (an ERROR event with code 410, or HTTP 410) or 504 "Too large resource version" → relist
 *   at once; any connection-level failure (refused, reset, hung, cut short) → relist after the
 *   backoff (lib/k8s/watch-events.ts `mustRelist`: a cluster restarted or replaced at the same
 *   address must never be watched from the old one's resourceVersion). The sink receives the
 *   whole fresh list through `replace`, and the cache diffs it, so unchanged objects are never
 *   re-emitted;
 * - a hung peer, judged by the server's progress, not by silence alone (a healthy quiet watch
 *   hears only a bookmark about once a minute): a request silent for `quietProbeMs` (30 s) makes
 *   the loop ask whether the server is alive (`transport.ping`, shared by every loop on that
 *   transport) and, for a watch, whether the server has changes since the watch's
 *   resourceVersion (`transport.changedSince`). No answer within its timeout → a frozen server,
 *   noticed within about 40 s; changes this connection did not bring → a dead connection to a
 *   live server, noticed within about 32 s of its last byte; either is aborted and retried. Alive
 *   with nothing new → left alone, so quiet healthy watches are never restarted. `hangTimeoutMs`
 *   (75 s, above the bookmark interval) is only a backstop;
 * - once a watch is open, the cluster answering must be the one the resourceVersion came from
 *   (`transport.clusterUid`, read before each list and after each watch opens): otherwise list
 *   again — a cluster replaced at the same address would accept the old resourceVersion;
 * - every failure schedules a retry with jittered exponential backoff (0.8 s → 30 s), reset when a
 *   list completes or an open watch delivers its first line (not merely when it opens: a server
 *   that accepts and drops every watch keeps backing off); the loop only ends with `stop()`;
 * - a 403 on list or watch is a state, not a failure to hammer: `forbidden` is set (logged once
 *   when it starts and once when it ends), retries wait at least `forbiddenRetryMs` (RBAC may be
 *   granted later, and the kind then syncs without a restart);
 * - `observe` hears what the metrics count: relists, 410s (gone), restarts after a failure, and
 *   every watch event by type.
 * The loop holds no objects of its own: list items are transformed (slimmed) one by one as a
 * page's text arrives (lib/k8s/list-page.ts), never a whole page's text or raw objects at once.
 * Clock, timers and randomness are injectable for tests (lib/k8s/watch-timing.ts); each request
 * is hang-guarded (lib/k8s/watch-request.ts); the stream's lines are read by lib/k8s/watch-events.ts.
 */
import type http from 'node:http';
import {
  describeClusterError,
  errorFromResponse,
  KubeApiError,
  type KubeTransport,
} from './transport';
import {
  mustRelist,
  parseWatchLine,
  relistAtOnce,
  type RawObject,
  type WatchEventType,
} from './watch-events';
import { ListPageParser } from './list-page';
import { HangError, guardedGet } from './watch-request';
import {
  DEFAULT_BACKOFF,
  DEFAULT_HANG_TIMEOUT_MS,
  DEFAULT_QUIET_PROBE_MS,
  backoffDelay,
  realClock,
  type BackoffOptions,
  type Clock,
} from './watch-timing';

export interface WatchLoopState {
  phase: 'listing' | 'watching' | 'backoff' | 'stopped';
  /** True once a list has completed (stays true through later relists). */
  synced: boolean;
  /** Objects received so far by the list in progress (initial-sync progress). */
  listed: number;
  /** The last failure, until a watch is open again. */
  error?: string;
  /** When the loop last had no open watch after having had one (for "stale since"). */
  disconnectedSince?: number;
  /** The last list or watch was refused with 403: RBAC does not let us read this kind. */
  forbidden?: boolean;
  /**
   * Which cluster the last list came from (`transport.clusterUid`: its kube-system namespace's
   * uid), when it said: a new value means another cluster answers at the address.
   */
  cluster?: string;
}

/** What a loop reports for counting (lib/ops/metrics.ts). */
export type WatchObservation =
  { what: 'relist' | 'gone' | 'restart' } | { what: 'event'; type: WatchEventType };

export interface WatchSink<T> {
  /** A complete, consistent list of the kind: replaces everything held for it. */
  replace(items: T[], resourceVersion: string): void;
  event(type: WatchEventType, item: T): void;
  state?(state: WatchLoopState): void;
}

export interface WatchLoopOptions<T> {
  transport: KubeTransport;
  /** All-namespaces collection path, e.g. `/api/v1/pods`. */
  listPath: string;
  /**
   * The `kind` watch objects must carry; objects of another kind are dropped and counted
   * (a real apiserver never sends them; a buggy server or proxy must not corrupt the cache).
   */
  expectedKind?: string;
  /** raw object → what the sink keeps; undefined drops the object. */
  transform: (raw: RawObject) => T | undefined;
  sink: WatchSink<T>;
  pageSize?: number;
  /** Range of the watch's `timeoutSeconds` (client-go: 300–600). */
  watchTimeoutSeconds?: [number, number];
  backoff?: Partial<BackoffOptions>;
  /** No bytes for this long on a list or watch → hung. Apiserver bookmarks come ~every 60 s. */
  hangTimeoutMs?: number;
  /** No bytes for this long → ask the server whether it is alive (`transport.ping`). */
  quietProbeMs?: number;
  /** A watch that ends cleanly this soon with no events is an error (client-go "very short watch"). */
  minWatchMs?: number;
  random?: () => number;
  clock?: Clock;
  log?: (message: string) => void;
  /** Least wait before re-checking a forbidden kind (default 30 s). */
  forbiddenRetryMs?: number;
  observe?: (observation: WatchObservation) => void;
}

export interface WatchLoopStats {
  listRequests: number;
  /** Completed lists after the first (410s, restarts). */
  relists: number;
  continueRestarts: number;
  watchRequests: number;
  hangs: number;
  errors: number;
  /** Watch objects of another kind than `expectedKind`, dropped. */
  foreignObjects: number;
  /** Is a watch response open right now. */
  watchOpen: boolean;
  resourceVersion?: string;
}

class StoppedError extends Error {}

/** The cluster that answers is not the one the resourceVersion came from: list again now. */
class ClusterReplacedError extends Error {}

/** A watch that ends this much before its `timeoutSeconds` was ended by the server. */
const EARLY_END_MARGIN_MS = 5_000;

export class WatchLoop<T> {
  private readonly opts: WatchLoopOptions<T>;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly hangTimeoutMs: number;
  private readonly quietProbeMs: number;
  private stopped = false;
  private running: Promise<void> | undefined;
  /**
   * Aborted by `stop()`; every request the loop makes follows it. One signal for all, not "the
   * current request": the identity check runs while a watch's response is open, and stopping
   * must end both, whichever started last.
   */
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  private attempt = 0;
  private rv: string | undefined;
  /** The cluster the last list came from (`transport.clusterUid`), when it said. */
  private listedCluster: string | undefined;
  private state: WatchLoopState = { phase: 'listing', synced: false, listed: 0 };
  readonly stats: WatchLoopStats = {
    listRequests: 0,
    relists: 0,
    continueRestarts: 0,
    watchRequests: 0,
    hangs: 0,
    errors: 0,
    foreignObjects: 0,
    watchOpen: false,
  };

  constructor(options: WatchLoopOptions<T>) {
    this.opts = options;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.hangTimeoutMs = options.hangTimeoutMs ?? DEFAULT_HANG_TIMEOUT_MS;
    this.quietProbeMs = options.quietProbeMs ?? DEFAULT_QUIET_PROBE_MS;
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run();
  }

  /** Abort any request in flight and end the loop; resolves when it has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort(new StoppedError('stopped'));
    this.wake?.();
    await this.running;
    this.setState({ phase: 'stopped' });
  }

  getState(): WatchLoopState {
    return this.state;
  }

  private setState(patch: Partial<WatchLoopState>): void {
    this.state = { ...this.state, ...patch };
    this.opts.sink.state?.(this.state);
  }

  private allowedAgain(): void {
    if (this.state.forbidden) this.opts.log?.(`${this.opts.listPath}: allowed again`);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.rv === undefined) await this.list();
        const result = await this.watchOnce();
        if (result.events === 0 && result.durationMs < (this.opts.minWatchMs ?? 1000)) {
          throw new Error('watch closed immediately with no events');
        }
        // A clean end at the timeout we asked for: resume at once from the last RV (the watch
        // checks, once open, that the same cluster answers). Earlier, the server ended it (a
        // restart, an upgrade, a replacement): list again, as after any loss.
        if (result.endedEarly) this.rv = undefined;
      } catch (err) {
        if (this.stopped) break;
        this.stats.errors++;
        this.opts.observe?.({ what: 'restart' });
        if (err instanceof HangError) this.stats.hangs++;
        if (relistAtOnce(err)) this.opts.observe?.({ what: 'gone' });
        if (mustRelist(err)) this.rv = undefined;
        const forbidden = err instanceof KubeApiError && err.status === 403;
        let delay =
          relistAtOnce(err) || err instanceof ClusterReplacedError
            ? 0
            : backoffDelay(this.attempt++, this.random(), this.backoff);
        if (forbidden) delay = Math.max(delay, this.opts.forbiddenRetryMs ?? 30_000);
        const message = describeClusterError(err, this.opts.transport.server);
        // A forbidden kind is logged when it becomes forbidden, not at every re-check.
        if (!forbidden || !this.state.forbidden) {
          this.opts.log?.(`${this.opts.listPath}: ${message}; retry in ${Math.round(delay)} ms`);
        }
        this.setState({
          phase: 'backoff',
          error: message,
          forbidden,
          disconnectedSince: this.state.disconnectedSince ?? this.clock.now(),
        });
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        this.clock.clearTimeout(handle);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Which cluster answers now (`transport.clusterUid`); abortable by `stop()`. */
  private async readCluster(): Promise<string | undefined> {
    const { transport } = this.opts;
    if (!transport.clusterUid) return undefined;
    const { abort, release } = this.requestAbort();
    try {
      return await transport.clusterUid(abort.signal);
    } catch (err) {
      throw abort.signal.aborted ? abort.signal.reason : err;
    } finally {
      release();
    }
  }

  /** A controller for one request, aborted when the loop stops (`release` when it is done). */
  private requestAbort(): { abort: AbortController; release: () => void } {
    if (this.stopped) throw new StoppedError('stopped');
    const abort = new AbortController();
    const { signal } = this.stopping;
    const onStop = () => abort.abort(signal.reason);
    signal.addEventListener('abort', onStop, { once: true });
    return { abort, release: () => signal.removeEventListener('abort', onStop) };
  }

  /**
   * Is the cluster answering now the one the resourceVersion came from? Asked once a watch is
   * open (so the answer comes from whichever cluster accepted it): a cluster replaced at the same
   * address between the list or the last watch and this one would accept the old one's
   * resourceVersion and leave the cache on the old cluster for good. Unknown both
   * times (not allowed to read namespaces): resume, as client-go's reflector does; known once
   * and not the other time (a server stopping answers oddly): list again, nothing vouches.
   */
  private async sameCluster(): Promise<boolean> {
    const now = await this.readCluster();
    if (now === this.listedCluster) return true;
    this.opts.log?.(
      `${this.opts.listPath}: another cluster answers at this address; listing again`,
    );
    return false;
  }

  /** One hang-guarded GET (lib/k8s/watch-request.ts) that `stop()` can abort. */
  private async request(
    path: string,
    onResponse: (res: http.IncomingMessage) => Promise<boolean>,
    onText: (text: string) => void,
    progress?: (signal: AbortSignal) => Promise<boolean>,
  ): Promise<void> {
    const { abort, release } = this.requestAbort();
    const { transport } = this.opts;
    try {
      await guardedGet(
        {
          transport,
          clock: this.clock,
          hangTimeoutMs: this.hangTimeoutMs,
          quietProbeMs: this.quietProbeMs,
          progress,
          abort,
        },
        path,
        onResponse,
        onText,
      );
    } finally {
      release();
    }
  }

  private async list(): Promise<void> {
    const pageSize = this.opts.pageSize ?? 500;
    let restarts = 0;
    // Read before the list: a replacement in between then shows as a change at the next check.
    const cluster = await this.readCluster();
    // Restart from the first page when a continue token expires mid-list (apiserver 410).
    for (;;) {
      const items: T[] = [];
      let cont: string | undefined;
      let listRv: string | undefined;
      let expired = false;
      this.setState({ phase: 'listing', listed: 0 });
      do {
        const query = new URLSearchParams({ limit: String(pageSize) });
        if (cont) query.set('continue', cont);
        this.stats.listRequests++;
        // Items are slimmed one by one as the page's text arrives (lib/k8s/list-page.ts): the
        // page's text and raw objects are never held whole.
        const page = new ListPageParser((raw) => {
          const item = this.opts.transform(raw as RawObject);
          if (item !== undefined) items.push(item);
        });
        await this.request(
          `${this.opts.listPath}?${query}`,
          async (res) => {
            if (res.statusCode === 410 && cont) {
              res.resume();
              expired = true;
              return false;
            }
            if (res.statusCode !== 200)
              throw await errorFromResponse(res, `list ${this.opts.listPath}`);
            return true;
          },
          (text) => page.write(text),
        );
        if (expired) break;
        const { metadata } = page.end() as {
          metadata?: { resourceVersion?: string; continue?: string };
        };
        cont = metadata?.continue || undefined;
        listRv = metadata?.resourceVersion;
        this.setState({ listed: items.length });
      } while (cont);
      if (expired) {
        this.stats.continueRestarts++;
        if (++restarts > 3)
          throw new Error(`list ${this.opts.listPath}: continue token kept expiring`);
        continue;
      }
      if (!listRv) throw new Error(`list ${this.opts.listPath}: no resourceVersion in the list`);
      if (this.state.synced) {
        this.stats.relists++;
        this.opts.observe?.({ what: 'relist' });
      }
      this.opts.sink.replace(items, listRv);
      this.rv = listRv;
      this.listedCluster = cluster;
      this.attempt = 0;
      this.allowedAgain();
      this.setState({ synced: true, listed: items.length, forbidden: false, cluster });
      return;
    }
  }

  private async watchOnce(): Promise<{ events: number; durationMs: number; endedEarly: boolean }> {
    const [lo, hi] = this.opts.watchTimeoutSeconds ?? [300, 600];
    const timeoutSeconds = Math.floor(lo + this.random() * (hi - lo));
    const query = new URLSearchParams({
      watch: 'true',
      allowWatchBookmarks: 'true',
      resourceVersion: this.rv ?? '',
      timeoutSeconds: String(timeoutSeconds),
    });
    let pending = '';
    let events = 0;
    let connectedAt = this.clock.now();
    this.stats.watchRequests++;
    const { transport, listPath } = this.opts;
    // A quiet watch is judged by the server's progress since our resourceVersion, not by silence.
    const progress = transport.changedSince
      ? (signal: AbortSignal) =>
          this.rv === undefined
            ? Promise.resolve(false)
            : transport.changedSince!(listPath, this.rv, signal)
      : undefined;
    try {
      await this.request(
        `${this.opts.listPath}?${query}`,
        async (res) => {
          if (res.statusCode !== 200)
            throw await errorFromResponse(res, `watch ${this.opts.listPath}`);
          if (!(await this.sameCluster())) {
            this.rv = undefined;
            throw new ClusterReplacedError(
              `another cluster answers at ${transport.server}; listing again`,
            );
          }
          connectedAt = this.clock.now();
          this.stats.watchOpen = true;
          this.allowedAgain();
          this.setState({
            phase: 'watching',
            error: undefined,
            disconnectedSince: undefined,
            forbidden: false,
          });
          return true;
        },
        (text) => {
          pending += text;
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line) {
              this.handleLine(line);
              // The watch works (it delivered something): the next failure starts backoff anew.
              if (events++ === 0) this.attempt = 0;
            }
          }
        },
        progress,
      );
      if (pending.trim()) {
        this.handleLine(pending.trim());
        events++;
      }
    } finally {
      this.stats.watchOpen = false;
      this.stats.resourceVersion = this.rv;
    }
    const durationMs = this.clock.now() - connectedAt;
    return {
      events,
      durationMs,
      endedEarly: durationMs < timeoutSeconds * 1000 - EARLY_END_MARGIN_MS,
    };
  }

  private handleLine(line: string): void {
    const parsed = parseWatchLine(line, this.opts.listPath);
    if (parsed.kind === 'object') {
      const { object } = parsed;
      const expected = this.opts.expectedKind;
      if (expected && object.kind && object.kind !== expected) {
        if (this.stats.foreignObjects++ === 0) {
          this.opts.log?.(`${this.opts.listPath}: watch sent a ${object.kind}; ignored`);
        }
        return;
      }
      this.opts.observe?.({ what: 'event', type: parsed.type });
      const item = this.opts.transform(object);
      if (item !== undefined) this.opts.sink.event(parsed.type, item);
    }
    const rv =
      parsed.kind === 'object' ? parsed.object.metadata?.resourceVersion : parsed.resourceVersion;
    if (rv) this.rv = rv;
  }
}
