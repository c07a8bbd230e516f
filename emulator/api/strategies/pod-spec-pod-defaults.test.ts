/**
 * SetDefaults_Pod's Pod-only rules (pkg/apis/core/v1/defaults.go): requests copied from limits
 * (containers and init containers, only the resources missing from requests, never ephemeral
 * containers, never templates) and host ports from container ports under hostNetwork (Pods in
 * every release; templates too in 1.27 only, before DefaultHostNetworkHostPortsInPodTemplates).
 * Validation runs on the defaulted Pod, so a bad limit is reported on the copied request too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, ResourceName } from '../../core/types';
import { fakeContext, rendered, write } from '../testdata/context';

type Json = Record<string, unknown>;
type Spec = { containers: Json[]; initContainers?: Json[]; ephemeralContainers?: Json[] };

const pod = (spec: Json): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec,
});
const workload = (kind: string, podSpec: Json): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'w', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'w' } },
    ...(kind === 'StatefulSet' ? { serviceName: 'w' } : {}),
    template: { metadata: { labels: { app: 'w' } }, spec: podSpec },
  },
});
const TEMPLATED: [ResourceName, string][] = [
  ['deployments', 'Deployment'],
  ['replicasets', 'ReplicaSet'],
  ['statefulsets', 'StatefulSet'],
  ['daemonsets', 'DaemonSet'],
];

const podSpecOf = (object: KubeObject): Spec => object.spec as Spec;
const templateSpecOf = (object: KubeObject): Spec =>
  (object.spec as { template: { spec: Spec } }).template.spec;
const resourcesOf = (c: Json | undefined) => c?.resources as Json;

describe('SetDefaults_Pod: requests default to limits', () => {
  const spec = {
    containers: [
      {
        name: 'app',
        image: 'x',
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { memory: '64Mi' } },
      },
      { name: 'side', image: 'x', resources: { limits: { 'example.com/dongle': '2' } } },
    ],
    initContainers: [{ name: 'init', image: 'x', resources: { limits: { cpu: '1' } } }],
  };

  for (const minor of [27, 33])
    it(`a Pod's containers and init containers get each missing request (1.${minor})`, () => {
      const { object, causes } = write('pods', pod(spec), { ctx: fakeContext([], minor) });
      assert.deepEqual(causes, []);
      const [app, side] = podSpecOf(object).containers;
      assert.deepEqual(resourcesOf(app), {
        limits: { cpu: '500m', memory: '128Mi' },
        requests: { memory: '64Mi', cpu: '500m' },
      });
      assert.deepEqual(resourcesOf(side), {
        limits: { 'example.com/dongle': '2' },
        requests: { 'example.com/dongle': '2' },
      });
      assert.deepEqual(resourcesOf(podSpecOf(object).initContainers?.[0]), {
        limits: { cpu: '1' },
        requests: { cpu: '1' },
      });
    });

  it('the copied requests make the Pod Guaranteed', () => {
    const { object } = write(
      'pods',
      pod({
        containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
      }),
    );
    assert.equal((object.status as Json).qosClass, 'Guaranteed');
  });

  it('ephemeral containers and empty limits are left alone', () => {
    const { object } = write(
      'pods',
      pod({
        containers: [{ name: 'c', image: 'x', resources: { limits: {} } }],
        ephemeralContainers: [{ name: 'debug', image: 'x', resources: { limits: { cpu: '1' } } }],
      }),
    );
    assert.deepEqual(resourcesOf(podSpecOf(object).containers[0]), { limits: {} });
    assert.deepEqual(resourcesOf(podSpecOf(object).ephemeralContainers?.[0]), {
      limits: { cpu: '1' },
    });
  });

  for (const [resource, kind] of TEMPLATED)
    it(`${kind} templates keep requests unset`, () => {
      const { object, causes } = write(resource, workload(kind, spec));
      assert.deepEqual(causes, []);
      const [app, side] = templateSpecOf(object).containers;
      assert.deepEqual(resourcesOf(app), spec.containers[0]?.resources);
      assert.deepEqual(resourcesOf(side), { limits: { 'example.com/dongle': '2' } });
    });

  it('validation sees the copied request: a bad limit is reported on both, a template’s once', () => {
    const bad = { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '-1' } } }] };
    const negative = 'Invalid value: "-1": must be greater than or equal to 0';
    assert.deepEqual(rendered(write('pods', pod(bad)).causes), [
      `spec.containers[0].resources.limits[cpu]: ${negative}`,
      `spec.containers[0].resources.requests[cpu]: ${negative}`,
    ]);
    assert.deepEqual(rendered(write('deployments', workload('Deployment', bad)).causes), [
      `spec.template.spec.containers[0].resources.limits[cpu]: ${negative}`,
    ]);
  });
});

describe('hostNetwork: container ports default their hostPort', () => {
  const spec = {
    hostNetwork: true,
    containers: [
      {
        name: 'c',
        image: 'x',
        ports: [{ containerPort: 80 }, { containerPort: 8443, hostPort: 9443 }],
      },
    ],
    initContainers: [{ name: 'i', image: 'x', ports: [{ containerPort: 5000 }] }],
  };
  const hostPorts = (s: Spec) =>
    [...s.containers, ...(s.initContainers ?? [])].flatMap((c) =>
      (c.ports as Json[]).map((p) => p.hostPort),
    );

  for (const minor of [27, 28, 31, 33])
    it(`on Pods (1.${minor})`, () => {
      const { object, causes } = write('pods', pod(spec), { ctx: fakeContext([], minor) });
      assert.deepEqual(causes, []);
      assert.deepEqual(hostPorts(podSpecOf(object)), [80, 9443, 5000]);
    });

  it('not without hostNetwork', () => {
    const { object } = write('pods', pod({ ...spec, hostNetwork: false }));
    assert.deepEqual(hostPorts(podSpecOf(object)), [undefined, 9443, undefined]);
  });

  for (const [resource, kind] of TEMPLATED) {
    it(`on ${kind} templates in 1.27 (SetDefaults_PodSpec)`, () => {
      const { object, causes } = write(resource, workload(kind, spec), {
        ctx: fakeContext([], 27),
      });
      assert.deepEqual(causes, []);
      assert.deepEqual(hostPorts(templateSpecOf(object)), [80, 9443, 5000]);
    });
    for (const minor of [28, 33])
      it(`not on ${kind} templates from 1.28 (1.${minor}: Pods only)`, () => {
        const { object } = write(resource, workload(kind, spec), { ctx: fakeContext([], minor) });
        assert.deepEqual(hostPorts(templateSpecOf(object)), [undefined, 9443, undefined]);
      });
  }
});
