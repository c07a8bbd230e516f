/**
 * The fault soak at length:
 *   npm run bench:soak -- --schedules 1000 [--seed S] [--first I]
 * Runs random fault schedules (lib/k8s/testing/fault-schedule.ts: drop, 410, hang, slow, down/up,
 * replaced cluster, with writes during each) between the real hub and an embedded cluster over
 * a fault proxy (lib/k8s/testing/fault-soak.ts), and prints converged/total, spurious updates,
 * the 410s the loops met, and convergence time p50/p99 per fault kind (the kind of a schedule's
 * last step). `--first I` starts at schedule I of the seed, so `--seed S --first I --schedules 1`
 * replays one schedule. The timers are the soak's shortened ones (SOAK_TIMING), so times are
 * those of the loop's logic, not of the production defaults. Exits 1 when any schedule did not
 * converge or any update was spurious. Interrupted (SIGINT), it prints the figures so far.
 */
import { describeSchedule, generateSchedule } from '../lib/k8s/testing/fault-schedule';
import { figuresByKind, startSoak, type ScheduleResult } from '../lib/k8s/testing/fault-soak';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

const schedules = Number(arg('--schedules') ?? 1000);
const seed = Number(arg('--seed') ?? Math.floor(Math.random() * 2 ** 31));
const first = Number(arg('--first') ?? 0);

// SIGINT ends the run after the schedule in progress and still prints the figures so far.
let interrupted = false;
process.on('SIGINT', () => (interrupted = true));

async function main(): Promise<void> {
  console.log(
    `bench/fault-soak.ts — node ${process.version}, ${new Date().toISOString()}; seed ${seed}, schedules ${first}–${first + schedules - 1}`,
  );
  const started = performance.now();
  const soak = await startSoak();
  const results: ScheduleResult[] = [];
  try {
    for (let index = first; index < first + schedules && !interrupted; index++) {
      const r = await soak.run(generateSchedule(seed, index));
      results.push(r);
      if (!r.converged || r.spurious) {
        console.log(
          `schedule ${index} (${describeSchedule(r.schedule)}): ${r.converged ? 'converged' : `NOT converged: ${r.mismatch}`}, ${r.spurious} spurious (replay: --seed ${seed} --first ${index} --schedules 1)`,
        );
      }
      if ((index - first + 1) % 100 === 0) {
        const ok = results.filter((x) => x.converged).length;
        const bad = results.reduce((n, x) => n + x.spurious, 0);
        const secs = ((performance.now() - started) / 1000).toFixed(0);
        console.log(
          `  ${results.length}/${schedules} run: ${ok} converged, ${bad} spurious, ${secs} s`,
        );
      }
    }
  } finally {
    await soak.stop();
  }
  const converged = results.filter((r) => r.converged).length;
  const spurious = results.reduce((n, r) => n + r.spurious, 0);
  const emitted = results.reduce((n, r) => n + r.emitted, 0);
  const gone = results.reduce((n, r) => n + r.gone, 0);
  if (interrupted) console.log(`interrupted after ${results.length} of ${schedules} schedules`);
  console.log(`converged ${converged}/${results.length}`);
  console.log(`spurious updates ${spurious} (of ${emitted} emitted)`);
  console.log(`410s met by the watch loops ${gone}`);
  console.log('convergence time (last fault lifted → cache == fresh LIST, hub live):');
  for (const f of figuresByKind(results)) {
    console.log(
      `  ${f.kind.padEnd(9)} ${String(f.converged).padStart(4)}/${String(f.schedules).padEnd(4)} p50 ${f.p50Ms.toFixed(0).padStart(5)} ms  p99 ${f.p99Ms.toFixed(0).padStart(5)} ms`,
    );
  }
  console.log(`wall time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = converged === results.length && spurious === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
