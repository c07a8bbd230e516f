/**
 * What every rollout check asks of a workload's pods: which are still live, which are merely
 * starting (not failing), and how failing ones are listed on a reason.
 *
 * Contract: pure. "Starting" is scheduled with every container waiting in ContainerCreating or
 * PodInitializing and never restarted: nothing has failed yet.
 */
import type { PodRecord } from '../records';
import { whyPodNotReady } from './readiness';
import type { PodProblem } from './types';

const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

/** Not ready only because it is still starting: nothing has failed yet. */
export function isStarting(pod: PodRecord): boolean {
  if (!pod.scheduled) return false;
  return pod.containers.every(
    (ct) => ct.restartCount === 0 && ct.state === 'waiting' && STARTING.has(ct.reason ?? ''),
  );
}

export function live(pods: PodRecord[]): PodRecord[] {
  return pods.filter((p) => !p.meta.deletionTimestamp);
}

export function podProblems(pods: readonly PodRecord[]): PodProblem[] {
  return pods.map((p) => ({
    namespace: p.meta.namespace,
    name: p.meta.name,
    why: whyPodNotReady(p),
  }));
}
