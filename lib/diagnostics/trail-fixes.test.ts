import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TimelineEntry } from '../api/diagnostics';
import { previewBlocker } from '../topology/diagnosis';
import { diagnose, reason } from '../topology/diagnosis/testing/assertions';
import { scaledToZeroCluster } from '../topology/diagnosis/testing/workload-fixtures';
import { causeChange } from './cause-link';
import { countBeforeZero, withTrailFixes } from './trail-fixes';

const scaled = (name: string, from: string, to = '0'): TimelineEntry => ({
  at: '2026-11-26T12:25:00.000Z',
  type: 'workload',
  workload: { kind: 'Deployment', name },
  field: 'replicas',
  from,
  to,
  by: { manager: 'kubectl', operation: 'Update', subresource: 'scale' },
});

/** The fixture's Deployment api, scaled to 0, with no last applied configuration. */
function withoutLastApplied() {
  const snapshot = scaledToZeroCluster();
  for (const d of snapshot.deployments) delete d.appliedReplicas;
  return diagnose(snapshot, 'default', 'api');
}

describe('withTrailFixes: the scale fix takes the count the "Changed:" line shows', () => {
  it('replicas 3 → 0 in the trail: --replicas=3, previewable, not "choose N"', () => {
    const before = withoutLastApplied();
    assert.match(reason(before, 'scaled-to-zero').fix?.description ?? '', /choose N/);
    const trail = [scaled('api', '3')];
    const after = withTrailFixes(before, trail);
    const fix = reason(after, 'scaled-to-zero').fix;
    assert.equal(fix?.command, 'kubectl scale deployment/api -n default --replicas=3');
    assert.equal(
      fix?.description,
      'Scale Deployment api back to 3 (its replica count before it was scaled to 0, from the change trail).',
    );
    assert.equal(previewBlocker(fix!.request), undefined);
    // The same entry the reason's "Changed:" line quotes.
    assert.equal(causeChange('scaled-to-zero', trail), trail[0]);
  });

  it('the trail wins over the last applied configuration (it is what ran just before)', () => {
    const before = diagnose(scaledToZeroCluster(), 'default', 'api');
    assert.match(reason(before, 'scaled-to-zero').fix?.command ?? '', /--replicas=2$/);
    const after = withTrailFixes(before, [scaled('api', '5')]);
    assert.match(reason(after, 'scaled-to-zero').fix?.command ?? '', /--replicas=5$/);
  });

  it('no entry for that workload, or its newest change did not go to 0: left as it was', () => {
    const before = withoutLastApplied();
    assert.equal(withTrailFixes(before, []), before);
    assert.equal(withTrailFixes(before, [scaled('worker', '4')]), before);
    assert.equal(countBeforeZero({ kind: 'Deployment', name: 'api' }, [scaled('api', '3')]), 3);
    assert.equal(
      countBeforeZero({ kind: 'Deployment', name: 'api' }, [
        scaled('api', '3'),
        scaled('api', '0', '2'),
      ]),
      undefined,
    );
    assert.equal(
      countBeforeZero({ kind: 'StatefulSet', name: 'api' }, [scaled('api', '3')]),
      undefined,
    );
  });
});
