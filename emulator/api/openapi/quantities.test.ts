// Quantity fields of decoded bodies: found through the served schemas, canonicalized in place,
// the first malformed one reported with ParseQuantity's message and nothing rewritten then.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERR_FORMAT_WRONG } from '../validation/quantity';
import { canonicalizeQuantities } from './quantities';

const container = (resources: Record<string, unknown>) => ({
  name: 'c',
  image: 'nginx',
  resources,
});

describe('canonicalizeQuantities', () => {
  it('rewrites a pod’s requests, limits, overhead, init containers and emptyDir sizeLimit', () => {
    const pod = {
      spec: {
        containers: [container({ requests: { cpu: '0.5', memory: '1024Mi' }, limits: { cpu: 2 } })],
        initContainers: [container({ limits: { cpu: '1000m', 'ephemeral-storage': '1.5Gi' } })],
        overhead: { cpu: '250m', memory: null },
        volumes: [
          { name: 'v', emptyDir: { sizeLimit: '1000Mi' } },
          { name: 'w', hostPath: {} },
        ],
      },
    };
    assert.equal(canonicalizeQuantities('pods', pod), undefined);
    assert.deepEqual(pod.spec.containers[0]!.resources, {
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '2' },
    });
    assert.deepEqual(pod.spec.initContainers[0]!.resources, {
      limits: { cpu: '1', 'ephemeral-storage': '1536Mi' },
    });
    assert.deepEqual(pod.spec.overhead, { cpu: '250m', memory: '0' });
    assert.deepEqual(pod.spec.volumes[0], { name: 'v', emptyDir: { sizeLimit: '1000Mi' } });
  });

  it('rewrites pod templates of workloads and node capacity', () => {
    const deployment = {
      spec: { template: { spec: { containers: [container({ requests: { memory: '0.5Gi' } })] } } },
    };
    assert.equal(canonicalizeQuantities('deployments', deployment), undefined);
    assert.deepEqual(deployment.spec.template.spec.containers[0]!.resources, {
      requests: { memory: '512Mi' },
    });
    const node = { status: { capacity: { cpu: 4, memory: '8192Mi', pods: '110' } } };
    assert.equal(canonicalizeQuantities('nodes', node), undefined);
    assert.deepEqual(node.status.capacity, { cpu: '4', memory: '8Gi', pods: '110' });
  });

  it('reports the first malformed quantity and leaves the object as sent', () => {
    const pod = {
      spec: {
        containers: [container({ requests: { cpu: '0.5', memory: '1Gb' }, limits: { cpu: 'x' } })],
      },
    };
    assert.equal(canonicalizeQuantities('pods', pod), ERR_FORMAT_WRONG);
    assert.deepEqual(pod.spec.containers[0]!.resources.requests, { cpu: '0.5', memory: '1Gb' });
  });

  it('does not look inside open objects or kinds without quantities', () => {
    const pod = { spec: { containers: [{ name: 'c', securityContext: { cpu: 'x y' } }] } };
    assert.equal(canonicalizeQuantities('pods', pod), undefined);
    assert.equal(canonicalizeQuantities('services', { spec: { ports: [{ port: 1 }] } }), undefined);
  });
});
