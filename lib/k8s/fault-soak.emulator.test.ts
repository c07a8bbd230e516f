/**
 * The fault soak, short: 50 random fault schedules (drop, 410, hang, slow, down/up, replaced
 * cluster, with writes during each) between the real hub and an embedded cluster. After each the
 * hub must say live, its cache must equal a fresh LIST of every kind, and no update may be
 * spurious. `SOAK_SEED=n` replays a run; `npm run bench:soak` runs 1,000 and prints timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSchedule, generateSchedule } from './testing/fault-schedule';
import { figuresByKind, startSoak } from './testing/fault-soak';

const SCHEDULES = 50;

// ~100 s on an idle machine; a loaded one has taken over 300 s (the runner allows each file 600 s).
test(
  `${SCHEDULES} random fault schedules each converge with no spurious update`,
  { timeout: 600_000 },
  async (t) => {
    const seed = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
    t.diagnostic(`seed ${seed} (replay: SOAK_SEED=${seed})`);
    const soak = await startSoak();
    t.after(() => soak.stop());
    const results = [];
    for (let index = 0; index < SCHEDULES; index++) {
      const result = await soak.run(generateSchedule(seed, index));
      results.push(result);
      assert.ok(
        result.converged,
        `seed ${seed} schedule ${index} (${describeSchedule(result.schedule)}) did not converge: ${result.mismatch}`,
      );
      assert.equal(
        result.spurious,
        0,
        `seed ${seed} schedule ${index} (${describeSchedule(result.schedule)}): spurious updates`,
      );
    }
    t.diagnostic(`410s met by the watch loops: ${results.reduce((n, r) => n + r.gone, 0)}`);
    for (const f of figuresByKind(results)) {
      t.diagnostic(
        `${f.kind}: ${f.converged}/${f.schedules} converged, p50 ${f.p50Ms.toFixed(0)} ms, p99 ${f.p99Ms.toFixed(0)} ms`,
      );
    }
  },
);
