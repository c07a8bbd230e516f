/**
 * What the whole-map history costs and how fast it answers, on the stores it ships with:
 *   npm run bench:history [-- --pods 150000] [--flips 50000] [--rate 1000] [--postgres]
 *     [--latency-seconds 30]   (0: no latency phase)
 *     [--changes-flips 1000] [--changes-runs 3]   (0 flips: no /api/changes phase)
 *
 * A synthetic `large:N` cluster (lib/topology/testing/synthetic.ts) is loaded into a real
 * ClusterCache; the journal feed (lib/history/record-feed.ts, with its production checkpoint
 * policy) hands its facts to the batching writer (lib/history/writer.ts) and the store
 * (lib/history/store.ts) on PGlite in a temporary directory — or, with --postgres, on a throwaway
 * Debian PostgreSQL. Then `--flips` readiness flips at `--rate` per second of the feed's clock
 * (each flip is what the cluster sends: the Pod and its EndpointSlice, two record changes) go
 * through the cache. It prints:
 * - write cost: process CPU per record fact while the writer drains, bytes per fact and per
 *   checkpoint in the database, and whether the store keeps up with the rate (facts written per
 *   second of wall time against the rate asked for);
 * - rebuild: the records at an instant (StoreJournal.recordsAt: the nearest checkpoint ≤ T plus
 *   the facts after it) at instants spread over the whole run, p50/p95, against the baseline of
 *   replaying every fact from the first checkpoint (what a store without periodic checkpoints
 *   would do), measured at the end of the run and extrapolated per fact to a day at this churn;
 * - database size per day at this churn, from the measured bytes per fact and per checkpoint;
 * - `/api/changes`: the whole answer against the `only=health` one over `--changes-flips` flips
 *   recorded with the Service trail on, as the durable server records them (history-changes.ts);
 * - change → subscriber latency with the history off and on (`latency` below).
 * The two rebuilds are deep-compared (same records) so the figure is of a right answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { ClusterCache } from '../lib/k8s/cache';
import type { SqlDriver } from '../lib/history/driver';
import { MemoryJournal } from '../lib/history/journal';
import { StoreJournal } from '../lib/history/journal-store';
import { TieredJournal } from '../lib/history/tiered-journal';
import { foldRecords, recordKey, stateOf } from '../lib/history/record-facts';
import { feedJournal } from '../lib/history/record-feed';
import { openPglite } from '../lib/history/pglite-driver';
import { openPostgres } from '../lib/history/pg-driver';
import { openHistoryStore } from '../lib/history/store';
import { startTestPostgres } from '../lib/history/testing/postgres-server';
import { HistoryWriter } from '../lib/history/writer';
import type { EndpointSliceRecord, PodRecord, SlimRecord } from '../lib/topology/records';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import { median, percentile } from './tools/stats';
import { changesPhase } from './history-changes';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const PODS = arg('--pods', 150_000);
const FLIPS = arg('--flips', 50_000);
const RATE = arg('--rate', 1000);
const POSTGRES = argv.includes('--postgres');
const LATENCY_S = arg('--latency-seconds', 30);
const CHANGES_FLIPS = arg('--changes-flips', 1000);
const CHANGES_RUNS = arg('--changes-runs', 3);
const REBUILDS = 11;
const DAY_S = 24 * 3600;

const load = () => loadavg()[0]!.toFixed(1);
const ms = (n: number) => n.toFixed(1);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Each pod's slice and endpoint index, found once. */
function sliceIndex(slices: readonly EndpointSliceRecord[]): Map<string, [string, number]> {
  const index = new Map<string, [string, number]>();
  for (const slice of slices) {
    slice.endpoints.forEach((endpoint, i) => {
      const uid = endpoint.targetRef?.uid;
      if (uid) index.set(uid, [slice.meta.uid, i]);
    });
  }
  return index;
}

async function openStore(): Promise<{ driver: SqlDriver; what: string; close(): Promise<void> }> {
  if (POSTGRES) {
    const server = await startTestPostgres();
    const driver = openPostgres(server.url);
    return {
      driver,
      what: 'PostgreSQL (throwaway, fsync=off)',
      close: async () => {
        await driver.close();
        await server.stop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-history-'));
  const driver = await openPglite(dir);
  return {
    driver,
    what: 'PGlite (a temporary data directory)',
    close: async () => {
      await driver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function checkpointTableBytes(driver: SqlDriver): Promise<number> {
  return (
    (await tableBytes(driver, 'record_checkpoints')) +
    (await tableBytes(driver, 'record_checkpoint_parts'))
  );
}

async function tableBytes(driver: SqlDriver, table: string): Promise<number> {
  const [row] = await driver.query<{ n: string | number }>(
    `SELECT pg_total_relation_size('${table}') AS n`,
  );
  return Number(row?.n ?? 0);
}

async function main(): Promise<void> {
  console.log(
    `bench/history.ts — node ${process.version}, ${new Date().toISOString()}; large:${PODS}, ` +
      `${FLIPS} readiness flips at ${RATE}/s of the feed's clock; load ${load()}`,
  );
  const snapshot = syntheticSnapshot({ pods: PODS });
  const cache = new ClusterCache();
  const byKind = new Map<SlimRecord['kind'], SlimRecord[]>();
  for (const list of Object.values(snapshot) as SlimRecord[][]) {
    for (const record of list) {
      const same = byKind.get(record.kind);
      if (same) same.push(record);
      else byKind.set(record.kind, [record]);
    }
  }
  for (const [kind, list] of byKind) cache.replace(kind, list);
  console.log(`  ${cache.records().length} records in the cache`);

  const store = await openStore();
  const history = await openHistoryStore(store.driver, 'bench');
  let written = 0;
  const writer = new HistoryWriter(
    {
      write: async (facts) => {
        await history.write(facts);
        written += facts.filter((f) => f.kind === 'record').length;
      },
    },
    { maxBacklog: FLIPS * 4 },
  );
  let clock = Date.parse('2026-12-01T00:00:00Z');
  const firstCheckpointAt = clock;
  let checkpoints = 0;
  const recent = new MemoryJournal({ now: () => clock });
  // How long the event loop is held while the first checkpoint is packed and written.
  const held = monitorEventLoopDelay({ resolution: 5 });
  held.enable();
  const feed = feedJournal(
    cache,
    (fact) => {
      if (fact.kind === 'checkpoint') checkpoints++;
      writer.push(fact);
      recent.add(fact);
    },
    { synced: () => true, periodic: true, now: () => clock },
  );
  await writer.flush();
  held.disable();
  const checkpointBytes = await checkpointTableBytes(store.driver);
  console.log(`store: ${store.what}; first checkpoint ${mib(checkpointBytes)}`);
  const t00 = performance.now();
  JSON.stringify(cache.records());
  console.log(
    `  event loop held at most ${ms(held.max / 1e6)} ms while it was packed and written ` +
      `(baseline: one JSON.stringify of every record, as before checkpoints in parts, ${ms(performance.now() - t00)} ms)`,
  );

  // The flips: each one the Pod's readiness and its slice endpoint's, as the cluster sends them.
  const slices = sliceIndex(cache.list('EndpointSlice') as EndpointSliceRecord[]);
  const pods = (cache.list('Pod') as PodRecord[]).filter((p) => slices.has(p.meta.uid));
  let rv = 1;
  const flip = (i: number) => {
    const pod = cache.get('Pod', pods[(i * 7919) % pods.length]!.meta.uid) as PodRecord;
    const ready = !pod.ready;
    cache.apply('MODIFIED', { ...pod, ready, meta: { ...pod.meta, resourceVersion: `b${rv++}` } });
    const [sliceUid, at] = slices.get(pod.meta.uid)!;
    const slice = cache.get('EndpointSlice', sliceUid) as EndpointSliceRecord;
    const endpoints = slice.endpoints.map((e, j) => (j === at ? { ...e, ready } : e));
    cache.apply('MODIFIED', {
      ...slice,
      endpoints,
      meta: { ...slice.meta, resourceVersion: `b${rv++}` },
    });
  };
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < FLIPS; i++) {
    clock = firstCheckpointAt + 1 + Math.floor((i * 1000) / RATE);
    flip(i);
    // Let the writer run as it would between watch events.
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.flush();
  const wallS = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  feed.detach();
  const facts = FLIPS * 2;
  const factBytes = await tableBytes(store.driver, 'record_facts');
  const allCheckpointBytes = await checkpointTableBytes(store.driver);
  const perCheckpoint = allCheckpointBytes / checkpoints;
  const cpuUs = (cpu.user + cpu.system) / facts;
  console.log(`write cost (${facts} record facts, ${checkpoints} checkpoints, load ${load()}):`);
  console.log(`  CPU per fact (cache + feed + writer + store, one process) ${cpuUs.toFixed(1)} µs`);
  console.log(
    `  database bytes per fact ${(factBytes / facts).toFixed(0)} B; per checkpoint ${mib(perCheckpoint)}`,
  );
  console.log(
    `  written ${(written / wallS).toFixed(0)} facts/s of wall time against ${RATE * 2} asked ` +
      `(${(written / wallS / (RATE * 2)).toFixed(2)}×); writer drops ${writer.gap().droppedFacts}`,
  );

  // As the server builds it: records the live cache holds at the same version are taken, not
  // decoded; `cold` holds nothing (every record decoded, as a process that holds none of them).
  const journal = new StoreJournal(
    async () => store.driver,
    'bench',
    (kind, uid) => cache.get(kind, uid),
  );
  const cold = new StoreJournal(async () => store.driver, 'bench');
  const tiered = new TieredJournal(recent, journal);
  const end = clock;
  const instants = Array.from({ length: REBUILDS }, (_, k) =>
    k === REBUILDS - 1
      ? end
      : firstCheckpointAt + Math.round(((end - firstCheckpointAt) * (k + 0.5)) / REBUILDS),
  );
  const ours: number[] = [];
  const coldMs: number[] = [];
  const fromMemory: number[] = [];
  let last: SlimRecord[] = [];
  let lastCold: SlimRecord[] = [];
  let lastFromMemory: SlimRecord[] = [];
  for (const at of instants) {
    let t0 = performance.now();
    const answer = await journal.recordsAt(at);
    ours.push(performance.now() - t0);
    if ('records' in answer) last = answer.records;
    t0 = performance.now();
    const coldAnswer = await cold.recordsAt(at);
    coldMs.push(performance.now() - t0);
    if ('records' in coldAnswer) lastCold = coldAnswer.records;
    t0 = performance.now();
    const hot = await tiered.recordsAt(at);
    fromMemory.push(performance.now() - t0);
    if ('records' in hot) lastFromMemory = hot.records;
  }
  const t0 = performance.now();
  const first = await cold.recordsAt(firstCheckpointAt);
  if (!('records' in first)) throw new Error('no first checkpoint');
  const checkpointMs = performance.now() - t0;
  const t1 = performance.now();
  const { facts: all } = await journal.factsBetween(firstCheckpointAt, end, first.records);
  const readMs = performance.now() - t1;
  const replayed = foldRecords(stateOf(first.records), all);
  const replayMs = performance.now() - t0;
  const key = (r: SlimRecord) => recordKey(r.kind, r.meta.uid);
  const same =
    isDeepStrictEqual(new Map(last.map((r) => [key(r), r])), replayed) &&
    isDeepStrictEqual(new Map(lastCold.map((r) => [key(r), r])), replayed) &&
    isDeepStrictEqual(new Map(lastFromMemory.map((r) => [key(r), r])), replayed);
  const perDayFacts = RATE * 2 * DAY_S;
  const perDayCheckpoints = Math.max(24 * 6, Math.ceil(perDayFacts / 50_000));
  console.log(
    `rebuild the whole map at an instant (${REBUILDS} instants over the run, load ${load()}):`,
  );
  console.log(
    `  nearest checkpoint + facts after it, records the live cache holds taken  p50 ${ms(median(ours))} ms  p95 ${ms(percentile(ours, 95))} ms`,
  );
  console.log(
    `  the same, cold (every record decoded)    p50 ${ms(median(coldMs))} ms  p95 ${ms(percentile(coldMs, 95))} ms`,
  );
  console.log(
    `  the same instants seen by this process (memory tier)  p50 ${ms(median(fromMemory))} ms  p95 ${ms(percentile(fromMemory, 95))} ms`,
  );
  console.log(
    `  baseline: replay all ${facts} facts from the first checkpoint  ${ms(replayMs)} ms ` +
      `(${(replayMs / median(ours)).toFixed(1)}× ours, ${(replayMs / median(coldMs)).toFixed(1)}× cold); same records: ${same}`,
  );
  console.log(
    `    of which: the checkpoint read and unpacked ${ms(checkpointMs)} ms, the facts read ${ms(readMs)} ms`,
  );
  const perFactMs = (replayMs - checkpointMs) / facts;
  console.log(
    `  the baseline at 24 h back at this churn (${(perDayFacts / 1e6).toFixed(1)} M facts), ` +
      `extrapolated per fact: ${((perFactMs * perDayFacts) / 1000).toFixed(0)} s; ours does not grow with the distance`,
  );
  console.log(
    `database size per day at ${RATE} flips/s: facts ${mib((factBytes / facts) * perDayFacts)}, ` +
      `checkpoints (${perDayCheckpoints}) ${mib(perCheckpoint * perDayCheckpoints)}`,
  );
  const agree =
    CHANGES_FLIPS <= 0 ||
    (await changesPhase({
      cache,
      driver: store.driver,
      flip,
      firstFlip: FLIPS,
      flips: CHANGES_FLIPS,
      rate: RATE,
      runs: CHANGES_RUNS,
      start: end + 1000,
    }));
  // `--latency-seconds 0` skips the latency phase (a rebuild-only run).
  if (LATENCY_S > 0) await latency(cache, flip, store.driver);
  await store.close();
  if (!same || !agree) process.exitCode = 1;
}

/**
 * Change → subscriber latency with the history off, then on: flips at RATE per second of wall
 * time for LATENCY_S each; a subscriber of the cache encodes each batch as the stream does
 * (JSON) and notes how late it saw it against when the flip was due. The history's work on this
 * thread (serialising the writer's batches, a checkpoint every 50,000 facts; PGlite runs on its
 * own thread) and the CPU the database thread takes show as lateness. In-process: the hub and
 * the HTTP write of the SSE frame are the same either way.
 */
async function latency(
  cache: ClusterCache,
  flip: (i: number) => void,
  driver: SqlDriver,
): Promise<void> {
  let next = FLIPS;
  // Besides the lateness: how busy the server's thread was, and the process's CPU (every
  // thread: the database's too) — figures that move less with the machine's other load.
  const run = async (): Promise<{ late: number[]; busy: number; cpuMsPerS: number }> => {
    const late: number[] = [];
    let due = 0;
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const unsubscribe = cache.subscribe((batch) => {
      JSON.stringify(batch.upserts);
      late.push(performance.now() - due);
    });
    const start = performance.now();
    const total = LATENCY_S * RATE;
    for (let i = 0; i < total;) {
      const now = Math.min(total, Math.floor(((performance.now() - start) * RATE) / 1000));
      for (; i < now; i++) {
        due = start + (i * 1000) / RATE;
        flip(next++);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    unsubscribe();
    const used = process.cpuUsage(cpu);
    return {
      late,
      busy: performance.eventLoopUtilization(elu).utilization,
      cpuMsPerS: (used.user + used.system) / 1000 / LATENCY_S,
    };
  };
  const off = await run();
  const history = await openHistoryStore(driver, 'bench-latency');
  const writer = new HistoryWriter(history, { maxBacklog: LATENCY_S * RATE * 4 });
  const feed = feedJournal(cache, (fact) => writer.push(fact), {
    synced: () => true,
    periodic: true,
  });
  await writer.flush();
  const on = await run();
  feed.detach();
  await writer.close();
  const line = (what: string, { late: v, busy, cpuMsPerS }: Awaited<ReturnType<typeof run>>) =>
    `  ${what}  p50 ${ms(median(v))} ms  p95 ${ms(percentile(v, 95))} ms  p99 ${ms(percentile(v, 99))} ms  max ${ms(Math.max(...v))} ms` +
    `; server thread busy ${(busy * 100).toFixed(1)} %, process CPU ${cpuMsPerS.toFixed(0)} ms/s`;
  console.log(
    `change → subscriber latency, ${RATE} flips/s for ${LATENCY_S} s each (load ${load()}):`,
  );
  console.log(line('history off', off));
  console.log(line('history on ', on));
  console.log(
    `  on / off: p50 ${(median(on.late) / median(off.late)).toFixed(2)}×  p95 ${(percentile(on.late, 95) / percentile(off.late, 95)).toFixed(2)}×; ` +
      `writer drops ${writer.gap().droppedFacts}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
