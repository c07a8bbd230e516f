/**
 * What the simulated scheduler and kubelet share: the store and cache they read and write, their
 * work queue (pod keys `namespace/name`, Node keys `node:<name>`), the simulated timings, the
 * per-pod runtime state the kubelet keeps (by pod uid), pod IPs, where pods are placed, and
 * event recorders (the scheduler's, one kubelet's per Node). Every kubelet module is plain
 * functions over this context.
 */
import type { ClusterStore } from '../../core/types';
import type { LoopContext } from '../controller-loop';
import { EventRecorder } from '../events';
import type { SimulateMode } from './failure-simulation';
import type { IPAllocator } from './ip-allocator';
import type { PodPlacement } from './placement';

export const DEFAULT_SCHEDULER = 'default-scheduler';

/** What the kubelet knows about one pod's sandbox and containers (one state for all of them). */
export interface PodState {
  uid: string;
  node: string;
  ip?: string;
  sandboxAt: number;
  mode: SimulateMode;
  /** Current container start (ms); undefined while not running. */
  startedAt?: number;
  everStarted: boolean;
  readyAt?: number;
  restartCount: number;
  backoffMs: number;
  backoffUntil?: number;
  lastTerminated?: { startedAt: number; finishedAt: number };
  pullFailedAt?: number;
  terminatingSince?: number;
  /** Set once a deleted pod's containers have stopped (termination.ts): the pod is terminal. */
  exited?: { at: number; exitCode: number };
  unhealthyReported: boolean;
  containerId: string;
}

export interface KubeletTiming {
  /** From containers running to Ready=True. */
  readinessDelayMs: number;
  /** From sandbox (IP) to containers running. */
  startDelayMs: number;
  /** Longest simulated container shutdown after a graceful delete. */
  shutdownDelayMs: number;
}

export interface KubeletContext extends LoopContext {
  store: ClusterStore;
  timing: KubeletTiming;
  minorVersion: number;
  states: Map<string, PodState>;
  ips: IPAllocator;
  placement: PodPlacement;
  schedulerEvents: EventRecorder;
  kubeletEvents: Map<string, EventRecorder>;
}

/** The event recorder of the kubelet on `node` (events name it as their source host). */
export function kubeletRecorder(ctx: KubeletContext, node: string): EventRecorder {
  let recorder = ctx.kubeletEvents.get(node);
  if (!recorder) {
    recorder = new EventRecorder(ctx.store, { component: 'kubelet', host: node });
    ctx.kubeletEvents.set(node, recorder);
  }
  return recorder;
}

export const containerFieldPath = (name: string) => `spec.containers{${name}}`;
