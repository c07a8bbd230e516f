/**
 * Assertions the diagnosis tests share: diagnose one Service of a snapshot, find a reason, list
 * the codes, and check that every reason carries its proof. Test-only.
 */
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../records';
import type { ReasonCode } from '../codes';
import { createDiagnosisContext, diagnoseService } from '../index';
import type { DiagnosisReason, DnsResults, ServiceDiagnosis } from '../types';

export function diagnose(
  snapshot: ClusterSnapshot,
  ns: string,
  name: string,
  dnsResults?: DnsResults,
): ServiceDiagnosis {
  const svc = snapshot.services.find((s) => s.meta.namespace === ns && s.meta.name === name);
  assert.ok(svc, `service ${ns}/${name}`);
  return diagnoseService(svc, createDiagnosisContext(snapshot, { dnsResults }));
}

export function reason(d: ServiceDiagnosis, code: ReasonCode): DiagnosisReason {
  const r = d.reasons.find((x) => x.code === code);
  assert.ok(r, `expected ${code} in [${d.reasons.map((x) => x.code).join(', ')}]`);
  return r;
}

export function codes(d: ServiceDiagnosis): ReasonCode[] {
  return d.reasons.map((r) => r.code);
}

/** Every reason must carry proof and a way to see it with kubectl. */
export function assertWellFormed(d: ServiceDiagnosis): void {
  for (const r of d.reasons) {
    assert.match(r.code, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(!r.summary.includes('\n'), `${r.code}: one-line summary`);
    assert.ok(r.summary.length > 10, `${r.code}: has a summary`);
    assert.ok(r.evidence.length > 0, `${r.code}: has evidence`);
    assert.ok(r.commands.length > 0, `${r.code}: has commands`);
    for (const c of r.commands) assert.match(c, /^kubectl /);
    for (const e of r.evidence)
      for (const k of ['kind', 'name', 'field', 'value'] as const)
        assert.equal(typeof e[k], 'string');
  }
}
