/**
 * The emulator's background controllers, assembled for the store (emulator/core): endpoints,
 * EndpointSlice, EndpointSlice mirroring, Deployment → ReplicaSet → Pod, and the simulated
 * kubelet. Keeps the `Controller` contract of emulator/core/types.ts.
 *
 * Work in progress: the controllers land in the following commits; until then this returns no
 * controllers so the server can wire the call.
 */
import type { ClusterStore, Controller } from '../core/types';

export interface DefaultControllerOptions {
  /** Run the simulated kubelet (scheduling, pod IPs, readiness, graceful termination). */
  kubelet: boolean;
  /** Delay from containers running to Ready=True. Default 500 ms. */
  readinessDelayMs?: number;
  /** Delay from scheduling to containers running. Default 100 ms. */
  startDelayMs?: number;
  /** Longest simulated container shutdown after a graceful delete. Default 1000 ms. */
  shutdownDelayMs?: number;
  /** Kubernetes minor version the server reports (27–33); 33+ adds the Endpoints managed-by label. */
  minorVersion?: number;
}

export function createDefaultControllers(
  _store: ClusterStore,
  _options: DefaultControllerOptions,
): Controller[] {
  return [];
}
