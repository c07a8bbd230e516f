/**
 * Container defaults (pkg/apis/core/v1/defaults.go and the generated SetObjectDefaults): probes
 * (SetDefaults_Probe), their and lifecycle hooks' HTTP actions (SetDefaults_HTTPGetAction), the
 * gRPC action's service, on Pods and on every workload's pod template (the init container is a
 * restartable one, the only kind that may have probes and hooks).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, ResourceName } from '../../core/types';
import { write } from '../testdata/context';

const container = {
  name: 'c',
  image: 'nginx:1.27',
  readinessProbe: { httpGet: { port: 80 } },
  livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, failureThreshold: 0 },
  startupProbe: { grpc: { port: 9000 }, timeoutSeconds: 4 },
  lifecycle: {
    preStop: { httpGet: { port: 'http', path: '/quit' } },
    postStart: { exec: { command: ['true'] } },
  },
};

const DEFAULTED = {
  name: 'c',
  image: 'nginx:1.27',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
  readinessProbe: {
    httpGet: { port: 80, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  },
  livenessProbe: {
    tcpSocket: { port: 80 },
    timeoutSeconds: 1,
    periodSeconds: 5,
    successThreshold: 1,
    failureThreshold: 3,
  },
  startupProbe: {
    grpc: { port: 9000, service: '' },
    timeoutSeconds: 4,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  },
  lifecycle: {
    preStop: { httpGet: { port: 'http', path: '/quit', scheme: 'HTTP' } },
    postStart: { exec: { command: ['true'] } },
  },
};

const template = {
  metadata: { labels: { app: 'a' } },
  spec: {
    containers: [container],
    initContainers: [{ ...container, name: 'i', restartPolicy: 'Always' }],
  },
};
const apps = (kind: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'a', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'a' } }, template, ...extra },
});

function containersOf(object: KubeObject, templated: boolean): unknown[] {
  const spec = object.spec as { template?: { spec: Record<string, unknown> } };
  const podSpec = (templated ? spec.template?.spec : object.spec) as Record<string, unknown[]>;
  return [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])];
}

describe('probe and handler defaults', () => {
  it('Pods', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: template.spec,
    };
    const { object, causes } = write('pods', pod);
    assert.deepEqual(causes, []);
    assert.deepEqual(containersOf(object, false), [
      DEFAULTED,
      { ...DEFAULTED, name: 'i', restartPolicy: 'Always' },
    ]);
    assert.equal((object.spec as Record<string, unknown>).preemptionPolicy, 'PreemptLowerPriority');
  });

  const workloads: [ResourceName, KubeObject][] = [
    ['deployments', apps('Deployment')],
    ['replicasets', apps('ReplicaSet')],
    ['statefulsets', apps('StatefulSet', { serviceName: 'a' })],
    ['daemonsets', apps('DaemonSet')],
  ];
  for (const [resource, object] of workloads)
    it(`${resource} templates`, () => {
      const written = write(resource, object);
      assert.deepEqual(written.causes, []);
      assert.deepEqual(containersOf(written.object, true), [
        DEFAULTED,
        { ...DEFAULTED, name: 'i', restartPolicy: 'Always' },
      ]);
    });

  it('leaves set values alone, negative ones for validation', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'x',
            readinessProbe: {
              httpGet: { port: 8443, path: '/healthz', scheme: 'HTTPS' },
              timeoutSeconds: -1,
              periodSeconds: 2,
              successThreshold: 1,
              failureThreshold: 7,
            },
          },
        ],
      },
    };
    const [c] = containersOf(write('pods', pod).object, false) as Record<string, unknown>[];
    assert.deepEqual(c?.readinessProbe, {
      httpGet: { port: 8443, path: '/healthz', scheme: 'HTTPS' },
      timeoutSeconds: -1,
      periodSeconds: 2,
      successThreshold: 1,
      failureThreshold: 7,
    });
  });
});

describe('volume-source and fieldRef defaults (SetObjectDefaults over a PodSpec)', () => {
  const spec = {
    containers: [
      {
        name: 'c',
        image: 'x',
        env: [
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'V1', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
        ],
      },
    ],
    volumes: [
      { name: 'bare' },
      { name: 'nulled', configMap: null },
      { name: 'cm', configMap: { name: 'settings' } },
      { name: 'kept', secret: { secretName: 'tls', defaultMode: 256 } },
      { name: 'host', hostPath: { path: '/var/log' } },
      {
        name: 'down',
        downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
      },
      {
        name: 'proj',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token' } },
            { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
          ],
        },
      },
      {
        name: 'disk',
        iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.x:t', lun: 0 },
      },
      {
        name: 'scratch',
        ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } },
      },
    ],
  };
  const expectedVolumes = [
    { name: 'bare', emptyDir: {} },
    { name: 'nulled', emptyDir: {} },
    { name: 'cm', configMap: { name: 'settings', defaultMode: 420 } },
    { name: 'kept', secret: { secretName: 'tls', defaultMode: 256 } },
    { name: 'host', hostPath: { path: '/var/log', type: '' } },
    {
      name: 'down',
      downwardAPI: {
        items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } }],
        defaultMode: 420,
      },
    },
    {
      name: 'proj',
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
          {
            downwardAPI: {
              items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }],
            },
          },
        ],
        defaultMode: 420,
      },
    },
    {
      name: 'disk',
      iscsi: {
        targetPortal: '10.0.0.1:3260',
        iqn: 'iqn.2001-04.com.x:t',
        lun: 0,
        iscsiInterface: 'default',
      },
    },
    {
      name: 'scratch',
      ephemeral: {
        volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } },
      },
    },
  ];
  const expectedEnv = [
    { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
    { name: 'V1', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
  ];

  it('Pods', () => {
    const { object, causes } = write('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec,
    });
    assert.deepEqual(causes, []);
    const s = object.spec as { volumes: unknown; containers: { env: unknown }[] };
    assert.deepEqual(s.volumes, expectedVolumes);
    assert.deepEqual(s.containers[0]?.env, expectedEnv);
  });

  it('Deployment templates', () => {
    const { object, causes } = write('deployments', {
      ...apps('Deployment'),
      spec: {
        selector: { matchLabels: { app: 'a' } },
        template: { metadata: { labels: { app: 'a' } }, spec },
      },
    });
    assert.deepEqual(causes, []);
    const s = (object.spec as { template: { spec: { volumes: unknown } } }).template.spec;
    assert.deepEqual(s.volumes, expectedVolumes);
  });

  it('RBD, AzureDisk and ScaleIO fields', () => {
    const { object } = write('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [{ name: 'c', image: 'x' }],
        volumes: [
          { name: 'r', rbd: { monitors: ['m'], image: 'i' } },
          { name: 'a', azureDisk: { diskName: 'd', diskURI: 'u' } },
          { name: 's', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'x' } } },
        ],
      },
    });
    assert.deepEqual((object.spec as { volumes: unknown }).volumes, [
      {
        name: 'r',
        rbd: {
          monitors: ['m'],
          image: 'i',
          pool: 'rbd',
          user: 'admin',
          keyring: '/etc/ceph/keyring',
        },
      },
      {
        name: 'a',
        azureDisk: {
          diskName: 'd',
          diskURI: 'u',
          cachingMode: 'ReadWrite',
          fsType: 'ext4',
          readOnly: false,
          kind: 'Shared',
        },
      },
      {
        name: 's',
        scaleIO: {
          gateway: 'g',
          system: 's',
          secretRef: { name: 'x' },
          storageMode: 'ThinProvisioned',
          fsType: 'xfs',
        },
      },
    ]);
  });
});
