/**
 * Container defaults (pkg/apis/core/v1/defaults.go and the generated SetObjectDefaults): probes
 * (SetDefaults_Probe), their and lifecycle hooks' HTTP actions (SetDefaults_HTTPGetAction), the
 * gRPC action's service, on Pods and on every workload's pod template.
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
  lifecycle: { preStop: { httpGet: { port: 'http', path: '/quit' } }, postStart: { exec: {} } },
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
    postStart: { exec: {} },
  },
};

const template = {
  metadata: { labels: { app: 'a' } },
  spec: { containers: [container], initContainers: [{ ...container, name: 'i' }] },
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
    assert.deepEqual(containersOf(object, false), [DEFAULTED, { ...DEFAULTED, name: 'i' }]);
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
        { ...DEFAULTED, name: 'i' },
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
