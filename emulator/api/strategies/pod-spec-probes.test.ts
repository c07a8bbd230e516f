/**
 * Probe and lifecycle-hook validation (pkg/apis/core/validation/validation.go validateHandler,
 * validateProbe and friends; cases after validation_test.go's TestValidateProbe,
 * TestValidateHandler and TestValidateInitContainers): exactly one handler, ports, timings,
 * successThreshold 1 for liveness and startup probes, probe grace periods, hooks' sleep action,
 * and init containers' restartPolicy rules — with upstream's paths and messages, on Pods and on
 * the pod templates upstream validates (not StatefulSets').
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, ResourceName } from '../../core/types';
import { fakeContext, rendered, write } from '../testdata/context';

const pod = (
  container: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx', ...container }], ...extra },
});
const causesOf = (object: KubeObject, minor?: number, resource: ResourceName = 'pods') =>
  rendered(write(resource, object, { ctx: fakeContext([], minor) }).causes);

const C = 'spec.containers[0]';

describe('probe handlers', () => {
  it('may not name more than one handler, and must name one', () => {
    const causes = causesOf(
      pod({
        livenessProbe: { exec: { command: ['true'] }, httpGet: { port: 80 }, grpc: { port: 9 } },
        readinessProbe: { periodSeconds: 5 },
      }),
    );
    assert.deepEqual(causes, [
      `${C}.livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type`,
      `${C}.livenessProbe.grpc: Forbidden: may not specify more than 1 handler type`,
      `${C}.readinessProbe: Required value: must specify a handler type`,
    ]);
  });

  it('a null action is no action (a nil pointer)', () => {
    assert.deepEqual(causesOf(pod({ livenessProbe: { exec: null, tcpSocket: { port: 80 } } })), []);
  });

  it('checks each action: command, port numbers and names, scheme, header names', () => {
    const causes = causesOf(
      pod({
        livenessProbe: { exec: {} },
        readinessProbe: {
          httpGet: { port: 70000, scheme: 'FTP', httpHeaders: [{ name: 'X Bad', value: '1' }] },
        },
        startupProbe: { tcpSocket: { port: 'not_a_port' } },
        lifecycle: { postStart: { httpGet: { port: 'http' } }, preStop: { tcpSocket: {} } },
      }),
    );
    assert.deepEqual(causes, [
      `${C}.lifecycle.preStop.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive`,
      `${C}.livenessProbe.exec.command: Required value`,
      `${C}.readinessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `${C}.readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`,
      `${C}.readinessProbe.httpGet.httpHeaders: Invalid value: "X Bad": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`,
      `${C}.startupProbe.tcpSocket.port: Invalid value: "not_a_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
    ]);
  });

  it('a gRPC probe needs its port', () => {
    assert.deepEqual(causesOf(pod({ readinessProbe: { grpc: {} } })), [
      `${C}.readinessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive`,
    ]);
  });
});

describe('probe timings', () => {
  it('are non-negative; liveness and startup probes need successThreshold 1', () => {
    const causes = causesOf(
      pod({
        livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: -1, successThreshold: 2 },
        readinessProbe: { tcpSocket: { port: 80 }, successThreshold: 3, initialDelaySeconds: -5 },
        startupProbe: { tcpSocket: { port: 80 }, failureThreshold: -2, successThreshold: -1 },
      }),
    );
    assert.deepEqual(causes, [
      `${C}.livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0`,
      `${C}.livenessProbe.successThreshold: Invalid value: 2: must be 1`,
      `${C}.readinessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0`,
      `${C}.startupProbe.successThreshold: Invalid value: -1: must be greater than or equal to 0`,
      `${C}.startupProbe.failureThreshold: Invalid value: -2: must be greater than or equal to 0`,
      `${C}.startupProbe.successThreshold: Invalid value: -1: must be 1`,
    ]);
  });

  it('a probe grace period is positive, and readiness probes have none', () => {
    const causes = causesOf(
      pod({
        livenessProbe: { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 0 },
        readinessProbe: { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 10 },
        startupProbe: { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 10 },
      }),
    );
    assert.deepEqual(causes, [
      `${C}.livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`,
      `${C}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes`,
    ]);
  });
});

describe('lifecycle hooks', () => {
  it('need one handler each', () => {
    const causes = causesOf(
      pod({
        lifecycle: { preStop: {}, postStart: { exec: { command: ['a'] }, sleep: { seconds: 1 } } },
      }),
    );
    assert.deepEqual(causes, [
      `${C}.lifecycle.postStart.sleep: Forbidden: may not specify more than 1 handler type`,
      `${C}.lifecycle.preStop: Required value: must specify a handler type`,
    ]);
  });

  it('sleep stays within the pod’s grace period, by release', () => {
    const hooks = (seconds: number) =>
      pod(
        { lifecycle: { preStop: { sleep: { seconds } } } },
        { terminationGracePeriodSeconds: 20 },
      );
    const path = `${C}.lifecycle.preStop.sleep`;
    assert.deepEqual(causesOf(hooks(0), 33), []);
    assert.deepEqual(causesOf(hooks(21), 33), [
      `${path}: Invalid value: 21: must be non-negative and less than terminationGracePeriodSeconds (20)`,
    ]);
    assert.deepEqual(causesOf(hooks(0), 32), [
      `${path}: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (20). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
    ]);
    assert.deepEqual(causesOf(hooks(0), 31), [
      `${path}: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (20)`,
    ]);
    assert.deepEqual(causesOf(hooks(5), 31), []);
  });
});

describe('init containers', () => {
  const withInit = (init: Record<string, unknown>) =>
    pod({}, { initContainers: [{ name: 'i', image: 'busybox', ...init }] });
  const I = 'spec.initContainers[0]';

  it('may have no probes or hooks unless restartable', () => {
    const causes = causesOf(
      withInit({
        lifecycle: { preStop: { exec: { command: ['x'] } } },
        livenessProbe: { tcpSocket: { port: 80 } },
        startupProbe: { tcpSocket: { port: 80 } },
      }),
    );
    assert.deepEqual(causes, [
      `${I}.lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always`,
      `${I}.livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
      `${I}.startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
    ]);
    assert.deepEqual(causesOf(withInit({ readinessProbe: { exec: { command: ['x'] } } }), 27), [
      `${I}.readinessProbe: Forbidden: may not be set for init containers`,
    ]);
  });

  it('restartable (sidecar) ones are validated like containers; restartPolicy is Always or unset', () => {
    assert.deepEqual(
      causesOf(
        withInit({
          restartPolicy: 'Always',
          livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 },
        }),
      ),
      [`${I}.livenessProbe.successThreshold: Invalid value: 2: must be 1`],
    );
    assert.deepEqual(causesOf(withInit({ restartPolicy: 'OnFailure' })), [
      `${I}.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`,
    ]);
    assert.deepEqual(causesOf(pod({ restartPolicy: 'Always' })), [
      `${C}.restartPolicy: Forbidden: may not be set for non-init containers`,
    ]);
  });

  it('names are unique across both lists, the duplicate reported on the init container', () => {
    assert.deepEqual(causesOf(withInit({ name: 'c' })), [`${I}.name: Duplicate value: "c"`]);
  });
});

describe('pod templates', () => {
  const template = {
    metadata: { labels: { app: 'a' } },
    spec: { containers: [{ name: 'c', image: 'nginx', livenessProbe: { successThreshold: 2 } }] },
  };
  const apps = (kind: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'a', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'a' } }, template, ...extra },
  });
  const T = 'spec.template.spec.containers[0].livenessProbe';
  const expected = [
    `${T}: Required value: must specify a handler type`,
    `${T}.successThreshold: Invalid value: 2: must be 1`,
  ];
  for (const [resource, kind] of [
    ['deployments', 'Deployment'],
    ['replicasets', 'ReplicaSet'],
    ['daemonsets', 'DaemonSet'],
  ] as const)
    it(`${kind}: validated as upstream validates templates`, () => {
      assert.deepEqual(causesOf(apps(kind), 33, resource), expected);
    });

  it('StatefulSet: not validated (ValidatePodTemplateSpecForStatefulSet skips the PodSpec)', () => {
    assert.deepEqual(causesOf(apps('StatefulSet', { serviceName: 'a' }), 33, 'statefulsets'), []);
  });
});
