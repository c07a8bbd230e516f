import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InternPool, slimmer } from './slim';
import type { EndpointSliceRecord, PodRecord, ServiceRecord } from '../topology/records';

const meta = (extra: Record<string, unknown> = {}) => ({
  uid: 'u1',
  name: 'n',
  namespace: 'default',
  resourceVersion: '7',
  creationTimestamp: '2026-01-01T00:00:00Z',
  managedFields: [{ manager: 'kubectl', fieldsV1: { big: 'x'.repeat(1000) } }],
  annotations: {
    'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}',
    'endpoints.kubernetes.io/over-capacity': 'truncated',
  },
  ...extra,
});

test('a pod keeps only what the map and diagnosis read', () => {
  const raw = {
    metadata: meta({
      labels: { app: 'web' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d', controller: true, uid: 'o' }],
    }),
    spec: {
      nodeName: 'node-1',
      containers: [
        {
          name: 'c',
          image: 'nginx',
          ports: [{ name: 'http', containerPort: 80 }],
          env: [{ name: 'X', value: 'y' }],
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      podIPs: [{ ip: '10.0.0.5' }],
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [c]',
        },
      ],
      containerStatuses: [
        {
          name: 'c',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
        },
      ],
    },
  };
  const pod = slimmer('Pod')(raw) as PodRecord;
  assert.deepEqual(pod, {
    kind: 'Pod',
    meta: {
      uid: 'u1',
      name: 'n',
      namespace: 'default',
      resourceVersion: '7',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'web' },
      annotations: { 'endpoints.kubernetes.io/over-capacity': 'truncated' },
    },
    phase: 'Running',
    ready: false,
    scheduled: true,
    nodeName: 'node-1',
    podIP: '10.0.0.5',
    readyReason: 'ContainersNotReady',
    readyMessage: 'containers with unready status: [c]',
    containerPorts: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
    containers: [
      {
        name: 'c',
        ready: false,
        restartCount: 3,
        state: 'waiting',
        reason: 'CrashLoopBackOff',
        message: 'back-off',
      },
    ],
    owner: { kind: 'ReplicaSet', name: 'web-5d', uid: 'o' },
  });
  assert.ok(!JSON.stringify(pod).includes('managedFields'));
});

test("a hostNetwork pod says so (its IP is its node's); any other pod carries no flag", () => {
  const running = (spec: object) =>
    slimmer('Pod')({
      metadata: meta({
        ownerReferences: [{ kind: 'DaemonSet', name: 'exporter', controller: true, uid: 'o' }],
      }),
      spec: { nodeName: 'node-1', containers: [{ name: 'c' }], ...spec },
      status: {
        phase: 'Running',
        podIP: '192.168.49.9',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    }) as PodRecord;
  assert.equal(running({ hostNetwork: true }).hostNetwork, true);
  assert.equal('hostNetwork' in running({}), false);
  assert.equal('hostNetwork' in running({ hostNetwork: false }), false);
});

test('a Service keeps an absent selector absent and an empty selector empty', () => {
  const s = slimmer('Service');
  const withSel = s({
    metadata: meta(),
    spec: { selector: {}, ports: [{ port: 80, targetPort: 'http' }], clusterIP: 'None' },
  }) as ServiceRecord;
  assert.deepEqual(withSel.selector, {});
  assert.equal(withSel.clusterIP, 'None');
  assert.deepEqual(withSel.ports, [{ protocol: 'TCP', port: 80, targetPort: 'http' }]);
  const without = s({
    metadata: meta(),
    spec: { type: 'ExternalName', externalName: 'db.example.com' },
  }) as ServiceRecord;
  assert.equal('selector' in without, false);
  assert.equal(without.type, 'ExternalName');
  assert.equal(without.externalName, 'db.example.com');
});

test('an EndpointSlice keeps conditions as served (absent stays absent) and its service link', () => {
  const slice = slimmer('EndpointSlice')({
    metadata: meta({
      labels: {
        'kubernetes.io/service-name': 'web',
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
    }),
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [
      {
        addresses: ['10.0.0.5'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'n1',
        targetRef: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'pu' },
      },
      { addresses: ['10.10.50.53'], conditions: {} },
    ],
  }) as EndpointSliceRecord;
  assert.equal(slice.serviceName, 'web');
  assert.equal(slice.managedBy, 'endpointslice-controller.k8s.io');
  assert.deepEqual(slice.endpoints[0], {
    addresses: ['10.0.0.5'],
    ready: true,
    serving: true,
    terminating: false,
    nodeName: 'n1',
    targetRef: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'pu' },
  });
  assert.deepEqual(slice.endpoints[1], { addresses: ['10.10.50.53'] });
});

test('a slice keeps no last-change-trigger-time (the controllers rewrite it on every change)', () => {
  const slice = slimmer('EndpointSlice')({
    metadata: meta({
      annotations: {
        'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:01Z',
        'endpoints.kubernetes.io/over-capacity': 'truncated',
      },
    }),
    addressType: 'IPv4',
    ports: [],
    endpoints: [],
  }) as EndpointSliceRecord;
  assert.deepEqual(slice.meta.annotations, {
    'endpoints.kubernetes.io/over-capacity': 'truncated',
  });
});

test('objects without a uid are dropped; list items without kind are fine', () => {
  assert.equal(slimmer('Pod')({ metadata: { name: 'x' } }), undefined);
  assert.equal(
    slimmer('Namespace')({ metadata: meta(), status: { phase: 'Active' } })?.kind,
    'Namespace',
  );
});

test('repeated strings are shared through the intern pool', () => {
  const pool = new InternPool();
  const s = slimmer('Pod', pool);
  const a = s({
    metadata: meta({ uid: 'a', namespace: 'team-' + 'x' }),
    spec: { nodeName: 'node-' + 1 },
  }) as PodRecord;
  const b = s({
    metadata: meta({ uid: 'b', namespace: ['team', 'x'].join('-') }),
    spec: { nodeName: ['node', 1].join('-') },
  }) as PodRecord;
  assert.equal(a.meta.namespace, b.meta.namespace);
  assert.ok(pool.size >= 2);
});

test('targetRefs and Endpoints addresses serialise with the served fields in one order, whichever are there', () => {
  const full = { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'p1' };
  const endpoints = slimmer('Endpoints')({
    metadata: { uid: 'e1', name: 'web', namespace: 'shop', resourceVersion: '1' },
    subsets: [
      {
        addresses: [
          { targetRef: full, nodeName: 'n1', ip: '10.0.0.1' },
          {
            ip: '10.0.0.2',
            hostname: 'h',
            nodeName: 'n1',
            targetRef: { uid: 'p2', name: 'web-2' },
          },
          { ip: '10.0.0.3', targetRef: { name: 'web-3', namespace: 'shop' } },
          { ip: '10.0.0.4', nodeName: 'n1' },
        ],
      },
    ],
  });
  assert.equal(
    JSON.stringify(endpoints && 'subsets' in endpoints ? endpoints.subsets[0]!.addresses : null),
    JSON.stringify([
      {
        ip: '10.0.0.1',
        nodeName: 'n1',
        targetRef: { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'p1' },
      },
      {
        ip: '10.0.0.2',
        hostname: 'h',
        nodeName: 'n1',
        targetRef: { kind: '', name: 'web-2', uid: 'p2' },
      },
      { ip: '10.0.0.3', targetRef: { kind: '', name: 'web-3', namespace: 'shop' } },
      { ip: '10.0.0.4', nodeName: 'n1' },
    ]),
  );
});

test('pods and metadata serialise with their fields in one order, whether or not every usual field is there', () => {
  const raw = (extra: { owner?: boolean; labels?: boolean; ready?: boolean }) => ({
    metadata: {
      uid: 'p1',
      name: 'web-1',
      namespace: 'shop',
      resourceVersion: '3',
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl', operation: 'Update', time: '2026-01-01T00:00:00Z' }],
      ...(extra.labels ? { labels: { app: 'web' } } : {}),
      ...(extra.owner
        ? { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-x', controller: true }] }
        : {}),
    },
    spec: { nodeName: 'n1', containers: [{ ports: [{ containerPort: 80 }] }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [{ type: 'Ready', status: extra.ready ? 'True' : 'False', reason: 'R' }],
    },
  });
  const keys = (o: object | undefined) => Object.keys(o ?? {}).join(',');
  const usual = slimmer('Pod')(raw({ owner: true, labels: true, ready: true })) as PodRecord;
  const other = slimmer('Pod')(raw({})) as PodRecord;
  assert.equal(
    keys(usual),
    'kind,meta,phase,ready,scheduled,containerPorts,containers,nodeName,podIP,owner',
  );
  assert.equal(
    keys(other),
    'kind,meta,phase,ready,scheduled,containerPorts,containers,nodeName,podIP,readyReason',
  );
  assert.equal(
    keys(usual.meta),
    'uid,name,namespace,resourceVersion,creationTimestamp,labels,lastChange',
  );
  assert.equal(keys(other.meta), 'uid,name,namespace,resourceVersion,creationTimestamp,lastChange');
  const svcMeta = slimmer('Service')({ metadata: raw({ labels: true }).metadata, spec: {} })!.meta;
  assert.equal(
    keys(svcMeta),
    'uid,name,namespace,resourceVersion,creationTimestamp,labels,lastChange',
  );
  const sliceMeta = slimmer('EndpointSlice')({ metadata: raw({ labels: true }).metadata })!.meta;
  assert.equal(keys(sliceMeta), 'uid,name,namespace,resourceVersion,creationTimestamp,labels');
});
