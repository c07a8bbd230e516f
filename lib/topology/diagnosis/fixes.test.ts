import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { deploymentRecord } from '../testing/workloads';
import { scaleFix } from './fixes';
import { diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';
import { stuckRolloutCluster } from './testing/workload-fixtures';

/** The words a POSIX shell would pass to the command (printf one per line, nothing run). */
function shellWords(command: string): string[] {
  const line = command.replace(/^kubectl /, "printf '%s\\n' ");
  return execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' }).split('\n').slice(0, -1);
}

describe('suggested fixes: one per cause, apart from the read-only commands', () => {
  it('scaled-to-zero: scale back to the last applied replica count', () => {
    const f = FIXTURES['scaled-to-zero']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'scaled-to-zero');
    assert.deepEqual(r.fix, {
      command: 'kubectl scale deployment/api -n default --replicas=2',
      description: 'Scale Deployment api back to 2 (its last applied configuration).',
      request: {
        action: 'scale',
        kind: 'Deployment',
        namespace: 'default',
        name: 'api',
        replicas: 2,
      },
    });
    assert.ok(!r.commands.some((c) => c.includes(' scale ')), 'read-only commands stay read-only');
  });

  it('scaled-to-zero with no earlier count known: says to choose N', () => {
    const fix = scaleFix(deploymentRecord('default', 'api', { replicas: 0 }), undefined);
    assert.equal(fix?.command, 'kubectl scale deployment/api -n default --replicas=N');
    assert.match(fix?.description ?? '', /choose N/);
  });

  it('rollout-stuck: rollout undo to the old revision', () => {
    const r = reason(diagnose(stuckRolloutCluster(), 'store', 'cart'), 'rollout-stuck');
    assert.equal(r.fix?.command, 'kubectl rollout undo deployment/cart -n store --to-revision=1');
  });

  it('workload-missing: roll the Deployment back to the revision whose pods matched', () => {
    const f = FIXTURES['workload-missing']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'workload-missing');
    assert.equal(
      r.fix?.command,
      'kubectl rollout undo deployment/ledger -n default --to-revision=1',
    );
  });

  it('selector typo: a merge patch to the near-miss value, one quoted word', () => {
    const f = FIXTURES['selector-matches-no-pods']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'selector-matches-no-pods');
    assert.equal(
      r.fix?.command,
      `kubectl patch service frontend -n web --type=merge -p '{"spec":{"selector":{"app":"nginx"}}}'`,
    );
    assert.deepEqual(shellWords(r.fix!.command).slice(-1), [
      '{"spec":{"selector":{"app":"nginx"}}}',
    ]);
  });

  it('target port: a JSON patch to the one port the pods declare', () => {
    const f = FIXTURES['target-port-not-served']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'target-port-not-served');
    assert.equal(
      r.fix?.command,
      `kubectl patch service checkout -n shop --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"web"}]'`,
    );
  });

  it('no fix where none is known (pods pending unschedulable)', () => {
    const f = FIXTURES['pods-pending-unschedulable']();
    assert.equal(
      reason(diagnose(f.snapshot, f.ns, f.name), 'pods-pending-unschedulable').fix,
      undefined,
    );
  });
});
