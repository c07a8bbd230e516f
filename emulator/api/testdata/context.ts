/**
 * Test support: a StrategyContext over a plain list of existing objects (no real store), with
 * the store's own Service allocator holding what the existing Services hold, and a seeded random
 * source so allocations are repeatable.
 */
import type {
  ClusterStore,
  FieldCause,
  KubeObject,
  ResourceName,
  StrategyContext,
} from '../../core/types';
import {
  createAllocationState,
  serviceAllocators,
  trackAllocations,
} from '../../core/store-allocation';
import { STRATEGIES_FULL } from '../strategies';

export function fakeContext(existing: KubeObject[] = [], minorVersion?: number): StrategyContext {
  const store = {
    list: (resource: ResourceName) => existing.filter((o) => resourceOf(o) === resource),
  } as unknown as ClusterStore;
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
  const allocations = createAllocationState(random);
  for (const svc of existing) {
    if (resourceOf(svc) === 'services') trackAllocations(allocations, 'services', undefined, svc);
  }
  return { store, ...serviceAllocators(allocations), minorVersion };
}

function resourceOf(o: KubeObject): ResourceName {
  const map: Record<string, ResourceName> = {
    Service: 'services',
    Pod: 'pods',
    Endpoints: 'endpoints',
    EndpointSlice: 'endpointslices',
    Namespace: 'namespaces',
    Node: 'nodes',
    Event: 'events',
    Deployment: 'deployments',
    ReplicaSet: 'replicasets',
  };
  return map[o.kind] ?? 'services';
}

/** Runs default + validate like the store does, on a clone. */
export function write(
  resource: ResourceName,
  object: KubeObject,
  options: { previous?: KubeObject; ctx?: StrategyContext } = {},
): { object: KubeObject; causes: FieldCause[] } {
  const ctx = options.ctx ?? fakeContext();
  const strategy = STRATEGIES_FULL[resource];
  const clone = structuredClone(object);
  strategy.default?.(clone, options.previous, ctx);
  const causes = strategy.validate?.(clone, options.previous, ctx) ?? [];
  return { object: clone, causes };
}

/** `field: message` strings, the way kubectl prints each cause. */
export function rendered(causes: FieldCause[]): string[] {
  return causes.map((c) => `${c.field}: ${c.message}`);
}
