/**
 * What watching workloads and reading "who changed it" cost the cache, in-process:
 *   node --expose-gc --conditions=react-server --import tsx bench/topology-workload-records.ts [--pods 150000]
 * Raw objects are generated here as the apiserver serves them (a pod with its ownerReference and
 * two managedFields entries: the ReplicaSet controller's create and the kubelet's status; pods of
 * one ReplicaSet created in the same second), slimmed by lib/k8s/slim.ts with one intern pool
 * kept alive as the cache keeps it, and measured with --expose-gc as the heap retained by the
 * records (and the pool) per object, and the CPU time of slimming:
 *   - pods with their managedFields (today: `meta.lastChange` read from them) against the same
 *     pods with managedFields stripped before slimming (what the records held before);
 *   - one Deployment and one ReplicaSet per 15 pods (the added kinds), per record.
 * The embedded cluster's `large:N` scenario has bare pods only (no workloads), so the dashboard
 * server benchmark's added kinds are empty lists there; this is where their cost is measured.
 */
import { loadavg } from 'node:os';
import { InternPool, slimmer } from '../lib/k8s/slim';
import type { RawObject } from '../lib/k8s/watch-events';
import type { SlimRecord } from '../lib/topology/records';

const argv = process.argv.slice(2);
const PODS = Number(argv[argv.indexOf('--pods') + 1] || 150_000) || 150_000;
const PER_RS = 15;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const second = (i: number) =>
  new Date(Date.UTC(2026, 11, 3, 10, 0, 0) + Math.floor(i / PER_RS) * 1000)
    .toISOString()
    .replace('.000', '');

function rawPod(i: number, managed: boolean): RawObject {
  const rs = Math.floor(i / PER_RS);
  const ns = `ns-${rs % 1000}`;
  const time = second(i);
  const metadata: Record<string, unknown> = {
    uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `app-${rs}-5d8f9c7b6-${i.toString(36)}`,
    namespace: ns,
    resourceVersion: String(1000 + i),
    creationTimestamp: time,
    labels: { app: `app-${rs}`, 'pod-template-hash': '5d8f9c7b6' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: `app-${rs}-5d8f9c7b6`,
        uid: `rs-${rs}`,
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  };
  if (managed) {
    metadata.managedFields = [
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'v1',
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} }, 'f:ownerReferences': {} },
          'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } },
        },
      },
      {
        manager: 'kubelet',
        operation: 'Update',
        apiVersion: 'v1',
        time,
        fieldsType: 'FieldsV1',
        subresource: 'status',
        fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:podIP': {} } },
      },
    ];
  }
  return {
    metadata,
    spec: {
      nodeName: `node-${i % 5000}`,
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }],
    },
    status: {
      phase: 'Running',
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
    },
  } as unknown as RawObject;
}

function rawWorkload(kind: 'Deployment' | 'ReplicaSet', i: number): RawObject {
  const name = kind === 'Deployment' ? `app-${i}` : `app-${i}-5d8f9c7b6`;
  const labels = { app: `app-${i}` };
  return {
    metadata: {
      uid: `${kind}-${i}`,
      name,
      namespace: `ns-${i % 1000}`,
      resourceVersion: String(i),
      generation: 1,
      annotations: {
        'deployment.kubernetes.io/revision': '1',
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          apiVersion: 'apps/v1',
          kind,
          metadata: { name, namespace: `ns-${i % 1000}` },
          spec: { replicas: PER_RS, selector: { matchLabels: labels } },
        }),
      },
      ...(kind === 'ReplicaSet'
        ? {
            ownerReferences: [
              { kind: 'Deployment', name: `app-${i}`, uid: `Deployment-${i}`, controller: true },
            ],
          }
        : {}),
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          time: second(i * PER_RS),
          fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': {} } },
        },
      ],
    },
    spec: {
      replicas: PER_RS,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: PER_RS,
      readyReplicas: PER_RS,
      availableReplicas: PER_RS,
      updatedReplicas: PER_RS,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}" has successfully progressed.`,
        },
      ],
    },
  } as unknown as RawObject;
}

function measure(
  label: string,
  count: number,
  make: (i: number) => RawObject,
  kind: SlimRecord['kind'],
) {
  const before = heap();
  const pool = new InternPool();
  const toRecord = slimmer(kind, pool);
  const records: SlimRecord[] = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const r = toRecord(make(i));
    if (r) records.push(r);
  }
  const c = process.cpuUsage(c0);
  const after = heap();
  const perObject = (after - before) / count;
  console.log(
    `  ${label.padEnd(58)} ${perObject.toFixed(0).padStart(6)} B retained each, slimming ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms cpu for ${count}`,
  );
  // Keep both alive until measured.
  if (records.length !== count || pool.size < 0) throw new Error('lost records');
  return perObject;
}

console.log(
  `workload records and "who changed it" — node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`${PODS} pods, ${PODS / PER_RS} Deployments and as many ReplicaSets\n`);
const bare = measure(
  'pods, managedFields stripped before slimming (before)',
  PODS,
  (i) => rawPod(i, false),
  'Pod',
);
const stamped = measure(
  'pods with managedFields → meta.lastChange (now)',
  PODS,
  (i) => rawPod(i, true),
  'Pod',
);
console.log(
  `  → who-changed-it costs ${(stamped - bare).toFixed(0)} B per pod (${(((stamped - bare) * PODS) / 2 ** 20).toFixed(1)} MiB at ${PODS} pods)`,
);
const n = Math.floor(PODS / PER_RS);
const dep = measure(
  'Deployments (added kind)',
  n,
  (i) => rawWorkload('Deployment', i),
  'Deployment',
);
const rs = measure(
  'ReplicaSets (added kind)',
  n,
  (i) => rawWorkload('ReplicaSet', i),
  'ReplicaSet',
);
console.log(
  `  → the added kinds hold ${(((dep + rs) * n) / 2 ** 20).toFixed(1)} MiB for ${n} Deployments + ${n} ReplicaSets`,
);
