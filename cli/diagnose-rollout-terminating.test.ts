/**
 * `switchboard diagnose` while a rollout has deleted a Service's only pod and not yet replaced
 * it, against the embedded cluster driven by real kubectl: a one-pod StatefulSet (the controller
 * deletes db-0 before it creates it at the new revision), a Recreate Deployment (the new
 * ReplicaSet is made only once the old pods are gone) and a one-node DaemonSet (the new pod is
 * created only once the old one is gone). The old pod's container ignores SIGTERM through an
 * hour-long grace period — as with a slow preStop hook; the simulated kubelet's
 * `switchboard.dev/simulate: ignore-sigterm` — so the pod stays Terminating and Running and the
 * diagnosis is read in that phase, not raced; removing the annotation lets the container exit and
 * the rollout finish. In that phase the rollout is the root: it names the workload, both
 * revisions and how far along it is, and `pods-terminating` (and `no-ready-endpoints`, when
 * nothing else serves) sit under it. A pod a finalizer keeps instead stops (a 1.27+ kubelet posts
 * Succeeded) and leaves the endpoints; a StatefulSet still waits for it, and the rollout says so.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnCluster, firstReasonIs } from './testing/diagnose-cluster';
import type { DiagnoseReason } from './testing/diagnose-json';

const SIMULATE = 'switchboard.dev/simulate';

describeOnCluster(
  'switchboard diagnose: a rollout terminating the only pod is the cause',
  'empty',
  ({ ok, file, diagnoseUntil }) => {
    /** The rollout first, and the terminating pod and the empty Service under it. */
    const rolloutIsRoot = (reasons: DiagnoseReason[]) =>
      reasons[0]?.code === 'rollout-in-progress' &&
      ['pods-terminating', 'no-ready-endpoints'].every((code) =>
        reasons.some((r) => r.code === code && r.causedBy === 'rollout-in-progress'),
      );

    async function apply(name: string, manifest: string): Promise<string> {
      const path = file(`${name}.yaml`, manifest);
      await ok('apply', '-f', path);
      return path;
    }

    /** Its container will not stop on SIGTERM: deleted, the pod stays Terminating and Running. */
    async function hold(pod: string): Promise<void> {
      await ok('annotate', 'pod', pod, `${SIMULATE}=ignore-sigterm`);
    }

    async function setFinalizer(pod: string, held: boolean): Promise<void> {
      const finalizers = held ? ['switchboard.test/hold'] : null;
      await ok(
        'patch',
        'pod',
        pod,
        '--type=merge',
        '-p',
        JSON.stringify({ metadata: { finalizers } }),
      );
    }

    /** Its container exits: the pod goes and the rollout goes on. */
    async function release(pod: string): Promise<void> {
      await ok('annotate', 'pod', pod, `${SIMULATE}-`);
    }

    it('a one-pod StatefulSet: db-0 terminating is the rollout from its current to its update revision', async () => {
      const manifest = await apply(
        'db',
        `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 3600
      containers: [{name: db, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec:
  selector: {app: db}
  ports: [{port: 80}]
`,
      );
      await diagnoseUntil('default/db', firstReasonIs('healthy'));
      const current = await ok(
        'get',
        'statefulset',
        'db',
        '-o',
        'jsonpath={.status.currentRevision}',
      );
      await hold('db-0');
      await ok('set', 'image', 'statefulset/db', 'db=nginx:1.28');
      const update = await ok(
        'get',
        'statefulset',
        'db',
        '-o',
        'jsonpath={.status.updateRevision}',
      );
      const reasons = await diagnoseUntil('default/db', rolloutIsRoot);
      const rollout = reasons[0]!;
      assert.notEqual(current, update);
      assert.equal(
        rollout.summary,
        `StatefulSet db is rolling out from revision ${current} to revision ${update}: 0 of 1 pod updated, 0 ready. ` +
          `Pod db-0 of revision ${current} is terminating, to be replaced at revision ${update} ` +
          '(the controller replaces one pod at a time, highest ordinal first): nothing serves until a replacement is ready.',
      );
      assert.ok(rollout.commands.includes('kubectl rollout status statefulset/db -n default'));
      await release('db-0');
      await diagnoseUntil('default/db', firstReasonIs('healthy'));
      await ok('delete', '-f', manifest);
    });

    it('a one-pod StatefulSet whose old pod a finalizer keeps: it stops, and the rollout still waits for it and says why', async () => {
      const manifest = await apply(
        'vault',
        `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: vault, namespace: default}
spec:
  serviceName: vault
  replicas: 1
  selector: {matchLabels: {app: vault}}
  template:
    metadata: {labels: {app: vault}}
    spec: {containers: [{name: vault, image: nginx:1.27, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: vault, namespace: default}
spec:
  selector: {app: vault}
  ports: [{port: 80}]
`,
      );
      await diagnoseUntil('default/vault', firstReasonIs('healthy'));
      await setFinalizer('vault-0', true);
      await ok('set', 'image', 'statefulset/vault', 'vault=nginx:1.28');
      // A 1.27+ kubelet posts the terminal phase once the containers stop; the finalizer keeps
      // the pod, and the controller cannot create vault-0 again until it is gone.
      const reasons = await diagnoseUntil(
        'default/vault',
        (all) =>
          all[0]?.code === 'rollout-in-progress' &&
          ['no-endpoints', 'pods-terminating'].every((code) =>
            all.some((r) => r.code === code && r.causedBy === 'rollout-in-progress'),
          ),
      );
      assert.match(
        reasons[0]!.summary,
        /Pod vault-0 of revision \S+ is terminating, to be replaced at revision \S+ \(.*\); it has stopped \(phase Succeeded\), so only a finalizer keeps it: nothing serves until a replacement is ready\.$/,
      );
      assert.equal(
        await ok('get', 'pod', 'vault-0', '-o', 'jsonpath={.status.phase}'),
        'Succeeded',
      );
      await setFinalizer('vault-0', false);
      await diagnoseUntil('default/vault', firstReasonIs('healthy'));
      await ok('delete', '-f', manifest);
    });

    it("a one-node DaemonSet: its old pod terminating is the rollout's doing", async () => {
      const manifest = await apply(
        'logs',
        `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logs, namespace: default}
spec:
  selector: {matchLabels: {app: logs}}
  template:
    metadata: {labels: {app: logs}}
    spec:
      nodeSelector: {kubernetes.io/hostname: node-1}
      terminationGracePeriodSeconds: 3600
      containers: [{name: logs, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: logs, namespace: default}
spec:
  selector: {app: logs}
  ports: [{port: 80}]
`,
      );
      await diagnoseUntil('default/logs', firstReasonIs('healthy'));
      const pod = await ok(
        'get',
        'pods',
        '-l',
        'app=logs',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      );
      const old = await ok(
        'get',
        'pod',
        pod,
        '-o',
        'jsonpath={.metadata.labels.controller-revision-hash}',
      );
      await hold(pod);
      await ok('set', 'image', 'daemonset/logs', 'logs=nginx:1.28');
      // The controller creates the new pod only once the old one is gone (upstream's waits while
      // it is not terminal): nothing serves meanwhile.
      const reasons = await diagnoseUntil('default/logs', rolloutIsRoot);
      assert.match(
        reasons[0]!.summary,
        new RegExp(
          `^DaemonSet logs is rolling out from revision ${old} to (?:a new revision|revision \\w+): 0 of 1 pod updated, 0 ready\\. ` +
            `Pod ${pod} of revision ${old} is terminating, to be replaced at `,
        ),
      );
      assert.equal(
        await ok('get', 'pods', '-l', 'app=logs', '-o', 'jsonpath={.items[*].metadata.name}'),
        pod,
        'no new pod beside the terminating one',
      );
      assert.ok(reasons[0]!.commands.includes('kubectl rollout status daemonset/logs -n default'));
      await release(pod);
      await diagnoseUntil('default/logs', firstReasonIs('healthy'));
      await ok('delete', '-f', manifest);
    });

    it('a Recreate Deployment: while its old pod terminates there is no new ReplicaSet, and the rollout says it waits', async () => {
      const manifest = await apply(
        'ledger',
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: ledger, namespace: default}
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector: {matchLabels: {app: ledger}}
  template:
    metadata: {labels: {app: ledger}}
    spec:
      terminationGracePeriodSeconds: 3600
      containers: [{name: ledger, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: ledger, namespace: default}
spec:
  selector: {app: ledger}
  ports: [{port: 80}]
`,
      );
      await diagnoseUntil('default/ledger', firstReasonIs('healthy'));
      const pod = await ok(
        'get',
        'pods',
        '-l',
        'app=ledger',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      );
      const oldRs = await ok(
        'get',
        'rs',
        '-l',
        'app=ledger',
        '-o',
        'jsonpath={.items[*].metadata.name}',
      );
      await hold(pod);
      await ok('set', 'image', 'deployment/ledger', 'ledger=nginx:1.28');
      const reasons = await diagnoseUntil('default/ledger', rolloutIsRoot);
      assert.match(
        reasons[0]!.summary,
        new RegExp(
          '^Deployment ledger is rolling out a new revision: 0 of 1 pod updated, 0 ready\\. ' +
            'The Recreate strategy waits for the old pods to terminate before it creates the new revision ' +
            `\\(1 pod of the old ReplicaSet ${oldRs} \\(revision 1\\) is terminating\\): nothing serves until its pods are ready\\.$`,
        ),
      );
      // What the diagnosis read: the controller has not made the new ReplicaSet yet.
      assert.equal(
        await ok('get', 'rs', '-l', 'app=ledger', '-o', 'jsonpath={.items[*].metadata.name}'),
        oldRs,
      );
      await release(pod);
      await diagnoseUntil('default/ledger', firstReasonIs('healthy'));
      assert.equal(
        await ok(
          'get',
          'deployment',
          'ledger',
          '-o',
          "jsonpath={.metadata.annotations['deployment\\.kubernetes\\.io/revision']}",
        ),
        '2',
      );
      await ok('delete', '-f', manifest);
    });
  },
);
