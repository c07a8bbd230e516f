/**
 * Random fault schedules for the fault soak (lib/k8s/testing/fault-soak.ts): which faults hit the
 * path between the hub and the cluster, in what order, with how many writes around them.
 *
 * Contract: pure and reproducible — schedule `index` of seed `seed` is always the same, whatever
 * ran before it, so a failure replays alone from the seed and index the soak prints.
 * Test support only.
 */
import { prng } from '../../testing/prng';

export const FAULT_KINDS = ['drop', 'gone', 'hang', 'slow', 'down', 'replaced'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultStep {
  kind: FaultKind;
  /** Writes to the cluster just before the fault starts. */
  writesBefore: number;
  /** Writes while the fault lasts (on the new cluster for `replaced`). */
  writesDuring: number;
  /** How long the fault lasts where that is ours to choose (`slow`, `down`). */
  durationMs: number;
  /** `drop` and `replaced`: reset the connections (a killed peer) rather than close them. */
  reset: boolean;
  /** `slow`: bytes per second in each direction. */
  bytesPerSecond: number;
}

export interface FaultSchedule {
  seed: number;
  index: number;
  steps: FaultStep[];
}

/** The PRNG of schedule `index`: independent of every other schedule's draws. */
export function scheduleRandom(seed: number, index: number): () => number {
  return prng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

const between = (random: () => number, lo: number, hi: number) =>
  Math.floor(lo + random() * (hi - lo + 1));

export function generateSchedule(seed: number, index: number): FaultSchedule {
  const random = scheduleRandom(seed, index);
  const steps: FaultStep[] = [];
  const count = random() < 0.7 ? 1 : between(random, 2, 3);
  for (let i = 0; i < count; i++) {
    steps.push({
      kind: FAULT_KINDS[Math.floor(random() * FAULT_KINDS.length)]!,
      writesBefore: between(random, 0, 3),
      writesDuring: between(random, 1, 6),
      durationMs: between(random, 50, 1200),
      reset: random() < 0.5,
      bytesPerSecond: between(random, 2, 32) * 1024,
    });
  }
  return { seed, index, steps };
}

/** "drop+hang" — how a schedule is named in reports. */
export function describeSchedule(schedule: FaultSchedule): string {
  return schedule.steps.map((s) => s.kind).join('+');
}
