/**
 * The per-resource strategies the store runs on every write (default, then validate), kept apart
 * from the HTTP side so tests and the store's composition can import them alone.
 *
 * The store (emulator/core/store-metadata.ts runStrategy) itself reports a missing
 * metadata.name and metadata.namespace before asking the strategy, so those two causes are filtered out here to
 * avoid reporting them twice; validateObjectMeta still produces them for direct callers.
 */
import type { FieldCause, ResourceName, ResourceStrategy } from '../../core/types';
import { eventStrategy, namespaceStrategy, nodeStrategy } from './cluster';
import { configMapStrategy, serviceAccountStrategy } from './config';
import { controllerRevisionStrategy } from './controller-revisions';
import { customResourceDefinitionStrategy } from './custom-resource-definitions';
import { daemonSetStrategy } from './daemon-sets';
import { endpointSliceStrategy, endpointsStrategy } from './endpoints';
import { networkPolicyStrategy } from './network-policies';
import { podDisruptionBudgetStrategy } from './pod-disruption-budgets';
import { leaseStrategy } from './leases';
import {
  clusterRoleBindingStrategy,
  clusterRoleStrategy,
  roleBindingStrategy,
  roleStrategy,
} from './rbac';
import { serviceStrategy } from './services';
import { statefulSetStrategy } from './stateful-sets';
import { deploymentStrategy, podStrategy, replicaSetStrategy } from './workloads';

function isStoreCheck(c: FieldCause): boolean {
  return (
    c.reason === 'FieldValueRequired' &&
    (c.field === 'metadata.name' || c.field === 'metadata.namespace')
  );
}

function forStore(strategy: ResourceStrategy): ResourceStrategy {
  const validate = strategy.validate;
  if (!validate) return strategy;
  return {
    ...strategy,
    validate: (object, previous, ctx) =>
      validate(object, previous, ctx).filter((c) => !isStoreCheck(c)),
  };
}

/** The strategies as written, with every cause (for tests and direct use). */
export const STRATEGIES_FULL: Record<ResourceName, ResourceStrategy> = {
  namespaces: namespaceStrategy,
  nodes: nodeStrategy,
  pods: podStrategy,
  services: serviceStrategy,
  endpoints: endpointsStrategy,
  endpointslices: endpointSliceStrategy,
  events: eventStrategy,
  deployments: deploymentStrategy,
  replicasets: replicaSetStrategy,
  statefulsets: statefulSetStrategy,
  daemonsets: daemonSetStrategy,
  controllerrevisions: controllerRevisionStrategy,
  configmaps: configMapStrategy,
  serviceaccounts: serviceAccountStrategy,
  roles: roleStrategy,
  clusterroles: clusterRoleStrategy,
  rolebindings: roleBindingStrategy,
  clusterrolebindings: clusterRoleBindingStrategy,
  networkpolicies: networkPolicyStrategy,
  poddisruptionbudgets: podDisruptionBudgetStrategy,
  leases: leaseStrategy,
  customresourcedefinitions: customResourceDefinitionStrategy,
};

export const STRATEGY_TABLE = Object.fromEntries(
  Object.entries(STRATEGIES_FULL).map(([k, v]) => [k, forStore(v)]),
) as Record<ResourceName, ResourceStrategy>;
