/**
 * `switchboard diagnose` while `kubectl scale --replicas=0` is under way, against the embedded
 * cluster driven by real kubectl: the workload's pods are held Terminating by a finalizer (their
 * containers stop and, as on a 1.27+ cluster, they turn Succeeded, but stay in the API), so the
 * diagnosis is read in that phase, not raced. Its
 * own pods on their way out are not "other pods still serve": a Deployment's pods all terminate
 * together; a StatefulSet removes its highest ordinal first and waits for it, so its lower
 * ordinals are still running, to be removed next. Releasing the pods lets the scale finish.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnCluster, firstReasonIs } from './testing/diagnose-cluster';
import type { DiagnoseReason } from './testing/diagnose-json';

const HOLD = 'switchboard.test/hold';

const scaledToZero = (reasons: DiagnoseReason[]) =>
  reasons.find((r) => r.code === 'scaled-to-zero');

describeOnCluster('switchboard diagnose: a scale to 0 under way', 'empty', (on) => {
  async function hold(pods: string[], held: boolean): Promise<void> {
    for (const pod of pods)
      await on.ok(
        'patch',
        'pod',
        pod,
        '--type=merge',
        '-p',
        JSON.stringify({ metadata: { finalizers: held ? [HOLD] : null } }),
      );
  }

  async function podsOf(app: string): Promise<string[]> {
    const out = await on.ok(
      'get',
      'pods',
      '-l',
      `app=${app}`,
      '-o',
      'jsonpath={.items[*].metadata.name}',
    );
    return out.split(/\s+/).filter(Boolean).sort();
  }

  function manifest(kind: 'Deployment' | 'StatefulSet', name: string, replicas: number): string {
    return on.file(
      `${name}.yaml`,
      `apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: default}
spec:
  ${kind === 'StatefulSet' ? `serviceName: ${name}\n  ` : ''}replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: ${name}, image: nginx:1.27, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: default}
spec:
  selector: {app: ${name}}
  ports: [{port: 80}]
`,
    );
  }

  it('a Deployment: its terminating pods are its own, and nothing else serves', async () => {
    const file = manifest('Deployment', 'api', 2);
    await on.ok('apply', '-f', file);
    await on.diagnoseUntil('default/api', firstReasonIs('healthy'));
    const pods = await podsOf('api');
    assert.equal(pods.length, 2);
    await hold(pods, true);
    await on.ok('scale', 'deployment', 'api', '--replicas=0');
    const reasons = await on.diagnoseUntil('default/api', (all) =>
      all.some((r) => r.code === 'pods-terminating' && r.pods?.length === 2),
    );
    const r = scaledToZero(reasons)!;
    assert.equal(reasons[0], r);
    assert.match(
      r.summary,
      /^Deployment api was scaled to 0 replicas at .+ by kubectl \(Update via \/scale\): its 2 pods are terminating and no other pod serves the selector app=api\.$/,
    );
    assert.equal(
      reasons.find((x) => x.code === 'pods-terminating')?.summary,
      '2 pods are terminating and nothing else is ready.',
    );
    await hold(pods, false);
    await on.diagnoseUntil('default/api', (all) =>
      /: no pod is left for the selector app=api to match\.$/.test(
        scaledToZero(all)?.summary ?? '',
      ),
    );
    await on.ok('delete', '-f', file);
  });

  it('a StatefulSet: while db-2 terminates, db-0 and db-1 are its own pods still to be removed', async () => {
    const file = manifest('StatefulSet', 'db', 3);
    await on.ok('apply', '-f', file);
    await on.diagnoseUntil(
      'default/db',
      firstReasonIs('healthy', (all) => /3 ready endpoints/.test(all[0]!.summary)),
    );
    const pods = await podsOf('db');
    assert.deepEqual(pods, ['db-0', 'db-1', 'db-2']);
    await hold(pods, true);
    await on.ok('scale', 'statefulset', 'db', '--replicas=0');
    const reasons = await on.diagnoseUntil('default/db', (all) =>
      /\(1 terminating\)/.test(scaledToZero(all)?.summary ?? ''),
    );
    assert.equal(reasons[0]?.code, 'scaled-to-zero');
    assert.match(
      reasons[0]!.summary,
      /^StatefulSet db was scaled to 0 replicas at .+ by kubectl \(Update via \/scale\): its 3 pods are being removed \(1 terminating\) and no other pod will serve the selector app=db\.$/,
    );
    await hold(pods, false);
    await on.diagnoseUntil('default/db', (all) =>
      /: no pod is left for the selector app=db to match\.$/.test(scaledToZero(all)?.summary ?? ''),
    );
    await on.ok('delete', '-f', file);
  });
});
