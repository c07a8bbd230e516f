// Table conversion: columns and cells as kubectl prints them, and HumanDuration ages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { toTable } from '../index';
import { humanDuration } from './duration';
import { printPodRow } from './printers';

const NOW = new Date('2026-01-10T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const meta = (name: string, age = 300) => ({
  name,
  namespace: 'default',
  uid: `uid-${name}`,
  creationTimestamp: ago(age),
});

function table(
  resource: Parameters<typeof toTable>[0],
  objects: KubeObject[],
  includeObject?: 'None' | 'Metadata' | 'Object',
) {
  return toTable(
    resource,
    objects,
    { resourceVersion: '42' },
    { now: NOW, ...(includeObject ? { includeObject } : {}) },
  ) as {
    kind: string;
    apiVersion: string;
    metadata: Record<string, unknown>;
    columnDefinitions: { name: string; priority: number; type: string; format: string }[];
    rows: { cells: unknown[]; object?: Record<string, unknown>; conditions?: unknown[] }[];
  };
}
const columns = (t: ReturnType<typeof table>) =>
  t.columnDefinitions.map((c) => (c.priority ? `[${c.name}]` : c.name));
const cells = (t: ReturnType<typeof table>) => t.rows.map((r) => r.cells);

describe('humanDuration', () => {
  const cases: [number, string][] = [
    [-5, '<invalid>'],
    [-0.5, '0s'],
    [0, '0s'],
    [45, '45s'],
    [119, '119s'],
    [120, '2m'],
    [125, '2m5s'],
    [599, '9m59s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 5 * 60, '3h5m'],
    [8 * 3600, '8h'],
    [47 * 3600, '47h'],
    [2 * 86400 + 3 * 3600, '2d3h'],
    [7 * 86400, '7d'],
    [8 * 86400, '8d'],
    [729 * 86400, '729d'],
    [3 * 365 * 86400 + 10 * 86400, '3y10d'],
    [9 * 365 * 86400, '9y'],
  ];
  for (const [s, want] of cases)
    it(`${s}s → ${want}`, () => assert.equal(humanDuration(s * 1000), want));
});

describe('services table', () => {
  const svc = (
    name: string,
    spec: Record<string, unknown>,
    status: Record<string, unknown> = {},
  ): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec, status });
  const t = table('services', [
    svc('ingress-nginx', {
      type: 'NodePort',
      clusterIP: '10.96.12.7',
      clusterIPs: ['10.96.12.7'],
      ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30001 }],
      selector: { app: 'nginx' },
    }),
    svc('external-web', {
      type: 'ClusterIP',
      clusterIP: '10.96.3.4',
      clusterIPs: ['10.96.3.4'],
      ports: [{ port: 80, protocol: 'TCP' }],
    }),
    svc('db', {
      type: 'ClusterIP',
      clusterIP: 'None',
      clusterIPs: ['None'],
      selector: { tier: 'db', app: 'pg' },
    }),
    svc('legacy', { type: 'ExternalName', externalName: 'legacy.example.com' }),
    svc('lb', {
      type: 'LoadBalancer',
      clusterIP: '10.96.9.9',
      clusterIPs: ['10.96.9.9'],
      ports: [
        { port: 443, protocol: 'TCP', nodePort: 31443 },
        { name: 'dns', port: 53, protocol: 'UDP', nodePort: 31053 },
      ],
    }),
    svc(
      'lb2',
      {
        type: 'LoadBalancer',
        clusterIP: '10.96.9.8',
        clusterIPs: ['10.96.9.8'],
        externalIPs: ['203.0.113.9'],
        ports: [{ port: 80, protocol: 'TCP', nodePort: 31080 }],
      },
      { loadBalancer: { ingress: [{ ip: '198.51.100.1' }, { hostname: 'lb.example.com' }] } },
    ),
    svc('ext', {
      type: 'ClusterIP',
      clusterIP: '10.96.9.7',
      clusterIPs: ['10.96.9.7'],
      externalIPs: ['203.0.113.1', '203.0.113.2'],
      ports: [{ port: 80, protocol: 'TCP' }],
    }),
  ]);
  it("has kubectl's columns, Selector only with -o wide", () => {
    assert.deepEqual(columns(t), [
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      '[Selector]',
    ]);
    assert.equal(t.columnDefinitions[0]?.format, 'name');
  });
  it('prints the cells', () => {
    assert.deepEqual(cells(t), [
      ['ingress-nginx', 'NodePort', '10.96.12.7', '<none>', '80:30001/TCP', '5m', 'app=nginx'],
      ['external-web', 'ClusterIP', '10.96.3.4', '<none>', '80/TCP', '5m', '<none>'],
      ['db', 'ClusterIP', 'None', '<none>', '<none>', '5m', 'app=pg,tier=db'],
      ['legacy', 'ExternalName', '<none>', 'legacy.example.com', '<none>', '5m', '<none>'],
      [
        'lb',
        'LoadBalancer',
        '10.96.9.9',
        '<pending>',
        '443:31443/TCP,53:31053/UDP',
        '5m',
        '<none>',
      ],
      [
        'lb2',
        'LoadBalancer',
        '10.96.9.8',
        '198.51.100.1,lb.example.com,203.0.113.9',
        '80:31080/TCP',
        '5m',
        '<none>',
      ],
      ['ext', 'ClusterIP', '10.96.9.7', '203.0.113.1,203.0.113.2', '80/TCP', '5m', '<none>'],
    ]);
  });
  it('carries PartialObjectMetadata rows by default, whole objects or none on request', () => {
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.metadata, { resourceVersion: '42' });
    assert.deepEqual(t.rows[0]?.object, {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: meta('ingress-nginx'),
    });
    const full = table('services', [svc('a', { type: 'ClusterIP' })], 'Object');
    assert.equal(full.rows[0]?.object?.kind, 'Service');
    assert.deepEqual(full.rows[0]?.object?.spec, { type: 'ClusterIP' });
    const none = table('services', [svc('a', { type: 'ClusterIP' })], 'None');
    assert.equal(none.rows[0]?.object, undefined);
  });
  it('passes the continue token on', () => {
    const paged = toTable('services', [], { resourceVersion: '7', continue: 'abc' }, {});
    assert.deepEqual(paged.metadata, { resourceVersion: '7', continue: 'abc' });
  });
});

describe('endpoints table', () => {
  const ep = (name: string, subsets: unknown[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(name, 50),
    subsets,
  });
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));
  it('lists ip:port, at most 3 then "+ N more..."', () => {
    const t = table('endpoints', [
      ep('two', [{ addresses: addrs('10.244.1.5', '10.244.2.7'), ports: [{ port: 80 }] }]),
      ep('none', []),
      ep('five', [
        {
          addresses: addrs('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'),
          ports: [{ port: 8080 }],
        },
      ]),
      ep('two-ports', [
        {
          addresses: addrs('10.0.0.1', '10.0.0.2'),
          ports: [
            { name: 'a', port: 80 },
            { name: 'b', port: 443 },
          ],
        },
      ]),
      ep('headless', [{ addresses: addrs('10.0.0.9') }]),
      ep('ipv6', [{ addresses: addrs('2001:db8::1'), ports: [{ port: 80 }] }]),
      ep('not-ready-only', [{ notReadyAddresses: addrs('10.0.0.1'), ports: [{ port: 80 }] }]),
    ]);
    assert.deepEqual(columns(t), ['Name', 'Endpoints', 'Age']);
    assert.deepEqual(cells(t), [
      ['two', '10.244.1.5:80,10.244.2.7:80', '50s'],
      ['none', '<none>', '50s'],
      ['five', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more...', '50s'],
      ['two-ports', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...', '50s'],
      ['headless', '10.0.0.9', '50s'],
      ['ipv6', '[2001:db8::1]:80', '50s'],
      ['not-ready-only', '<none>', '50s'],
    ]);
  });
});

describe('endpointslices table', () => {
  const slice = (name: string, body: Record<string, unknown>): KubeObject => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(name),
    ...body,
  });
  it('prints AddressType, Ports and Endpoints with <unset>', () => {
    const t = table('endpointslices', [
      slice('web-abc', {
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.7'] }],
      }),
      slice('empty', { addressType: 'IPv4', ports: null, endpoints: [] }),
      slice('many', {
        addressType: 'IPv4',
        ports: [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }, { name: 'x' }],
        endpoints: [
          { addresses: ['10.0.0.1'] },
          { addresses: ['10.0.0.2'] },
          { addresses: ['10.0.0.3'] },
          { addresses: ['10.0.0.4'] },
        ],
      }),
      slice('all-ports', {
        addressType: 'FQDN',
        ports: [{ name: '' }],
        endpoints: [{ addresses: ['db.example.com'] }],
      }),
    ]);
    assert.deepEqual(columns(t), ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
    assert.deepEqual(cells(t), [
      ['web-abc', 'IPv4', '80', '10.244.1.5,10.244.2.7', '5m'],
      ['empty', 'IPv4', '<unset>', '<unset>', '5m'],
      ['many', 'IPv4', '1,2,3 + 2 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '5m'],
      ['all-ports', 'FQDN', '<unset>', 'db.example.com', '5m'],
    ]);
  });
});

describe('pods table', () => {
  const pod = (
    name: string,
    spec: Record<string, unknown>,
    status: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta(name, 3600), ...extra },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
    status,
  });
  const running = { running: { startedAt: ago(3000) } };
  it('has the wide columns', () => {
    assert.deepEqual(columns(table('pods', [])), [
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      '[IP]',
      '[Node]',
      '[Nominated Node]',
      '[Readiness Gates]',
    ]);
  });
  const cases: { name: string; pod: KubeObject; want: unknown[] }[] = [
    {
      name: 'running and ready',
      pod: pod(
        'web',
        { nodeName: 'node-1' },
        {
          phase: 'Running',
          podIP: '10.244.1.5',
          podIPs: [{ ip: '10.244.1.5' }],
          containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }],
        },
      ),
      want: ['web', '1/1', 'Running', '0', '60m', '10.244.1.5', 'node-1', '<none>', '<none>'],
    },
    {
      name: 'pending, unscheduled',
      pod: pod('p', {}, { phase: 'Pending' }),
      want: ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'ContainerCreating',
      pod: pod(
        'p',
        { nodeName: 'node-2' },
        {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ContainerCreating' } },
            },
          ],
        },
      ),
      want: ['p', '0/1', 'ContainerCreating', '0', '60m', '<none>', 'node-2', '<none>', '<none>'],
    },
    {
      name: 'CrashLoopBackOff with restarts and when',
      pod: pod(
        'p',
        {},
        {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              restartCount: 5,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(90) } },
            },
          ],
        },
      ),
      want: [
        'p',
        '0/1',
        'CrashLoopBackOff',
        '5 (90s ago)',
        '60m',
        '<none>',
        '<none>',
        '<none>',
        '<none>',
      ],
    },
    {
      name: 'running but not ready',
      pod: pod(
        'p',
        {},
        {
          phase: 'Running',
          containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: running }],
        },
      ),
      want: ['p', '0/1', 'Running', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'Terminating',
      pod: pod(
        'p',
        {},
        {
          phase: 'Running',
          containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }],
        },
        { deletionTimestamp: ago(-30) },
      ),
      want: ['p', '1/1', 'Terminating', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'Completed',
      pod: pod(
        'p',
        {},
        {
          phase: 'Succeeded',
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      ),
      want: ['p', '0/1', 'Completed', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'exit code without reason',
      pod: pod(
        'p',
        {},
        {
          phase: 'Failed',
          containerStatuses: [
            { name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 137 } } },
          ],
        },
      ),
      want: ['p', '0/1', 'ExitCode:137', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'Evicted (status.reason)',
      pod: pod('p', {}, { phase: 'Failed', reason: 'Evicted' }),
      want: ['p', '0/1', 'Evicted', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'init containers running',
      pod: pod(
        'p',
        {
          initContainers: [
            { name: 'i1', image: 'x' },
            { name: 'i2', image: 'x' },
          ],
        },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', ready: true, restartCount: 0, state: { terminated: { exitCode: 0 } } },
            { name: 'i2', ready: false, restartCount: 0, state: running },
          ],
        },
      ),
      want: ['p', '0/1', 'Init:1/2', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'init container crash looping',
      pod: pod(
        'p',
        { initContainers: [{ name: 'i1', image: 'x' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'i1',
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        },
      ),
      want: [
        'p',
        '0/1',
        'Init:CrashLoopBackOff',
        '3',
        '60m',
        '<none>',
        '<none>',
        '<none>',
        '<none>',
      ],
    },
    {
      name: 'readiness gates',
      pod: pod(
        'p',
        {
          readinessGates: [
            { conditionType: 'www.example.com/feature-1' },
            { conditionType: 'x/y' },
          ],
        },
        {
          phase: 'Running',
          conditions: [{ type: 'www.example.com/feature-1', status: 'True' }],
          containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }],
        },
      ),
      want: ['p', '1/1', 'Running', '0', '60m', '<none>', '<none>', '<none>', '1/2'],
    },
    {
      name: 'nominated node',
      pod: pod('p', {}, { phase: 'Pending', nominatedNodeName: 'node-3' }),
      want: ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', 'node-3', '<none>'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(printPodRow(c.pod, NOW).cells, c.want));
  it('marks completed pods with a row condition', () => {
    const row = printPodRow(pod('p', {}, { phase: 'Succeeded' }), NOW);
    assert.deepEqual(row.conditions, [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });
});

describe('other kinds', () => {
  it('nodes', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        ...meta('node-1', 7200),
        namespace: undefined,
        labels: { 'node-role.kubernetes.io/control-plane': '' },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.3' }],
        nodeInfo: {
          kubeletVersion: 'v1.33.0',
          osImage: 'Debian',
          kernelVersion: '6.8',
          containerRuntimeVersion: 'containerd://2.1.3',
        },
      },
    };
    const t = table('nodes', [node]);
    assert.deepEqual(columns(t), [
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      '[Internal-IP]',
      '[External-IP]',
      '[OS-Image]',
      '[Kernel-Version]',
      '[Container-Runtime]',
    ]);
    assert.deepEqual(cells(t), [
      [
        'node-1',
        'Ready,SchedulingDisabled',
        'control-plane',
        '120m',
        'v1.33.0',
        '172.18.0.3',
        '<none>',
        'Debian',
        '6.8',
        'containerd://2.1.3',
      ],
    ]);
  });
  it('namespaces', () => {
    const t = table('namespaces', [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta('shop', 86400 * 3),
        status: { phase: 'Terminating' },
      },
    ]);
    assert.deepEqual(columns(t), ['Name', 'Status', 'Age']);
    assert.deepEqual(cells(t), [['shop', 'Terminating', '3d']]);
  });
  it('events', () => {
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('web.1'),
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container  ',
      involvedObject: {
        kind: 'Pod',
        name: 'web',
        namespace: 'default',
        fieldPath: 'spec.containers{c}',
      },
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(600),
      lastTimestamp: ago(30),
      count: 7,
    };
    const t = table('events', [ev]);
    assert.deepEqual(columns(t), [
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      '[Subobject]',
      '[Source]',
      'Message',
      '[First Seen]',
      '[Count]',
      '[Name]',
    ]);
    assert.deepEqual(cells(t), [
      [
        '30s',
        'Warning',
        'BackOff',
        'pod/web',
        'spec.containers{c}',
        'kubelet, node-1',
        'Back-off restarting failed container',
        '10m',
        7,
        'web.1',
      ],
    ]);
  });
  it('deployments and replicasets', () => {
    const spec = {
      replicas: 4,
      selector: {
        matchLabels: { app: 'nginx' },
        matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['b', 'a'] }],
      },
      template: {
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.27' },
            { name: 'side', image: 'busybox' },
          ],
        },
      },
    };
    const d = table('deployments', [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta('nginx-deployment'),
        spec,
        status: { replicas: 4, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
      },
    ]);
    assert.deepEqual(columns(d), [
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      '[Containers]',
      '[Images]',
      '[Selector]',
    ]);
    assert.deepEqual(cells(d), [
      [
        'nginx-deployment',
        '2/4',
        3,
        2,
        '5m',
        'nginx,side',
        'nginx:1.27,busybox',
        'app=nginx,tier notin (a,b)',
      ],
    ]);
    const r = table('replicasets', [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: meta('nginx-deployment-abc'),
        spec,
        status: { replicas: 3, readyReplicas: 1 },
      },
    ]);
    assert.deepEqual(columns(r), [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Age',
      '[Containers]',
      '[Images]',
      '[Selector]',
    ]);
    assert.deepEqual(cells(r), [
      [
        'nginx-deployment-abc',
        4,
        3,
        1,
        '5m',
        'nginx,side',
        'nginx:1.27,busybox',
        'app=nginx,tier notin (a,b)',
      ],
    ]);
  });
});
