/**
 * bench/history.ts's `/api/changes` phase: what the whole answer costs the server against the
 * `only=health` one the problems list asks (lib/history/changes-answer.ts), in the same run.
 *
 * The cluster's cache, as the durable server keeps it: a record feed and a Service trail
 * (lib/diagnostics/service-history.ts) both writing through one batching writer to the store,
 * under a cluster name of their own so the earlier phases' figures are untouched. From the feed's
 * first checkpoint, `flips` readiness flips at `rate` per second of the feed's clock; then the
 * answer for (checkpoint, last flip] is built `runs` times each way, alternating, each timed
 * from the journal read to its JSON text (what the route sends), the whole one's trail read too.
 * Printed: medians, sizes, the ratio, and whether the health answer is the whole one without its
 * entries.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { EVERYTHING } from '../lib/access/scope';
import { attachHistory } from '../lib/diagnostics/attach-history';
import { ServiceHistory } from '../lib/diagnostics/service-history';
import type { SqlDriver } from '../lib/history/driver';
import { allChanges, healthChanges, type ChangesHistory } from '../lib/history/changes-answer';
import { StoreJournal } from '../lib/history/journal-store';
import { feedJournal } from '../lib/history/record-feed';
import { openHistoryStore } from '../lib/history/store';
import { HistoryWriter } from '../lib/history/writer';
import type { ClusterCache } from '../lib/k8s/cache';
import { median } from './tools/stats';

const CLUSTER = 'bench-changes';
const load = () => loadavg()[0]!.toFixed(1);
const size = (bytes: number) =>
  bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;

export interface ChangesPhase {
  cache: ClusterCache;
  driver: SqlDriver;
  /** Flips the i-th pod's readiness (the Pod and its EndpointSlice endpoint). */
  flip: (i: number) => void;
  /** The first flip index to use (earlier phases' flips left the pods as they are). */
  firstFlip: number;
  flips: number;
  rate: number;
  runs: number;
  /** The feed's clock starts here (epoch ms), after the earlier phases' instants. */
  start: number;
}

/** Runs the phase and prints its lines; false when the two answers disagree. */
export async function changesPhase(phase: ChangesPhase): Promise<boolean> {
  const { cache, driver, flip, flips, rate, runs } = phase;
  let clock = phase.start;
  const store = await openHistoryStore(driver, CLUSTER);
  const writer = new HistoryWriter(store, { maxBacklog: flips * 8 + 100_000 });
  const trail = attachHistory(
    cache,
    new ServiceHistory({ now: () => clock, sink: (fact) => writer.push(fact) }),
  );
  const feed = feedJournal(cache, (fact) => writer.push(fact), {
    synced: () => true,
    periodic: true,
    now: () => clock,
  });
  await writer.flush();
  const from = clock;
  for (let i = 0; i < flips; i++) {
    clock = from + 1 + Math.floor((i * 1000) / rate);
    flip(phase.firstFlip + i);
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.flush();
  feed.detach();
  trail.detach();
  const to = clock;
  const trailMs: number[] = [];
  const history: ChangesHistory = {
    journal: new StoreJournal(
      async () => driver,
      CLUSTER,
      (kind, uid) => cache.get(kind, uid),
    ),
    // The trail read, timed inside the whole answers: what they do that the health ones do not.
    entriesBetween: async (a, b) => {
      const t0 = performance.now();
      const items = await store.entriesBetween(a, b);
      trailMs.push(performance.now() - t0);
      return items;
    },
  };
  const range = { from, to };
  const whole: number[] = [];
  const health: number[] = [];
  let wholeText = '';
  let healthText = '';
  const timeWhole = async () => {
    const t0 = performance.now();
    wholeText = JSON.stringify(await allChanges(history, EVERYTHING, range, to));
    whole.push(performance.now() - t0);
  };
  const timeHealth = async () => {
    const t0 = performance.now();
    healthText = JSON.stringify(await healthChanges(history, EVERYTHING, range, to));
    health.push(performance.now() - t0);
  };
  // Each goes first in every other pair: neither gains from what the other warmed.
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) await timeWhole().then(timeHealth);
    else await timeHealth().then(timeWhole);
  }
  const { entries, ...rest } = JSON.parse(wholeText) as { entries: unknown[] };
  const healthBody = JSON.parse(healthText) as { transitions: unknown[] };
  const same = isDeepStrictEqual(rest, healthBody);
  console.log(
    `/api/changes over ${flips} readiness flips (${runs} runs each way, alternating which goes first, load ${load()}):`,
  );
  console.log(
    `  whole answer (records at from, replay, ${entries.length} trail entries, JSON)  p50 ${median(whole).toFixed(0)} ms  ${size(Buffer.byteLength(wholeText))}`,
  );
  console.log(
    `  only=health  (records at from, replay, JSON)  p50 ${median(health).toFixed(0)} ms  ${size(Buffer.byteLength(healthText))}; ${healthBody.transitions.length} transitions`,
  );
  console.log(
    `  whole / health (medians) ${(median(whole) / median(health)).toFixed(2)}×; the health answer is the whole one without its entries: ${same}`,
  );
  console.log(
    `  of which the trail read in the whole answers: p50 ${median(trailMs).toFixed(0)} ms`,
  );
  await writer.close();
  return same;
}
