/**
 * The per-resource strategies the store runs on every write (default, then validate). Kept
 * apart from emulator/api/index.ts so tests and the core can import them without the HTTP side.
 */
import type { ResourceName, ResourceStrategy } from '../../core/types';
import { eventStrategy, namespaceStrategy, nodeStrategy } from './cluster';
import { endpointSliceStrategy, endpointsStrategy } from './endpoints';
import { serviceStrategy } from './services';
import { deploymentStrategy, podStrategy, replicaSetStrategy } from './workloads';

export const STRATEGY_TABLE: Record<ResourceName, ResourceStrategy> = {
  namespaces: namespaceStrategy,
  nodes: nodeStrategy,
  pods: podStrategy,
  services: serviceStrategy,
  endpoints: endpointsStrategy,
  endpointslices: endpointSliceStrategy,
  events: eventStrategy,
  deployments: deploymentStrategy,
  replicasets: replicaSetStrategy,
};
