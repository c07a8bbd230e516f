/**
 * Benchmark of the embedded cluster: run it with
 *   node --conditions=react-server --import tsx bench/emulator.ts [--pods N] [--quick] [--phases a,b,c,d]
 * (npm run bench:emulator). The emulator runs as a child process through the real CLI
 * (`switchboard cluster`), so its memory is measured apart from the client's (/proc/<pid>/status;
 * the peak is reset before each phase through /proc/<pid>/clear_refs). Everything talks to
 * 127.0.0.1 only and every phase has a deadline. Each figure is printed beside a baseline run
 * in the same process run, with the ratio:
 *   (a) listing N (default 150,000) pods in pages of 500 — baseline: one unpaged list of the same
 *       pods, and JSON.stringify of the same items in this process (the serialisation floor);
 *   (b) 100 concurrent watchers, latency from issuing a write to each watcher receiving its
 *       event (p50/p99) — baseline: 1 watcher;
 *   (c) time for Endpoints and EndpointSlices to converge after scaling a Deployment 0→1000 and
 *       1000→500 — baseline: the same for 100 pods (0→100, 100→50);
 *   (d) the paged list of (a) and the 100 watchers of (b) as a token-file user under RBAC with
 *       the audit log on — baseline: the same requests on an AlwaysAllow cluster without audit.
 * Medians of several repetitions where cheap. The phases live in bench/emulator/, the shared
 * tools (cluster child, deadlines, /proc figures, statistics) in bench/tools/.
 */
import { startBenchCluster } from './tools/cluster';
import { procStatus } from './tools/process';
import { type BenchOptions, mb } from './emulator/format';
import { benchAuthorization } from './emulator/access';
import { benchListing } from './emulator/listing';
import { benchScaling } from './emulator/scaling';
import { benchWatchers } from './emulator/watch';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const options: BenchOptions = {
  pods: Number(argv[argv.indexOf('--pods') + 1] ?? 0) || (quick ? 20_000 : 150_000),
  quick,
  reps: quick ? 2 : 3,
};

/** `--phases d` runs only the phases named (a comma list of a–d); all four by default. */
const phaseArg = argv.includes('--phases') ? argv[argv.indexOf('--phases') + 1] : undefined;
const phases = new Set((phaseArg ?? 'a,b,c,d').split(',').map((name) => name.trim()));

let failures = 0;

/** Runs one phase; a failure is printed and counted, and the other phases still run. */
async function phase(name: string, work: () => Promise<void>): Promise<void> {
  if (!phases.has(name.slice(1, -1))) return;
  try {
    await work();
  } catch (error) {
    failures++;
    console.log(
      `  ${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    `bench/emulator.ts — embedded cluster, node ${process.version}, ${new Date().toISOString()}${options.quick ? ' (quick)' : ''}`,
  );
  if (phases.has('a') || phases.has('b')) await benchLarge();
  if (phases.has('c')) await benchSmall();
  await phase('(d)', () => benchAuthorization(options));
}

async function benchLarge(): Promise<void> {
  const large = await startBenchCluster(`large:${options.pods}`, {
    timeoutMs: 900_000,
    onProgress: (line) => console.log(`  [large:${options.pods}] ${line}`),
  });
  try {
    const status = procStatus(large.pid);
    console.log(
      `large:${options.pods} ready (scenario loaded, controllers settled) in ${(large.startMs / 1000).toFixed(1)} s; emulator RSS ${mb(status.rssKb)}, peak ${mb(status.hwmKb)}`,
    );
    await phase('(a)', () => benchListing(large, options));
    await phase('(b)', () => benchWatchers(large, options));
  } finally {
    await large.stop();
  }
}

async function benchSmall(): Promise<void> {
  const small = await startBenchCluster('empty', {
    extra: ['--readiness-delay', '0'],
    timeoutMs: 60_000,
    onProgress: (line) => console.log(`  [empty] ${line}`),
  });
  try {
    await phase('(c)', () => benchScaling(small, options));
  } finally {
    await small.stop();
  }
}

const overall = setTimeout(() => {
  console.error('bench/emulator.ts: overall deadline (60 min) reached');
  process.exit(1);
}, 60 * 60_000);
main()
  .then(() => {
    clearTimeout(overall);
    process.exit(failures ? 1 : 0);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
