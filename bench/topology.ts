/**
 * Benchmark of the pure topology and diagnosis code:
 *   node --import tsx bench/topology.ts [--quick] [--naive-150000]   (npm run bench:topology)
 * Builds synthetic `large:10000` and `large:150000` snapshots in-process
 * (lib/topology/testing/synthetic.ts) and prints, each with a baseline run in this same process:
 *   - buildTopology (with and without health) and diagnoseAll: median of 5 runs;
 *   - the naive baseline (bench/topology-naive.ts: per-Service scans of all pods and slices) on
 *     large:10000 only — it is run for real, never extrapolated — and the ratio to ours;
 *   - ours on large:150000 against ours on large:10000 (how it scales with 15× the data), and with
 *     --naive-150000 the naive baseline once on large:150000 as well;
 *   - diagnosis of one Service: median and p99 over 1,000 different Services with a warm index
 *     (what `/api/services/<ns>/<name>/diagnosis` does against the cache), and cold (index + one
 *     Service), median of 5;
 *   - workload-aware diagnoseAll (the snapshot's Deployments and ReplicaSets present: one of each
 *     per selecting Service) against the same snapshot with the workload arrays emptied — the
 *     diagnosis as it ran before workloads were watched, which skips every workload check — at
 *     large:10000 and large:150000, interleaved, with the ratio (target ≤ 1.5×).
 * Wall-clock milliseconds, and CPU milliseconds of this process (all threads, GC included) beside
 * them: on a shared machine the CPU figure is the steadier one. The load average is printed too.
 */
import { loadavg } from 'node:os';
import { buildTopology, buildTopologyWithDiagnoses } from '../lib/topology';
import {
  createDiagnosisContext,
  diagnoseAll,
  diagnoseService,
  rankProblems,
} from '../lib/topology/diagnosis';
import type { Topology } from '../lib/topology/model';
import type { ClusterSnapshot } from '../lib/topology/records';
import { indexSnapshot } from '../lib/topology/snapshot-index';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import { buildTopologyNaive } from './topology-naive';

const QUICK = process.argv.includes('--quick');
/** Also run the naive baseline once on large:150000 (slow: minutes on a busy 2-core machine). */
const NAIVE_LARGE = process.argv.includes('--naive-150000');
const REPS = QUICK ? 3 : 5;

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p99 = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)]!;
};
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Timing {
  wall: number;
  cpu: number;
}

function time<T>(fn: () => T): { result: T; wall: number; cpu: number } {
  const c0 = cpuMs();
  const t0 = performance.now();
  const result = fn();
  return { result, wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

function medianOf(reps: number, fn: () => unknown): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = time(fn);
    walls.push(t.wall);
    cpus.push(t.cpu);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const fmt = (ms: number) =>
  (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)).padStart(8);
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

function line(label: string, t: Timing, extra = ''): void {
  console.log(
    `  ${label.padEnd(52)} ${fmt(t.wall)} ms  (cpu ${fmt(t.cpu)} ms)${extra ? '  ' + extra : ''}`,
  );
}

function describe(name: string, snap: ClusterSnapshot): void {
  console.log(
    `${name}: ${snap.pods.length} pods, ${snap.services.length} services, ${snap.endpointSlices.length} EndpointSlices, ` +
      `${snap.endpoints.length} Endpoints, ${snap.namespaces.length} namespaces, ${snap.nodes.length} nodes, ` +
      `${snap.deployments.length} Deployments, ${snap.replicaSets.length} ReplicaSets`,
  );
}

/** diagnoseAll with the workload records vs without them, interleaved so load hits both alike. */
function workloadCost(name: string, snap: ClusterSnapshot): void {
  const bare: ClusterSnapshot = {
    ...snap,
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    daemonSets: [],
  };
  const withWalls: number[] = [];
  const withCpus: number[] = [];
  const bareWalls: number[] = [];
  const bareCpus: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const b = time(() => diagnoseAll(bare));
    bareWalls.push(b.wall);
    bareCpus.push(b.cpu);
    const w = time(() => diagnoseAll(snap));
    withWalls.push(w.wall);
    withCpus.push(w.cpu);
  }
  const bareT = { wall: median(bareWalls), cpu: median(bareCpus) };
  const withT = { wall: median(withWalls), cpu: median(withCpus) };
  line(`${name} diagnoseAll, no workload records`, bareT);
  line(
    `${name} diagnoseAll, workload-aware`,
    withT,
    `×${(withT.wall / bareT.wall).toFixed(2)} wall, ×${(withT.cpu / bareT.cpu).toFixed(2)} cpu`,
  );
}

function ids(t: Topology): string {
  const all = [...t.services, ...t.endpoints, ...t.pods, ...t.externals, ...t.edges].map(
    (n) => n.id,
  );
  return all.sort().join('\n');
}

function main(): void {
  console.log(
    `topology bench — node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`(median of ${REPS} runs; wall ms, and cpu ms of all threads incl. GC)\n`);

  const small = time(() => syntheticSnapshot({ pods: 10_000 }));
  describe('large:10000', small.result);
  const big = time(() => syntheticSnapshot({ pods: 150_000 }));
  describe('large:150000', big.result);
  console.log(`  (generated in ${small.wall.toFixed(0)} ms and ${big.wall.toFixed(0)} ms)\n`);

  // Correctness guard: the baseline and ours must draw the same graph, or the ratio means nothing.
  const same =
    ids(buildTopologyNaive(small.result)) === ids(buildTopology(small.result, { diagnose: false }));
  console.log(
    `large:10000 — naive baseline and buildTopology produce the same node and edge ids: ${same ? 'yes' : 'NO'}\n`,
  );

  console.log('large:10000');
  const naive10 = medianOf(REPS, () => buildTopologyNaive(small.result));
  line('baseline: naive buildTopology (scan per Service)', naive10);
  const shape10 = medianOf(REPS, () => buildTopology(small.result, { diagnose: false }));
  line(
    'buildTopology, no health',
    shape10,
    `naive/ours ${ratio(naive10.wall, shape10.wall)} wall, ${ratio(naive10.cpu, shape10.cpu)} cpu`,
  );
  const full10 = medianOf(REPS, () => buildTopologyWithDiagnoses(small.result));
  line(
    'buildTopology with health (diagnoses every Service)',
    full10,
    `naive/ours ${ratio(naive10.wall, full10.wall)}`,
  );
  const diag10 = medianOf(REPS, () => diagnoseAll(small.result));
  line('diagnoseAll', diag10);

  console.log('\nlarge:150000');
  const shape150 = medianOf(REPS, () => buildTopology(big.result, { diagnose: false }));
  line(
    'buildTopology, no health',
    shape150,
    `vs large:10000 ${ratio(shape150.wall, shape10.wall)} for 15× the pods`,
  );
  const full150 = medianOf(REPS, () => buildTopologyWithDiagnoses(big.result));
  line(
    'buildTopology with health (diagnoses every Service)',
    full150,
    `vs large:10000 ${ratio(full150.wall, full10.wall)}`,
  );
  line('  of which diagnosis (index and routing shared)', {
    wall: full150.wall - shape150.wall,
    cpu: full150.cpu - shape150.cpu,
  });
  const diag150 = medianOf(REPS, () => diagnoseAll(big.result));
  line(
    'diagnoseAll (own index and routing)',
    diag150,
    `vs large:10000 ${ratio(diag150.wall, diag10.wall)}`,
  );
  if (NAIVE_LARGE) {
    const naive150 = medianOf(1, () => buildTopologyNaive(big.result));
    line(
      'baseline: naive buildTopology (1 run)',
      naive150,
      `naive/ours ${ratio(naive150.wall, shape150.wall)} wall, ${ratio(naive150.cpu, shape150.cpu)} cpu`,
    );
  }
  const topo = buildTopology(big.result, { diagnose: false });
  const diagReuse = medianOf(REPS, () => diagnoseAll(big.result, topo));
  line('diagnoseAll reusing a built topology', diagReuse);

  const index = indexSnapshot(big.result);
  const context = createDiagnosisContext(big.result, { index });
  const services = index.services;
  const step = Math.max(1, Math.floor(services.length / 1000));
  const one: number[] = [];
  for (let i = 0; i < services.length && one.length < 1000; i += step) {
    const t0 = performance.now();
    diagnoseService(services[i]!, context);
    one.push(performance.now() - t0);
  }
  console.log(
    `  ${'diagnoseService, one Service, warm index'.padEnd(52)} ${fmt(median(one))} ms  median of ${one.length} Services, p99 ${p99(one).toFixed(2)} ms`,
  );
  const target = services[Math.floor(services.length / 2)]!;
  const cold = medianOf(REPS, () => diagnoseService(target, createDiagnosisContext(big.result)));
  line('diagnoseService, one Service, cold (builds the index)', cold);
  const diagnoses = diagnoseAll(big.result, topo);
  const problems = rankProblems(diagnoses);
  const codes = new Map<string, number>();
  for (const d of diagnoses)
    for (const r of d.reasons) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
  console.log(
    `\n  ${problems.length} problem Services of ${diagnoses.length}; reasons seen: ` +
      [...codes].map(([c, n]) => `${c} ${n}`).join(', '),
  );
  console.log(
    '\nworkloads in the diagnosis (same snapshots, workload arrays emptied for the first)',
  );
  workloadCost('large:10000 ', small.result);
  workloadCost('large:150000', big.result);

  const heap = process.memoryUsage();
  console.log(
    `  heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

main();
