import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentRecord, statefulSetRecord } from '../testing/workloads';
import { fixCommand, previewable, previewBlocker, type FixRequest } from './fix-request';
import { scaleFix, undoFix } from './fixes';
import { diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';
import { stuckRolloutCluster } from './testing/workload-fixtures';

describe('fix requests: the command and the dry run come from one request', () => {
  it('every fix the fixtures produce is its request made into a command', () => {
    let seen = 0;
    for (const [code, make] of Object.entries(FIXTURES)) {
      const f = make();
      for (const r of diagnose(f.snapshot, f.ns, f.name).reasons) {
        if (!r.fix) continue;
        seen++;
        assert.equal(fixCommand(r.fix.request), r.fix.command, `${code}: ${r.code}`);
      }
    }
    assert.ok(seen >= 4, `fixes seen: ${seen}`);
  });

  it('scale: the known count is previewable; "choose N" is not', () => {
    const f = FIXTURES['scaled-to-zero']();
    const fix = reason(diagnose(f.snapshot, f.ns, f.name), 'scaled-to-zero').fix!;
    assert.deepEqual(fix.request, {
      action: 'scale',
      kind: 'Deployment',
      namespace: 'default',
      name: 'api',
      replicas: 2,
    });
    assert.equal(previewable(fix.request), true);
    const unknown = scaleFix(deploymentRecord('default', 'api', { replicas: 0 }), undefined)!;
    assert.equal(unknown.request.action === 'scale' && unknown.request.replicas, undefined);
    assert.match(previewBlocker(unknown.request) ?? '', /choose the number of replicas/);
  });

  it('rollout undo: a Deployment with its revision is previewable; a StatefulSet is not', () => {
    const r = reason(diagnose(stuckRolloutCluster(), 'store', 'cart'), 'rollout-stuck');
    assert.deepEqual(r.fix!.request, {
      action: 'rollout-undo',
      kind: 'Deployment',
      namespace: 'store',
      name: 'cart',
      toRevision: 1,
    });
    assert.equal(previewable(r.fix!.request), true);
    const sts = undoFix(statefulSetRecord('db', 'pg', {}), undefined)!;
    assert.equal(sts.command, 'kubectl rollout undo statefulset/pg -n db');
    assert.match(previewBlocker(sts.request) ?? '', /ControllerRevisions/);
  });

  it('Service patches: merge for a selector, JSON for a targetPort, both previewable', () => {
    const sel = FIXTURES['selector-matches-no-pods']();
    const s = reason(diagnose(sel.snapshot, sel.ns, sel.name), 'selector-matches-no-pods').fix!;
    assert.deepEqual(s.request, {
      action: 'patch-service',
      namespace: 'web',
      name: 'frontend',
      patchType: 'merge',
      patch: { spec: { selector: { app: 'nginx' } } },
    });
    const tp = FIXTURES['target-port-not-served']();
    const t = reason(diagnose(tp.snapshot, tp.ns, tp.name), 'target-port-not-served').fix!;
    assert.deepEqual(t.request, {
      action: 'patch-service',
      namespace: 'shop',
      name: 'checkout',
      patchType: 'json',
      patch: [{ op: 'replace', path: '/spec/ports/0/targetPort', value: 'web' }],
    });
    assert.ok(previewable(s.request) && previewable(t.request));
  });

  it('a hostile value leaves the fix out rather than offering an unreadable command', () => {
    const request: FixRequest = {
      action: 'scale',
      kind: 'Deployment',
      namespace: 'default\u202e',
      name: 'api',
      replicas: 1,
    };
    assert.equal(fixCommand(request), undefined);
    assert.equal(
      fixCommand({ ...request, namespace: 'a; rm -rf /' }),
      "kubectl scale deployment/api -n 'a; rm -rf /' --replicas=1",
    );
  });
});
