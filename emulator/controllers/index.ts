/**
 * The emulator's background controllers, assembled for the store (emulator/core): endpoints,
 * EndpointSlice, EndpointSlice mirroring, Deployment → ReplicaSet → Pod, StatefulSet and
 * DaemonSet pods, PodDisruptionBudget status, default ServiceAccounts, the root CA ConfigMap (when the apiserver has a CA),
 * and the simulated scheduler + kubelet. Keeps the `Controller` contract of
 * emulator/core/types.ts; all of them share one informer-like cache (cache.ts) over the store's
 * events.
 */
import type { ClusterStore, Controller } from '../core/types';
import { ObjectCache } from './cache';
import { createRootCAPublisher } from './certificates/root-ca-publisher';
import { createDaemonSetController } from './daemonset/daemonset-controller';
import { createDeploymentController } from './deployment/deployment-controller';
import { createDisruptionController } from './disruption/disruption-controller';
import { createEndpointSliceController } from './endpointslice/endpointslice-controller';
import { createEndpointsController } from './endpoints/endpoints-controller';
import { EventRecorder } from './events';
import { createKubelet } from './kubelet/kubelet';
import { createMirroringController } from './mirroring/mirroring-controller';
import { createReplicaSetController } from './replicaset/replicaset-controller';
import { createServiceAccountsController } from './serviceaccount/serviceaccounts-controller';
import { createStatefulSetController } from './statefulset/statefulset-controller';

export { SIMULATE_ANNOTATION, simulateMode } from './kubelet/kubelet';

export interface DefaultControllerOptions {
  /** Run the simulated scheduler + kubelet (pod IPs, readiness, graceful termination). */
  kubelet: boolean;
  /** Delay from containers running to Ready=True. Default 500 ms. */
  readinessDelayMs?: number;
  /** Delay from sandbox (IP) to containers running. Default 100 ms. */
  startDelayMs?: number;
  /** Longest simulated container shutdown after a graceful delete. Default 1000 ms. */
  shutdownDelayMs?: number;
  /** Kubernetes minor version the server reports (27–33); 33+ adds the Endpoints managed-by label. */
  minorVersion?: number;
  /** EndpointSlice controller's --max-endpoints-per-slice (default 100). */
  maxEndpointsPerSlice?: number;
  /** PEM of the apiserver's CA: publish it as `kube-root-ca.crt` in every namespace. */
  rootCACertificate?: string;
}

export function createDefaultControllers(
  store: ClusterStore,
  options: DefaultControllerOptions,
): Controller[] {
  const cache = new ObjectCache(store);
  const minorVersion = options.minorVersion ?? 33;
  const controllers: Controller[] = [
    createEndpointsController(store, cache, { minorVersion }),
    createEndpointSliceController(store, cache, {
      maxEndpointsPerSlice: options.maxEndpointsPerSlice,
      minorVersion,
    }),
    createMirroringController(store, cache, {
      recorder: new EventRecorder(store, { component: 'endpointslicemirroring-controller' }),
    }),
    createDeploymentController(
      store,
      cache,
      new EventRecorder(store, { component: 'deployment-controller' }),
    ),
    createReplicaSetController(
      store,
      cache,
      new EventRecorder(store, { component: 'replicaset-controller' }),
    ),
    createStatefulSetController(
      store,
      cache,
      new EventRecorder(store, { component: 'statefulset-controller' }),
      { minorVersion },
    ),
    createDaemonSetController(
      store,
      cache,
      new EventRecorder(store, { component: 'daemonset-controller' }),
    ),
    createDisruptionController(
      store,
      cache,
      new EventRecorder(store, { component: 'controllermanager' }),
    ),
    createServiceAccountsController(store, cache),
  ];
  if (options.rootCACertificate) {
    controllers.push(createRootCAPublisher(store, cache, options.rootCACertificate));
  }
  if (options.kubelet) {
    controllers.push(
      createKubelet(store, cache, {
        readinessDelayMs: options.readinessDelayMs,
        startDelayMs: options.startDelayMs,
        shutdownDelayMs: options.shutdownDelayMs,
        minorVersion,
      }),
    );
  }
  return controllers;
}
