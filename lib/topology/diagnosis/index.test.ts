import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REASON_CODES, REASON_SEVERITIES } from './codes';
import { diagnoseAll } from './index';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import { allReasonsCluster, FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: one fixture per reason code', () => {
  for (const code of REASON_CODES) {
    it(`reports ${code}`, () => {
      const f = FIXTURES[code]();
      const d = diagnose(f.snapshot, f.ns, f.name, f.dns);
      reason(d, code);
      assertWellFormed(d);
      if (code === 'healthy') assert.deepEqual(codes(d), ['healthy']);
      else assert.ok(!codes(d).includes('healthy'), 'no healthy reason next to a problem');
    });
  }

  it('has a fixture for every code and no code without one', () => {
    assert.deepEqual(Object.keys(FIXTURES).sort(), [...REASON_CODES].sort());
  });

  it('reports each code only with a severity codes.ts lists for it', () => {
    const diagnoses = [
      ...REASON_CODES.map((code) => {
        const f = FIXTURES[code]();
        return diagnose(f.snapshot, f.ns, f.name, f.dns);
      }),
      ...diagnoseAll(allReasonsCluster()),
    ];
    for (const r of diagnoses.flatMap((d) => d.reasons)) {
      const allowed: readonly string[] = REASON_SEVERITIES[r.code];
      assert.ok(allowed.includes(r.severity), `${r.code} reported as ${r.severity}`);
    }
  });
});
