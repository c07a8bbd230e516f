/**
 * How a workload controller creates and deletes its pods, as upstream's RealPodControl does
 * (pkg/controller/controller_utils.go CreatePods/DeletePod), with the same events on the owner:
 * `SuccessfulCreate` "Created pod: NAME" or `FailedCreate` "Error creating: ERR" (rethrown), and
 * `SuccessfulDelete` "Deleted pod: NAME" or `FailedDelete` "Error deleting: ERR" (rethrown); a
 * pod already gone is no error and records nothing.
 */
import type { ClusterStore, KubeObject } from '../core/types';
import type { EventRecorder } from './events';
import { isNotFound } from './util';
import { CONTROLLER_MANAGER } from './writes';

export interface PodControl {
  store: ClusterStore;
  recorder: EventRecorder;
}

export function createControlledPod(ctx: PodControl, owner: KubeObject, pod: KubeObject): void {
  try {
    const created = ctx.store.create('pods', pod, CONTROLLER_MANAGER);
    ctx.recorder.record(owner, {
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `Created pod: ${created.metadata.name}`,
    });
  } catch (error) {
    ctx.recorder.record(owner, {
      type: 'Warning',
      reason: 'FailedCreate',
      message: `Error creating: ${(error as Error).message}`,
    });
    throw error;
  }
}

export function deleteControlledPod(ctx: PodControl, owner: KubeObject, pod: KubeObject): void {
  try {
    ctx.store.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '');
  } catch (error) {
    if (isNotFound(error)) return;
    ctx.recorder.record(owner, {
      type: 'Warning',
      reason: 'FailedDelete',
      message: `Error deleting: ${(error as Error).message}`,
    });
    throw error;
  }
  ctx.recorder.record(owner, {
    type: 'Normal',
    reason: 'SuccessfulDelete',
    message: `Deleted pod: ${pod.metadata.name}`,
  });
}
