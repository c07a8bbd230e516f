/**
 * Strategic merge patch with the served kinds' merge keys and directives, as kubectl apply and
 * edit send it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './errors';
import { applyStrategicMergePatch } from './strategic-merge-patch';

describe('strategic merge patch', () => {
  const deployment = {
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1',
              ports: [
                { containerPort: 80, protocol: 'TCP' },
                { containerPort: 443, protocol: 'TCP' },
              ],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              args: ['--a', '--b'],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      },
    },
  };

  it('merges containers by name and ports by containerPort', () => {
    const out = applyStrategicMergePatch('deployments', deployment, {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:2',
                ports: [{ containerPort: 8080 }],
                env: [{ name: 'B', value: '3' }],
                args: ['--c'],
              },
            ],
          },
        },
      },
    }) as typeof deployment;
    const [web, sidecar] = out.spec.template.spec.containers;
    assert.equal(web!.image, 'nginx:2');
    assert.deepEqual(
      web!.ports!.map((p) => p.containerPort),
      [80, 443, 8080],
    );
    assert.deepEqual(web!.env, [
      { name: 'A', value: '1' },
      { name: 'B', value: '3' },
    ]);
    assert.deepEqual(web!.args, ['--c'], 'lists without a merge key are replaced');
    assert.equal(sidecar!.name, 'sidecar');
  });

  it('honours $patch: delete in a merged list and on a map', () => {
    const out = applyStrategicMergePatch('deployments', deployment, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'sidecar', $patch: 'delete' },
              { name: 'web', ports: [{ containerPort: 443, $patch: 'delete' }] },
            ],
          },
        },
      },
    }) as typeof deployment;
    assert.deepEqual(
      out.spec.template.spec.containers.map((c) => c.name),
      ['web'],
    );
    assert.deepEqual(
      out.spec.template.spec.containers[0]!.ports!.map((p) => p.containerPort),
      [80],
    );
    const noTemplate = applyStrategicMergePatch('deployments', deployment, {
      spec: { template: { $patch: 'delete' } },
    }) as { spec: Record<string, unknown> };
    assert.equal('template' in noTemplate.spec, false);
  });

  it('honours $patch: replace on a list and on a map', () => {
    const out = applyStrategicMergePatch('deployments', deployment, {
      spec: {
        template: {
          spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] },
        },
      },
    }) as typeof deployment;
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'only', image: 'x' }]);
    const map = applyStrategicMergePatch(
      'services',
      { spec: { selector: { a: '1', b: '2' } } },
      {
        spec: { selector: { c: '3', $patch: 'replace' } },
      },
    );
    assert.deepEqual(map, { spec: { selector: { c: '3' } } });
  });

  it('orders a merged list by $setElementOrder (kubectl apply)', () => {
    const out = applyStrategicMergePatch('deployments', deployment, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
            containers: [{ name: 'web', image: 'nginx:3' }],
          },
        },
      },
    }) as typeof deployment;
    assert.deepEqual(
      out.spec.template.spec.containers.map((c) => `${c.name}:${c.image}`),
      ['sidecar:busybox', 'web:nginx:3'],
    );
  });

  it('merges Service ports by port, preferring the same protocol', () => {
    const svc = {
      spec: {
        ports: [
          { name: 'dns', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        ],
      },
    };
    const out = applyStrategicMergePatch('services', svc, {
      spec: {
        ports: [
          { port: 53, protocol: 'UDP', targetPort: 5353 },
          { port: 80, $patch: 'delete' },
        ],
      },
    }) as typeof svc;
    assert.deepEqual(out.spec.ports, [
      { name: 'dns', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 5353 },
    ]);
  });

  it('merges finalizers as a set and applies $deleteFromPrimitiveList', () => {
    const out = applyStrategicMergePatch(
      'pods',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['c', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] } },
    );
    assert.deepEqual(out, { metadata: { finalizers: ['a', 'c'] } });
  });

  it('applies $retainKeys and null deletion', () => {
    const out = applyStrategicMergePatch(
      'deployments',
      {
        spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, paused: true },
      },
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' }, paused: null } },
    );
    assert.deepEqual(out, { spec: { strategy: { type: 'Recreate' } } });
  });

  it('merges pod status conditions by type', () => {
    const out = applyStrategicMergePatch(
      'pods',
      {
        status: {
          conditions: [
            { type: 'Ready', status: 'False' },
            { type: 'PodScheduled', status: 'True' },
          ],
        },
      },
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    );
    assert.deepEqual(out, {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    });
  });

  it('refuses an item without its merge key in a list the original has: ErrNoMergeKey, a 500', () => {
    assert.throws(
      () =>
        applyStrategicMergePatch(
          'pods',
          { spec: { containers: [] } },
          {
            spec: { containers: [{ image: 'x' }] },
          },
        ),
      (err: unknown) =>
        err instanceof ApiError &&
        err.code === 500 &&
        err.reason === '' &&
        err.message === 'map: map[image:x] does not contain declared merge key: name',
    );
  });

  it('takes a list the original lacks from the patch as it is: keyless and duplicate items stay for validation', () => {
    const out = applyStrategicMergePatch(
      'deployments',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
      {
        spec: {
          template: {
            spec: {
              initContainers: [
                { image: 'x' },
                { name: 'i', image: 'a', env: [{ value: '1' }] },
                { name: 'i', image: 'b' },
              ],
            },
          },
        },
      },
    );
    assert.deepEqual(out, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'c', image: 'nginx' }],
            initContainers: [
              { image: 'x' },
              { name: 'i', image: 'a', env: [{ value: '1' }] },
              { name: 'i', image: 'b' },
            ],
          },
        },
      },
    });
  });

  it('still partitions by the merge key when $setElementOrder names the new list', () => {
    assert.throws(
      () =>
        applyStrategicMergePatch(
          'pods',
          { spec: {} },
          {
            spec: { containers: [{ image: 'x' }], '$setElementOrder/containers': [{ name: 'c' }] },
          },
        ),
      /does not contain declared merge key: name/,
    );
  });
});
