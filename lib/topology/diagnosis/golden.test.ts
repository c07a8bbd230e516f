/**
 * The words must not drift: every Service's diagnosis of two fixed clusters — one fixture per
 * reason code (testing/reason-fixtures.ts) and the synthetic large:3000 (../testing/synthetic.ts)
 * — against the text recorded in testing/golden/ (one line per Service, one JSON line per reason).
 * A change to a summary, detail, piece of evidence, command or the order of reasons fails here on
 * the line it changed. When the change is intended, re-record and review the diff:
 *   UPDATE_GOLDEN=1 node scripts/run-node-tests.mjs lib/topology/diagnosis/golden
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ClusterSnapshot } from '../records';
import { syntheticSnapshot } from '../testing/synthetic';
import { diagnoseAll } from './index';
import { allReasonsCluster } from './testing/reason-fixtures';
import type { ServiceDiagnosis } from './types';

// Built first, in this order: the builders number IPs and resourceVersions in call order.
const CLUSTERS: [file: string, snapshot: ClusterSnapshot][] = [
  ['reason-fixtures.txt', allReasonsCluster()],
  ['synthetic-3000.txt', syntheticSnapshot({ pods: 3000 })],
];
const DNS = { 'payments.invalid': { ok: false, error: 'ENOTFOUND' } };

function render(diagnoses: readonly ServiceDiagnosis[]): string[] {
  const lines: string[] = [];
  for (const d of diagnoses) {
    lines.push(`${d.namespace}/${d.name} ${d.serviceId} ${d.health}`);
    for (const r of d.reasons) lines.push('  ' + JSON.stringify(r));
  }
  return lines;
}

describe('diagnosis: the recorded output', () => {
  for (const [file, snapshot] of CLUSTERS) {
    it(`every Service of ${file.replace('.txt', '')} reads as recorded`, () => {
      const path = fileURLToPath(new URL(`./testing/golden/${file}`, import.meta.url));
      const actual = render(diagnoseAll(snapshot, undefined, { dnsResults: DNS }));
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual.join('\n') + '\n');
      const expected = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
      const at = actual.findIndex((line, i) => line !== expected[i]);
      if (at >= 0 || actual.length !== expected.length) {
        const i = at >= 0 ? at : Math.min(actual.length, expected.length);
        assert.equal(actual[i], expected[i], `${file} line ${i + 1} differs`);
      }
    });
  }
});
