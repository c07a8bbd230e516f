/**
 * Test support: a StrategyContext over a plain list of existing Services (no real store), using
 * the scan-based allocators with a seeded random source so allocations are repeatable.
 */
import type {
  ClusterStore,
  FieldCause,
  KubeObject,
  ResourceName,
  StrategyContext,
} from '../../core/types';
import { createServiceAllocators } from '../allocators';
import { STRATEGIES_FULL } from '../strategies';

export function fakeContext(existing: KubeObject[] = []): StrategyContext {
  const store = {
    list: (resource: ResourceName) => existing.filter((o) => resourceOf(o) === resource),
  } as unknown as ClusterStore;
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return { store, ...createServiceAllocators(store, random) };
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
