import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REASON_CODES } from './codes';
import { diagnoseAll } from './index';
import { rankProblems } from './rank';
import { codes, diagnose } from './testing/assertions';
import { allReasonsCluster, FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: ordering and ranking', () => {
  it('orders causes worst-first, each followed by its symptoms, and derives health from severities (unknown when not judged)', () => {
    for (const code of REASON_CODES) {
      const f = FIXTURES[code]();
      const d = diagnose(f.snapshot, f.ns, f.name, f.dns);
      let cause: string | undefined;
      for (const r of d.reasons) {
        if (r.causedBy === undefined) cause = r.code;
        else assert.equal(r.causedBy, cause, `${code}: ${r.code} sits under its cause`);
      }
      const roots = d.reasons.filter((r) => r.causedBy === undefined);
      const ranks = roots.map((r) => ({ error: 0, warning: 1, info: 2 })[r.severity]);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `${code}: ${codes(d)}`,
      );
      const expected = d.reasons.some((r) => r.severity === 'error')
        ? 'broken'
        : d.reasons.some((r) => r.severity === 'warning')
          ? 'warning'
          : d.reasons.some((r) => r.code === 'not-judged')
            ? 'unknown'
            : 'healthy';
      assert.equal(d.health, expected);
    }
  });

  it('rankProblems lists every unhealthy Service, broken first, more errors first', () => {
    const all = diagnoseAll(allReasonsCluster());
    const ranked = rankProblems(all);
    assert.ok(ranked.length > 5);
    assert.ok(ranked.every((d) => d.health === 'broken' || d.health === 'warning'));
    assert.equal(
      ranked.length,
      all.filter((d) => d.health === 'broken' || d.health === 'warning').length,
    );
    const firstWarning = ranked.findIndex((d) => d.health === 'warning');
    assert.ok(firstWarning > 0);
    assert.ok(ranked.slice(firstWarning).every((d) => d.health === 'warning'));
    const errors = ranked
      .slice(0, firstWarning)
      .map((d) => d.reasons.filter((r) => r.severity === 'error').length);
    assert.deepEqual(
      errors,
      [...errors].sort((a, b) => b - a),
    );
  });
});
