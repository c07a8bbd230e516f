/**
 * What every rollout check asks of a workload's pods: which are still live, which show that the
 * rollout cannot progress (failing, not merely not ready yet), and how they are listed on a reason.
 *
 * Contract: pure. A pod "cannot progress" when its phase is Failed or a container waits in a state
 * that does not resolve by waiting (CANNOT_PROGRESS). A pod merely not ready yet — scheduling,
 * ContainerCreating, a readiness probe that has not passed — is a rollout in progress: on a real
 * cluster new pods take seconds to minutes to become ready, and kubectl's `rollout status` calls a
 * Deployment stuck only once its Progressing condition says ProgressDeadlineExceeded.
 */
import type { PodRecord } from '../records';
import { whyPodNotReady } from './readiness';
import type { PodProblem } from './types';

/**
 * Container waiting reasons the kubelet reports when a container cannot start or keeps failing
 * (upstream pkg/kubelet/images and kuberuntime): retried with a back-off, never fixed by waiting.
 */
const CANNOT_PROGRESS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The pod shows the rollout cannot progress: Failed, or a container failing to start or run. */
export function cannotProgress(pod: PodRecord): boolean {
  if (pod.ready) return false;
  if (pod.phase === 'Failed') return true;
  return pod.containers.some(
    (ct) => ct.state === 'waiting' && CANNOT_PROGRESS.has(ct.reason ?? ''),
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
