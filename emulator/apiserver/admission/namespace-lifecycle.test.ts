// NamespaceLifecycle as upstream's plugin decides (lifecycle/admission_test.go's situations):
// immortal namespaces, writes into missing namespaces, creates into terminating ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../core/errors';
import { RESOURCES } from '../../core/resources';
import { createObjectStore } from '../../core/store';
import type { KubeObject, ResourceName } from '../../core/types';
import type { AdmissionAttributes, AdmissionOperation } from './admission';
import { namespaceLifecycle } from './namespace-lifecycle';

function cluster() {
  const store = createObjectStore();
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'live' } });
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  // The namespace's `kubernetes` finalizer keeps it Terminating (no lifecycle controller here).
  store.deleteDetailed('namespaces', '', 'doomed');
  return { store, plugin: namespaceLifecycle(store) };
}

const user = { username: 'alice', groups: ['system:authenticated'] };

function attributes(
  operation: AdmissionOperation,
  resource: ResourceName,
  namespace: string,
  object?: Partial<KubeObject>,
  extra: Partial<AdmissionAttributes> = {},
): AdmissionAttributes {
  return {
    operation,
    resource: RESOURCES[resource],
    subresource: '',
    namespace,
    name: object?.metadata?.name ?? '',
    object: object as KubeObject | undefined,
    user,
    dryRun: false,
    ...extra,
  };
}

function refusal(run: () => void): ApiError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error;
  }
  assert.fail('admitted');
}

describe('NamespaceLifecycle', () => {
  it('refuses to delete the immortal namespaces', () => {
    const { plugin } = cluster();
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const e = refusal(() =>
        plugin.admit(attributes('DELETE', 'namespaces', name, undefined, { name })),
      );
      assert.equal(e.code, 403);
      assert.equal(
        e.message,
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      );
    }
    plugin.admit(
      attributes('DELETE', 'namespaces', 'kube-node-lease', undefined, { name: 'kube-node-lease' }),
    );
  });
  it('refuses writes into a namespace that does not exist', () => {
    const { plugin } = cluster();
    for (const operation of ['CREATE', 'UPDATE'] as const) {
      const e = refusal(() =>
        plugin.admit(attributes(operation, 'services', 'nowhere', { metadata: { name: 's' } })),
      );
      assert.equal(e.code, 404);
      assert.equal(e.message, 'namespaces "nowhere" not found');
    }
  });
  it('refuses creates in a terminating namespace with the NamespaceTerminating cause', () => {
    const { plugin } = cluster();
    const e = refusal(() =>
      plugin.admit(attributes('CREATE', 'endpoints', 'doomed', { metadata: { name: 'late' } })),
    );
    assert.deepEqual(e.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'endpoints "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'late',
        kind: 'endpoints',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace doomed is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
      code: 403,
    });
    const generated = refusal(() =>
      plugin.admit(attributes('CREATE', 'pods', 'doomed', { metadata: { generateName: 'web-' } })),
    );
    assert.match(generated.message, /^pods "web-" is forbidden: /);
    const binding = refusal(() =>
      plugin.admit(
        attributes(
          'CREATE',
          'pods',
          'doomed',
          { metadata: { name: 'p' } },
          { subresource: 'binding' },
        ),
      ),
    );
    assert.match(binding.message, /^pods "p" is forbidden: unable to create new content/);
  });
  it('lets updates and deletes in a terminating namespace through, and everything else', () => {
    const { plugin } = cluster();
    plugin.admit(attributes('UPDATE', 'endpoints', 'doomed', { metadata: { name: 'e' } }));
    plugin.admit(attributes('DELETE', 'endpoints', 'doomed', undefined, { name: 'e' }));
    plugin.admit(attributes('DELETE', 'endpoints', 'nowhere', undefined, { name: 'e' }));
    plugin.admit(attributes('CREATE', 'endpoints', 'live', { metadata: { name: 'e' } }));
    plugin.admit(attributes('CREATE', 'nodes', '', { metadata: { name: 'n' } }));
    plugin.admit(attributes('CREATE', 'namespaces', 'x', { metadata: { name: 'x' } }));
  });
});
