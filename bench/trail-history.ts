/**
 * Benchmark of the per-Service change trail (lib/diagnostics/service-history.ts): the heap it
 * retains for a synthetic `large:N` cluster after the first sync, the part of it that is the
 * previous record kept per Service and pod (what causes are diffed against), and the time to
 * apply the first sync and a batch of pod label changes.
 *   node --expose-gc --import tsx bench/trail-history.ts [--scenarios large:10000,large:150000]
 * Records are shared with the cache (immutable once stored), so the history's cost is its maps
 * and endpoint sets, not copies of records; the figures are printed for a person to judge.
 */
import { ServiceHistory } from '../lib/diagnostics/service-history';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import type { PodRecord, SlimRecord } from '../lib/topology/records';

const argv = process.argv.slice(2);
const at = argv.indexOf('--scenarios');
const scenarios = (at >= 0 ? argv[at + 1] : undefined) ?? 'large:10000,large:150000';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

for (const scenario of scenarios.split(',')) {
  const pods = Number(scenario.split(':')[1]);
  const snapshot = syntheticSnapshot({ pods });
  const records: SlimRecord[] = [
    ...snapshot.namespaces,
    ...snapshot.services,
    ...snapshot.pods,
    ...snapshot.endpointSlices,
    ...snapshot.endpoints,
  ];
  const before = heap();
  const history = new ServiceHistory();
  let t0 = performance.now();
  history.apply({ upserts: records, deletes: [] }, { initial: true });
  const syncMs = performance.now() - t0;
  const withHistory = heap();

  // What the previous-record maps alone cost: a uid → record map of every Service and pod.
  const previous = new Map<string, SlimRecord>();
  for (const r of [...snapshot.services, ...snapshot.pods]) previous.set(r.meta.uid, r);
  const withMap = heap();

  const changed: PodRecord[] = snapshot.pods.slice(0, 1000).map((p) => ({
    ...p,
    meta: { ...p.meta, labels: { ...p.meta.labels, moved: 'yes', app: 'elsewhere' } },
  }));
  t0 = performance.now();
  history.apply({ upserts: changed, deletes: [] });
  const labelMs = performance.now() - t0;

  console.log(
    [
      `${scenario}: ${snapshot.pods.length} pods, ${snapshot.services.length} Services`,
      `  history retained after first sync: ${mib(withHistory - before)} (${Math.round((withHistory - before) / snapshot.pods.length)} B per pod)`,
      `  of which previous Service/pod records (uid → record map): ${mib(withMap - withHistory)} (${Math.round((withMap - withHistory) / snapshot.pods.length)} B per pod)`,
      `  first sync applied in ${syncMs.toFixed(0)} ms; 1000 pod label changes in ${labelMs.toFixed(0)} ms`,
    ].join('\n'),
  );
  previous.clear();
  void history;
}
