/**
 * What the Deployment controller's modules share (store, cache, event recorder, work queue) and
 * the two reads they all make: the ReplicaSets a Deployment controls, claimed as upstream's
 * getReplicaSetsForDeployment does through the ControllerRefManager, and the
 * cache's current copy of a ReplicaSet (writes earlier in the same sync are visible there).
 */
import type { ClusterStore } from '../../core/types';
import type { LoopContext } from '../controller-loop';
import { claimObjects } from '../controller-ref';
import type { EventRecorder } from '../events';
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import type { DeploymentLike } from './util';

export interface DeploymentContext extends LoopContext {
  store: ClusterStore;
  recorder: EventRecorder;
}

/** upstream getReplicaSetsForDeployment: the ReplicaSets it claims. */
export function replicaSetsFor(ctx: DeploymentContext, d: DeploymentLike): ReplicaSetLike[] {
  return claimObjects(ctx, 'replicasets', d);
}

/** The cache's current copy of `rs` (or `rs` itself if it is gone). */
export function fresh(ctx: DeploymentContext, rs: ReplicaSetLike): ReplicaSetLike {
  const current = ctx.cache.get('replicasets', rs.metadata.namespace ?? '', rs.metadata.name ?? '');
  return (current as ReplicaSetLike | undefined) ?? rs;
}
