/**
 * What the Deployment controller's modules share (store, cache, event recorder, work queue) and
 * the two reads they all make: the ReplicaSets a Deployment controls, claiming matching orphans
 * as upstream's getReplicaSetsForDeployment does through the ControllerRefManager, and the
 * cache's current copy of a ReplicaSet (writes earlier in the same sync are visible there).
 */
import type { ClusterStore } from '../../core/types';
import type { LoopContext } from '../controller-loop';
import { adoptOrphan, controllerRef, newControllerRef } from '../controller-ref';
import type { EventRecorder } from '../events';
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import { matchesLabelSelector } from '../../core/label-selectors';
import type { DeploymentLike } from './util';

export interface DeploymentContext extends LoopContext {
  store: ClusterStore;
  recorder: EventRecorder;
}

/** upstream getReplicaSetsForDeployment: owned ReplicaSets, plus matching orphans adopted. */
export function replicaSetsFor(ctx: DeploymentContext, d: DeploymentLike): ReplicaSetLike[] {
  const out: ReplicaSetLike[] = [];
  for (const rs of ctx.cache.list('replicasets', d.metadata.namespace)) {
    const ref = controllerRef(rs);
    if (ref) {
      if (ref.uid === d.metadata.uid) out.push(rs as ReplicaSetLike);
      continue;
    }
    if (d.metadata.deletionTimestamp) continue;
    if (!matchesLabelSelector(d.spec?.selector, rs.metadata.labels)) continue;
    const ownerRef = newControllerRef(d, 'apps/v1', 'Deployment');
    const adopted = adoptOrphan(ctx.store, 'replicasets', rs as ReplicaSetLike, ownerRef);
    if (adopted) out.push(adopted);
  }
  return out;
}

/** The cache's current copy of `rs` (or `rs` itself if it is gone). */
export function fresh(ctx: DeploymentContext, rs: ReplicaSetLike): ReplicaSetLike {
  const current = ctx.cache.get('replicasets', rs.metadata.namespace ?? '', rs.metadata.name ?? '');
  return (current as ReplicaSetLike | undefined) ?? rs;
}
