import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { causeFirst, linkCauses } from './causes';
import { sortReasons } from './rank';
import type { DiagnosisReason } from './types';

const r = (code: DiagnosisReason['code'], pods?: string[]): DiagnosisReason => ({
  code,
  severity: 'error',
  summary: code,
  evidence: [],
  commands: [],
  ...(pods ? { pods: pods.map((name) => ({ namespace: 'ns', name, why: '' })) } : {}),
});

describe('root cause first', () => {
  it('links symptoms to the root cause and puts each cause before its symptoms', () => {
    const reasons = [r('no-endpoints'), r('selector-matches-no-pods'), r('scaled-to-zero')];
    linkCauses(reasons);
    const out = causeFirst(sortReasons(reasons));
    assert.deepEqual(
      out.map((x) => `${x.code}<${x.causedBy ?? ''}`),
      ['scaled-to-zero<', 'no-endpoints<scaled-to-zero', 'selector-matches-no-pods<scaled-to-zero'],
    );
  });

  it('flattens chains: no-ready-endpoints → pods-not-ready → rollout-stuck', () => {
    const reasons = [
      r('no-ready-endpoints'),
      r('pods-not-ready', ['a']),
      r('rollout-stuck', ['a']),
    ];
    linkCauses(reasons);
    assert.deepEqual(
      reasons.map((x) => x.causedBy),
      ['rollout-stuck', 'rollout-stuck', undefined],
    );
  });

  it('unschedulable new pods of a stuck rollout sit under the rollout; other pending pods do not', () => {
    const under = [r('pods-pending-unschedulable', ['new']), r('rollout-stuck', ['new'])];
    linkCauses(under);
    assert.equal(under[0]!.causedBy, 'rollout-stuck');
    const apart = [r('pods-pending-unschedulable', ['other']), r('rollout-stuck', ['new'])];
    linkCauses(apart);
    assert.equal(apart[0]!.causedBy, undefined);
  });

  it('a cause that lists pods explains a pod symptom only when it names all of its pods', () => {
    const reasons = [r('pods-not-ready', ['a', 'b']), r('rollout-stuck', ['a'])];
    linkCauses(reasons);
    assert.equal(reasons[0]!.causedBy, undefined);
  });

  it('a symptom with no cause reported stays a root; nothing is lost or duplicated', () => {
    const reasons = [r('no-endpoints'), r('target-port-not-served'), r('selector-matches-no-pods')];
    linkCauses(reasons);
    const out = causeFirst(sortReasons(reasons));
    assert.equal(out.length, 3);
    assert.deepEqual(new Set(out), new Set(reasons));
    assert.equal(out[0]!.code, 'selector-matches-no-pods');
    assert.equal(out[1]!.code, 'no-endpoints');
  });
});
