import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedScenario } from '../testing/snapshots';
import { diagnoseAll } from './index';
import { codes, diagnose, reason } from './testing/assertions';

describe('diagnosis: healthy', () => {
  it('the seed scenario is healthy on both Services', () => {
    const snap = seedScenario();
    for (const d of diagnoseAll(snap)) {
      assert.equal(d.health, 'healthy', `${d.name}: ${codes(d).join(',')}`);
      assert.deepEqual(codes(d), ['healthy']);
    }
    assert.match(
      reason(diagnose(snap, 'default', 'ingress-nginx'), 'healthy').summary,
      /2 ready endpoints/,
    );
  });
});
