// The registry facts of core/resources.ts that clients observe through PUT: which kinds upstream's
// registries create on update (their strategy's AllowCreateOnUpdate() returns true).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCE_NAMES, RESOURCES } from './resources';

describe('resource registry: create on update', () => {
  it('is allowed exactly where upstream strategies allow it', () => {
    // pkg/registry/core/{service,endpoint,event}/strategy.go and pkg/registry/rbac/*/strategy.go
    // return true; namespaces, nodes, pods, configmaps, serviceaccounts, the apps kinds,
    // endpointslices, networkpolicies, poddisruptionbudgets and CRDs return false.
    const allowed = RESOURCE_NAMES.filter((r) => RESOURCES[r].allowCreateOnUpdate).sort();
    assert.deepEqual(allowed, [
      'clusterrolebindings',
      'clusterroles',
      'endpoints',
      'events',
      'rolebindings',
      'roles',
      'services',
    ]);
  });
});
