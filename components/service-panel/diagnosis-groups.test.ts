/**
 * The diagnosis section's words end to end, from a cluster snapshot: a Deployment rollout that
 * terminates the only endpoints reads as one story told by the rollout — the section title, the
 * rollout as the one root (also the problems row's headline) with what its new pods wait on, the
 * terminating pods under "What this causes", and the trail's change under the root.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEntry } from '@/lib/api/diagnostics';
import { causeChange, causeText } from '@/lib/diagnostics/cause-link';
import { headlineReason } from '@/lib/graph/problems';
import { diagnose } from '@/lib/topology/diagnosis/testing/assertions';
import { replacingRolloutCluster } from '@/lib/topology/diagnosis/testing/workload-fixtures';
import { diagnosisTitle, groupByCause, shownReasons } from './diagnosis-groups';

describe('diagnosis section: a rollout replacing the only endpoints', () => {
  const d = diagnose(replacingRolloutCluster(), 'shop', 'search');
  const reasons = shownReasons(d);
  const groups = groupByCause(reasons);

  it('one root, the rollout, saying which Deployment, revision and what the new pods wait on', () => {
    assert.equal(diagnosisTitle(reasons, d.health), 'Why it does not route (diagnosis)');
    assert.equal(groups.length, 1);
    const root = groups[0]!.reason;
    assert.equal(root.code, 'rollout-in-progress');
    assert.match(
      root.summary,
      /^Deployment search is rolling out ReplicaSet search-8f9a7b \(revision 4\): 2 of 2 pods updated, 0 ready\. 2 pods of the old ReplicaSet search-\w+ \(revision 3\) are terminating, and no new pod is ready yet \(search-8f9a7b-\w+: container search is waiting \(ContainerCreating\)\): nothing serves until one is\.$/,
    );
    assert.equal(headlineReason(d), root, 'the problems row shows the same sentence');
  });

  it('under it, what it causes: the terminating pods among them', () => {
    const symptoms = groups[0]!.symptoms;
    assert.deepEqual(
      symptoms.map((s) => s.code),
      ['no-ready-endpoints', 'pods-not-ready', 'pods-terminating'],
    );
    assert.equal(
      symptoms.find((s) => s.code === 'pods-terminating')!.summary,
      '2 pods are terminating and nothing else is ready.',
    );
    assert.equal(reasons.length, 1 + symptoms.length, 'every reason shown once');
  });

  it("the root's Changed line is the rollout from the Service's trail", () => {
    const started: TimelineEntry = {
      at: '2026-11-26T10:00:00.000Z',
      type: 'rollout',
      workload: { kind: 'Deployment', name: 'search' },
      phase: 'started',
      revision: '4',
    };
    const entry = causeChange(groups[0]!.reason.code, [started]);
    assert.equal(entry, started);
    assert.equal(
      causeText(entry!, '10:00:00'),
      'Deployment search rollout started (revision 4) at 10:00:00',
    );
  });
});
