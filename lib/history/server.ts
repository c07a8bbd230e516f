import 'server-only';
/**
 * The server process's Service history: in memory (no history settings, or --no-history), or
 * durable — restored from the store at start, then every new entry handed to the batching
 * writer — and retention run in the background.
 *
 * Contract:
 * - `serverHistory(hub)` is get-or-create, one per cluster hub (kept on globalThis like the hubs):
 *   `current()` is the ServiceHistory the timeline reads; in durable mode it is an empty,
 *   unattached one until the stored facts are loaded (seconds), then the restored one, attached
 *   to the cache (lib/diagnostics/attach-history.ts) so the cache's present state is compared
 *   with the stored one and what changed while the process was down is recorded;
 * - a PGlite directory another live process holds rejects `ready` with `DirLockedError` (the
 *   caller stops the process with its message); a PostgreSQL that does not answer at start is
 *   not fatal: the trail starts empty and its facts queue (bounded) until the database answers;
 * - durable, the stored trail is read back and attached once the hub has listed every required
 *   kind, never before: several replicas may start together on one database, and each writes
 *   baselines only of a whole listing, so each reads back whole baselines (or none) and derives
 *   the same facts as the others; reading the database (`entriesBetween`, the journal's older
 *   instants) waits only for the store;
 * - the cache, hub and streams never wait for the database: the trail hands facts to the
 *   writer synchronously (writer.ts), drops are counted in `switchboard_history_dropped_facts_total`
 *   and reported by `gap()`;
 * - `journal` is the record journal of the whole map (journal.ts): in memory it is fed straight
 *   from the cache (record-feed.ts), bounded to 24 h / 200,000 changes; durable, its facts and
 *   checkpoints go through the same batching writer as the trail's, retention and size cap
 *   included, and it reads the instants this process saw from memory and older ones from the
 *   database (tiered-journal.ts);
 * - a recorded snapshot's hub keeps its trail in memory, dated at the snapshot's instant and
 *   restored first from the file's trail of the time before it, when it has one;
 * - `closeServerHistory()` (the SIGTERM drain) writes what is queued, bounded, and closes the
 *   store, releasing the directory lock.
 */
import type { HistoryGap } from '../api/diagnostics';
import { attachHistory } from '../diagnostics/attach-history';
import { ServiceHistory, type TrailItem } from '../diagnostics/service-history';
import { errorMessage } from '../error-message';
import type { Hub } from '../k8s/hub';
import { opsMetrics } from '../ops/metrics';
import type { SqlDriver } from './driver';
import type { StoredHistory } from './facts';
import { MemoryJournal, type RecordJournal } from './journal';
import { openPglite } from './pglite-driver';
import type { HeldRecords } from './checkpoint-parts';
import { StoreJournal } from './journal-store';
import { TieredJournal } from './tiered-journal';
import { feedJournal, type JournalFeed } from './record-feed';
import { openPostgres } from './pg-driver';
import { historyCluster, historySettings, type HistoryEnv, type HistorySettings } from './settings';
import { storedFromSnapshotTrail } from './snapshot-trail';
import { openHistoryStore, type HistoryStore } from './store';
import { HistoryWriter } from './writer';

/** How often the durable trail looks again whether the cluster is listed, while it is not. */
const SYNC_POLL_MS = 10_000;
/** How often retention runs at most (and at least once a day's 1/24 of the retention). */
const RETENTION_EVERY_MS = 10 * 60 * 1000;

export interface ServerHistory {
  readonly settings: HistorySettings;
  current(): ServiceHistory;
  /** The whole map's records through time. */
  readonly journal: RecordJournal;
  /**
   * Every Service's trail entries with from < time ≤ to: from the database when durable (all of
   * the retained window; the in-memory trail while it does not answer), else the trail.
   */
  entriesBetween(from: number, to: number): Promise<TrailItem[]>;
  gap(): HistoryGap | undefined;
  /** Resolves once the stored history is loaded and attached (at once in memory). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

type Durable = Exclude<HistorySettings, { mode: 'memory' }>;

/** What of a cluster hub the history reads: its cache, whether it is listed, what it is. */
export type HistoryHub = Pick<
  Hub,
  'cache' | 'clusterId' | 'info' | 'recordedTrail' | 'isSynced' | 'waitForSync'
>;

function log(message: string): void {
  console.warn(`[switchboard] history: ${message}`);
}

async function openDriver(settings: Durable): Promise<SqlDriver> {
  return settings.mode === 'pglite' ? openPglite(settings.dir) : openPostgres(settings.url, log);
}

/** The store, opened (migrated) on first use and again after a failure. */
function lazyStore(driver: SqlDriver, cluster: string, held: HeldRecords) {
  let store: Promise<HistoryStore> | undefined;
  const get = () => {
    store ??= openHistoryStore(driver, cluster, held).catch((error: unknown) => {
      store = undefined;
      throw error;
    });
    return store;
  };
  return {
    get,
    write: async (facts: Parameters<HistoryStore['write']>[0]) => (await get()).write(facts),
  };
}

function startDurable(hub: HistoryHub, settings: Durable, cluster: string): ServerHistory {
  let history = new ServiceHistory({ maxAgeMs: settings.retentionMs });
  let writer: HistoryWriter | undefined;
  let driver: SqlDriver | undefined;
  let detach: (() => void) | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let feed: JournalFeed | undefined;
  const metrics = opsMetrics();
  // Rebuilds (routes and retention) take the live cache's records at the same version.
  const held: HeldRecords = (kind, uid) => hub.cache.get(kind, uid);
  // What this process saw, fed the same facts as the database: recent instants answer from it.
  const recent = new MemoryJournal();
  let closed = false;
  // The store, opened: what reads the database (time travel, diffs) needs no more than this.
  const opening = (async () => {
    driver = await openDriver(settings);
    const opened = lazyStore(driver, cluster, held);
    const sink = {
      write: async (facts: Parameters<HistoryStore['write']>[0]) => {
        try {
          await opened.write(facts);
          metrics.historyWrites.inc({ cluster: hub.clusterId, outcome: 'ok' });
        } catch (error) {
          metrics.historyWrites.inc({ cluster: hub.clusterId, outcome: 'error' });
          throw error;
        }
      },
    };
    writer = new HistoryWriter(sink, {
      onDrop: (count) => metrics.historyDropped.inc({ cluster: hub.clusterId }, count),
      onError: (error) => log(`writes failing, retrying (${errorMessage(error)})`),
    });
    // A directory another process holds, or one it cannot migrate, stops the process at start.
    if (settings.mode === 'pglite') await opened.get();
    return opened;
  })();
  const ready = (async () => {
    const opened = await opening;
    // Read back and attach only once every required kind is listed. A baseline written before
    // the EndpointSlices were listed says "no endpoints"; a replica starting beside this one
    // restored it and recorded the endpoints it listed as changes no other replica saw, and a
    // replica that read another's Events before its baselines took its Services for new.
    // Unbounded: the routes that read the trail wait for the same sync.
    while (!closed && !(await hub.waitForSync(SYNC_POLL_MS)));
    if (closed) return;
    let stored: StoredHistory = { baselines: [], entries: [] };
    try {
      stored = await (await opened.get()).load();
    } catch (error) {
      if (settings.mode === 'pglite') throw error;
      log(`the database does not answer (${errorMessage(error)}); starting with an empty trail`);
    }
    const restored = new ServiceHistory({
      maxAgeMs: settings.retentionMs,
      sink: (fact) => writer!.push(fact),
    });
    restored.restore(stored);
    history = restored;
    detach = attachHistory(hub.cache, restored).detach;
    feed = feedJournal(
      hub.cache,
      (fact) => {
        writer!.push(fact);
        recent.add(fact);
      },
      {
        synced: () => hub.isSynced(),
        periodic: true,
      },
    );
    const every = Math.min(RETENTION_EVERY_MS, settings.retentionMs / 24);
    timer = setInterval(() => {
      opened
        .get()
        .then((s) => s.enforceRetention(Date.now() - settings.retentionMs, settings.maxBytes))
        .catch((error: unknown) => log(`retention failed: ${errorMessage(error)}`));
    }, every);
    timer.unref();
  })();
  const journal = new TieredJournal(
    recent,
    new StoreJournal(async () => (await (await opening).get()).driver, cluster, held),
  );
  return {
    settings,
    current: () => history,
    journal,
    entriesBetween: async (from, to) => {
      try {
        return await (await (await opening).get()).entriesBetween(from, to);
      } catch (error) {
        log(`reading entries failed, answering from memory (${errorMessage(error)})`);
        return history.entriesBetween(from, to);
      }
    },
    gap: () => writer?.gap(),
    ready,
    close: async () => {
      closed = true;
      if (timer) clearInterval(timer);
      feed?.detach();
      detach?.();
      await writer?.close(3000);
      await driver?.close();
    },
  };
}

/** The in-memory record journal, fed from the hub's cache from now on. */
function memoryJournal(hub: HistoryHub): { journal: MemoryJournal; detach: () => void } {
  const journal = new MemoryJournal();
  const feed = feedJournal(hub.cache, (fact) => journal.add(fact), {
    synced: () => hub.isSynced(),
  });
  return { journal, detach: feed.detach };
}

function startMemory(hub: HistoryHub): ServerHistory {
  // A recorded snapshot (`switchboard view`) holds one instant: its trail starts there, not when
  // this process read the file, so a timeline says "no data before 03:12:05", not before today.
  // Its trail before that instant, when the file has one, is restored before the records are
  // attached, so the panel shows what changed just before (snapshot-trail.ts).
  const recorded = hub.info.snapshot;
  let restored: ServiceHistory | undefined;
  if (recorded) {
    const recordedAt = Date.parse(recorded.at);
    restored = new ServiceHistory({ now: () => recordedAt });
    const trail = hub.recordedTrail;
    if (trail) restored.restore(storedFromSnapshotTrail(trail));
  }
  const { history, detach } = attachHistory(hub.cache, restored);
  const records = memoryJournal(hub);
  return {
    settings: { mode: 'memory' },
    current: () => history,
    journal: records.journal,
    entriesBetween: (from, to) => Promise.resolve(history.entriesBetween(from, to)),
    gap: () => undefined,
    ready: Promise.resolve(),
    close: async () => {
      detach();
      records.detach();
    },
  };
}

/** Which history this process keeps, for this hub's cluster. */
export function startServerHistory(
  hub: HistoryHub,
  env: HistoryEnv,
  serverUrl: string,
): ServerHistory {
  const cluster = historyCluster(env, serverUrl);
  const settings = historySettings(env, cluster);
  return settings.mode === 'memory' ? startMemory(hub) : startDurable(hub, settings, cluster);
}

const KEY = Symbol.for('switchboard.history');
/** One history per cluster hub (lib/k8s/clusters.ts), in the order they were started. */
type WithHistory = typeof globalThis & { [KEY]?: Map<Hub, ServerHistory> };

function histories(): Map<Hub, ServerHistory> {
  const holder = globalThis as WithHistory;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export function serverHistory(hub: Hub, env: HistoryEnv, serverUrl: string): ServerHistory {
  const all = histories();
  let current = all.get(hub);
  if (!current) {
    current = startServerHistory(hub, env, serverUrl);
    all.set(hub, current);
  }
  return current;
}

/**
 * Writes what is queued (bounded) and closes the store — of `hub`'s history, or of every one;
 * a no-op when there is none.
 */
export async function closeServerHistory(hub?: Hub): Promise<void> {
  const all = histories();
  const closing = hub ? [all.get(hub)].filter((h) => h !== undefined) : [...all.values()];
  if (hub) all.delete(hub);
  else all.clear();
  await Promise.all(
    closing.map((h) =>
      h.close().catch((error: unknown) => log(`close failed: ${errorMessage(error)}`)),
    ),
  );
}
