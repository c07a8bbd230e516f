/** The list strategies of the served kinds, as k8s.io/api's patchStrategy/patchMergeKey tags. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listStrategy } from './patch-merge-keys';

describe('list strategies', () => {
  it('pod spec lists merge by their keys, wherever the pod spec sits', () => {
    for (const [resource, root] of [
      ['pods', ['spec']],
      ['deployments', ['spec', 'template', 'spec']],
      ['replicasets', ['spec', 'template', 'spec']],
      ['statefulsets', ['spec', 'template', 'spec']],
      ['daemonsets', ['spec', 'template', 'spec']],
    ] as const) {
      assert.deepEqual(listStrategy(resource, [...root, 'containers']), {
        type: 'merge',
        key: 'name',
      });
      assert.deepEqual(listStrategy(resource, [...root, 'containers', 'ports']), {
        type: 'merge',
        key: 'containerPort',
        secondaryKey: { name: 'protocol', default: 'TCP' },
      });
      assert.deepEqual(listStrategy(resource, [...root, 'initContainers', 'volumeMounts']), {
        type: 'merge',
        key: 'mountPath',
      });
      assert.deepEqual(listStrategy(resource, [...root, 'hostAliases']), {
        type: 'merge',
        key: 'ip',
      });
    }
  });

  it('metadata lists: ownerReferences by uid, finalizers as a set', () => {
    assert.deepEqual(listStrategy('services', ['metadata', 'ownerReferences']), {
      type: 'merge',
      key: 'uid',
    });
    assert.deepEqual(listStrategy('pods', ['metadata', 'finalizers']), { type: 'set' });
  });

  it('per-kind lists, and everything else is atomic', () => {
    assert.deepEqual(listStrategy('services', ['spec', 'ports']), {
      type: 'merge',
      key: 'port',
      secondaryKey: { name: 'protocol', default: 'TCP' },
    });
    assert.deepEqual(listStrategy('nodes', ['status', 'addresses']), {
      type: 'merge',
      key: 'type',
    });
    assert.deepEqual(listStrategy('nodes', ['spec', 'podCIDRs']), { type: 'set' });
    assert.deepEqual(listStrategy('pods', ['status', 'podIPs']), { type: 'merge', key: 'ip' });
    assert.deepEqual(listStrategy('serviceaccounts', ['secrets']), { type: 'merge', key: 'name' });
    assert.deepEqual(listStrategy('poddisruptionbudgets', ['status', 'conditions']), {
      type: 'merge',
      key: 'type',
    });
    assert.deepEqual(listStrategy('services', ['spec', 'externalIPs']), { type: 'atomic' });
    assert.deepEqual(listStrategy('endpoints', ['subsets']), { type: 'atomic' });
    assert.deepEqual(listStrategy('pods', ['spec', 'containers', 'args']), { type: 'atomic' });
  });
});
