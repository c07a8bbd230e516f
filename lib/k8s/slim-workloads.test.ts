import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateDigest } from './pod-template';
import { InternPool, slimmer } from './slim';
import type { RawObject } from './watch-events';
import type {
  DaemonSetRecord,
  DeploymentRecord,
  PodRecord,
  ReplicaSetRecord,
  ServiceRecord,
  StatefulSetRecord,
} from '../topology/records';

/** Wire JSON as a test writes it (RawObject types only the metadata fields the cache reads). */
const raw = (object: Record<string, unknown>) => object as RawObject;

const template = {
  metadata: { labels: { app: 'api', tier: 'web' } },
  spec: {
    containers: [
      { name: 'api', image: 'ghcr.io/acme/api:2.1.0', env: [{ name: 'X', value: 'y' }] },
      { name: 'sidecar', image: 'envoy:1.30' },
    ],
  },
};

/** A Deployment as the embedded cluster serves it after `kubectl apply` then `kubectl scale`. */
const deployment = {
  metadata: {
    uid: 'd1',
    name: 'api',
    namespace: 'default',
    resourceVersion: '42',
    generation: 3,
    annotations: {
      'deployment.kubernetes.io/revision': '7',
      'kubernetes.io/change-cause': 'kubectl set image deployment/api api=ghcr.io/acme/api:2.1.0',
      'kubectl.kubernetes.io/last-applied-configuration':
        '{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":3}}\n',
    },
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-12-03T12:00:00Z',
        fieldsV1: { 'f:spec': { 'f:template': {} } },
      },
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-12-03T12:19:31Z',
        subresource: 'status',
        fieldsV1: { 'f:status': {} },
      },
      {
        manager: 'kubectl',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-12-03T12:19:30Z',
        subresource: 'scale',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ],
  },
  spec: {
    replicas: 0,
    selector: {
      matchLabels: { app: 'api' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'edge'] }],
    },
    template,
    progressDeadlineSeconds: 600,
    strategy: { type: 'RollingUpdate' },
  },
  status: {
    observedGeneration: 3,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
        lastUpdateTime: '2026-12-03T12:19:31Z',
        lastTransitionTime: '2026-12-03T12:00:05Z',
      },
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "api-6c4f" has timed out progressing.',
        lastUpdateTime: '2026-12-03T12:30:00Z',
      },
    ],
  },
};

test('a Deployment keeps its selector, template, revision, counts, conditions and who scaled it', () => {
  const rec = slimmer('Deployment')(raw(deployment)) as DeploymentRecord;
  assert.deepEqual(rec, {
    kind: 'Deployment',
    meta: {
      uid: 'd1',
      name: 'api',
      namespace: 'default',
      resourceVersion: '42',
      lastChange: {
        manager: 'kubectl',
        operation: 'Update',
        time: '2026-12-03T12:19:30Z',
        subresource: 'scale',
      },
    },
    selector: { app: 'api' },
    selectorExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'edge'] }],
    templateLabels: { app: 'api', tier: 'web' },
    images: ['ghcr.io/acme/api:2.1.0', 'envoy:1.30'],
    generation: 3,
    observedGeneration: 3,
    replicas: 0,
    paused: false,
    progressDeadlineSeconds: 600,
    templateDigest: templateDigest(deployment.spec.template),
    revision: '7',
    changeCause: 'kubectl set image deployment/api api=ghcr.io/acme/api:2.1.0',
    status: { replicas: 0, ready: 0, available: 0, updated: 0 },
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
        lastUpdateTime: '2026-12-03T12:19:31Z',
        lastTransitionTime: '2026-12-03T12:00:05Z',
      },
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "api-6c4f" has timed out progressing.',
        lastUpdateTime: '2026-12-03T12:30:00Z',
      },
    ],
    replicasChange: {
      manager: 'kubectl',
      operation: 'Update',
      time: '2026-12-03T12:19:30Z',
      subresource: 'scale',
    },
    appliedReplicas: 3,
  });
  assert.ok(!JSON.stringify(rec).includes('fieldsV1'));
  assert.ok(!JSON.stringify(rec).includes('RollingUpdate'));
});

test('a ReplicaSet keeps its owner (with uid), revision and counts; absent replicas default to 1', () => {
  const rec = slimmer('ReplicaSet')(
    raw({
      metadata: {
        uid: 'rs1',
        name: 'api-6c4f',
        namespace: 'default',
        resourceVersion: '9',
        annotations: { 'deployment.kubernetes.io/revision': '8' },
        ownerReferences: [
          { kind: 'Other', name: 'x', uid: 'o' },
          { kind: 'Deployment', name: 'api', uid: 'd1', controller: true },
        ],
      },
      spec: { selector: { matchLabels: { app: 'api' } }, template },
      status: { replicas: 1, readyReplicas: 0, fullyLabeledReplicas: 1 },
    }),
  ) as ReplicaSetRecord;
  assert.equal(rec.replicas, 1);
  assert.equal(rec.revision, '8');
  assert.deepEqual(rec.owner, { kind: 'Deployment', name: 'api', uid: 'd1' });
  assert.deepEqual(rec.status, { replicas: 1, ready: 0, available: 0 });
  assert.equal(rec.replicasChange, undefined);
  assert.equal(rec.appliedReplicas, undefined);
  assert.equal('selectorExpressions' in rec, false);
});

test('a StatefulSet keeps its revisions; a DaemonSet its desired/ready counts and no replicas', () => {
  const ss = slimmer('StatefulSet')(
    raw({
      metadata: { uid: 's1', name: 'db', namespace: 'data', resourceVersion: '1' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'db' } }, template },
      status: {
        replicas: 3,
        readyReplicas: 2,
        availableReplicas: 2,
        updatedReplicas: 1,
        currentRevision: 'db-7d9',
        updateRevision: 'db-8e1',
      },
    }),
  ) as StatefulSetRecord;
  assert.deepEqual(ss.status, { replicas: 3, ready: 2, available: 2, updated: 1 });
  assert.equal(ss.currentRevision, 'db-7d9');
  assert.equal(ss.updateRevision, 'db-8e1');
  const ds = slimmer('DaemonSet')(
    raw({
      metadata: { uid: 'ds1', name: 'logs', namespace: 'kube-system', resourceVersion: '1' },
      spec: { selector: { matchLabels: { app: 'logs' } }, template },
      status: {
        desiredNumberScheduled: 4,
        currentNumberScheduled: 4,
        numberReady: 3,
        numberAvailable: 3,
        updatedNumberScheduled: 4,
      },
    }),
  ) as DaemonSetRecord;
  assert.deepEqual(ds.status, { desired: 4, current: 4, ready: 3, available: 3, updated: 4 });
  assert.equal('replicas' in ds, false);
  assert.equal('partition' in ss || 'onDelete' in ss || 'onDelete' in ds, false);
});

test("update strategies: a StatefulSet's partition (above 0 only) and OnDelete on both kinds", () => {
  const set = (updateStrategy: unknown) =>
    slimmer('StatefulSet')(
      raw({
        metadata: { uid: 's1', name: 'db', namespace: 'data', resourceVersion: '1' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'db' } }, template, updateStrategy },
      }),
    ) as StatefulSetRecord;
  assert.equal(set({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } }).partition, 2);
  assert.equal(
    'partition' in set({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } }),
    false,
  );
  assert.equal(set({ type: 'OnDelete' }).onDelete, true);
  const ds = slimmer('DaemonSet')(
    raw({
      metadata: { uid: 'ds1', name: 'logs', namespace: 'kube-system', resourceVersion: '1' },
      spec: {
        selector: { matchLabels: { app: 'logs' } },
        template,
        updateStrategy: { type: 'OnDelete' },
      },
    }),
  ) as DaemonSetRecord;
  assert.equal(ds.onDelete, true);
});

test("a DaemonSet keeps its template generation (the annotation its pods' pod-template-generation follows)", () => {
  const ds = (annotations: Record<string, string> | undefined) =>
    slimmer('DaemonSet')(
      raw({
        metadata: {
          uid: 'ds1',
          name: 'logs',
          namespace: 'kube-system',
          resourceVersion: '1',
          generation: 5,
          ...(annotations ? { annotations } : {}),
        },
        spec: { selector: { matchLabels: { app: 'logs' } }, template },
      }),
    ) as DaemonSetRecord;
  assert.equal(ds({ 'deprecated.daemonset.template.generation': '3' }).templateGeneration, 3);
  assert.equal('templateGeneration' in ds(undefined), false);
  assert.equal(
    'templateGeneration' in ds({ 'deprecated.daemonset.template.generation': 'x' }),
    false,
  );
});

test('a Service says who last set its selector; a pod who last wrote it (status writes never count)', () => {
  const svc = slimmer('Service')(
    raw({
      metadata: {
        uid: 's',
        name: 'web',
        namespace: 'default',
        resourceVersion: '5',
        managedFields: [
          {
            manager: 'kubectl-client-side-apply',
            operation: 'Update',
            time: '2026-12-03T12:00:00Z',
            fieldsV1: { 'f:spec': { 'f:ports': {}, 'f:selector': {} } },
          },
          {
            manager: 'kubectl-edit',
            operation: 'Update',
            time: '2026-12-03T12:19:30Z',
            fieldsV1: { 'f:spec': { 'f:selector': { 'f:app': {} } } },
          },
          {
            manager: 'kubectl-label',
            operation: 'Update',
            time: '2026-12-03T12:25:00Z',
            fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } } },
          },
        ],
      },
      spec: { selector: { app: 'ngnix' }, ports: [{ port: 80 }] },
    }),
  ) as ServiceRecord;
  assert.deepEqual(svc.selectorChange, {
    manager: 'kubectl-edit',
    operation: 'Update',
    time: '2026-12-03T12:19:30Z',
  });
  assert.equal(svc.meta.lastChange?.manager, 'kubectl-label');

  const pool = new InternPool();
  const podOf = (uid: string) =>
    slimmer(
      'Pod',
      pool,
    )(
      raw({
        metadata: {
          uid,
          name: uid,
          namespace: 'default',
          resourceVersion: '1',
          managedFields: [
            {
              manager: 'kube-controller-manager',
              operation: 'Update',
              time: '2026-12-03T12:00:01Z',
              fieldsV1: { 'f:metadata': {} },
            },
            {
              manager: 'kubelet',
              operation: 'Update',
              time: '2026-12-03T12:00:09Z',
              subresource: 'status',
              fieldsV1: { 'f:status': {} },
            },
          ],
        },
      }),
    ) as PodRecord;
  const a = podOf('a');
  const b = podOf('b');
  assert.deepEqual(a.meta.lastChange, {
    manager: 'kube-controller-manager',
    operation: 'Update',
    time: '2026-12-03T12:00:01Z',
  });
  // Pods of one ReplicaSet created in the same second share one stamp (150k pods in memory).
  assert.equal(a.meta.lastChange, b.meta.lastChange);
});

test('kinds without "who changed it" keep no stamp; entries without manager or operation are skipped', () => {
  const managedFields = [{ manager: 'x', operation: 'Update', time: '2026-12-03T12:00:00Z' }];
  const node = slimmer('Node')(
    raw({
      metadata: { uid: 'n', name: 'n', resourceVersion: '1', managedFields },
    }),
  );
  assert.equal(node?.meta.lastChange, undefined);
  const svc = slimmer('Service')(
    raw({
      metadata: {
        uid: 's',
        name: 's',
        namespace: 'd',
        resourceVersion: '1',
        managedFields: [{ manager: 'kubectl', fieldsV1: {} }, 'junk', null],
      },
      spec: {},
    }),
  );
  assert.equal(svc?.meta.lastChange, undefined);
});

test('a Deployment and the ReplicaSet made of its template share a template digest; Recreate is kept', () => {
  const rs = (tpl: unknown, owner = true) =>
    slimmer('ReplicaSet')(
      raw({
        metadata: {
          uid: `rs-${JSON.stringify(tpl).length}-${owner}`,
          name: 'api-5f7d',
          namespace: 'default',
          resourceVersion: '1',
          ...(owner
            ? {
                ownerReferences: [
                  {
                    apiVersion: 'apps/v1',
                    kind: 'Deployment',
                    name: 'api',
                    uid: 'd1',
                    controller: true,
                  },
                ],
              }
            : {}),
        },
        spec: { replicas: 1, selector: { matchLabels: { app: 'api' } }, template: tpl },
      }),
    ) as ReplicaSetRecord;
  const d = (strategy?: unknown) =>
    slimmer('Deployment')(
      raw({ ...deployment, spec: { ...deployment.spec, template, strategy } }),
    ) as DeploymentRecord;
  const own = d();
  assert.match(own.templateDigest ?? '', /^[0-9a-f]{16}$/);
  const withHash = {
    ...template,
    metadata: { labels: { 'pod-template-hash': '5f7d', tier: 'web', app: 'api' } },
  };
  assert.equal(
    rs(withHash).templateDigest,
    own.templateDigest,
    'pod-template-hash and key order aside',
  );
  // What a client-side `kubectl set image` leaves in the Deployment's template only.
  const nulls = {
    ...withHash,
    metadata: { ...withHash.metadata, creationTimestamp: null, annotations: {} },
  };
  assert.equal(rs(nulls).templateDigest, own.templateDigest, 'nulls and empty maps aside');
  const restarted = {
    ...withHash,
    metadata: {
      ...withHash.metadata,
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-05T12:00:00Z' },
    },
  };
  assert.notEqual(rs(restarted).templateDigest, own.templateDigest, 'a rollout restart differs');
  assert.equal('templateDigest' in rs(withHash, false), false, 'a bare ReplicaSet needs none');
  assert.equal(d({ type: 'Recreate' }).recreate, true);
  assert.equal('recreate' in own, false);
});
