/**
 * Controller references, as upstream's ControllerRefManager
 * (pkg/controller/controller_ref_manager.go) and metav1.NewControllerRef keep them: the one
 * ownerReference with `controller: true` names the object's controller; a controller claims what
 * it selects — adopting a matching orphan by adding itself as that reference, releasing an owned
 * object that stopped matching by removing it. An object deleted meanwhile is no error (there is
 * nothing left to adopt or release).
 */
import { type LabelSelector, matchesLabelSelector } from '../core/label-selectors';
import type { ClusterStore, KubeObject, OwnerReference, ResourceName } from '../core/types';
import type { ObjectCache } from './cache';
import { isNotFound } from './util';
import { CONTROLLER_MANAGER } from './writes';

/** upstream metav1.NewControllerRef: the reference a controller puts on what it creates. */
export function newControllerRef(
  owner: KubeObject,
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** upstream metav1.GetControllerOf. */
export function controllerRef(object: KubeObject): OwnerReference | undefined {
  return (object.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
}

/**
 * upstream AdoptPod / AdoptReplicaSet: the orphan gets `owner` as its controller. Returns the
 * stored object, or undefined if it was deleted meanwhile.
 */
export function adoptOrphan<T extends KubeObject>(
  store: ClusterStore,
  resource: ResourceName,
  orphan: T,
  ownerRef: OwnerReference,
): T | undefined {
  const next = structuredClone(orphan) as T;
  next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), ownerRef];
  try {
    return store.update(resource, next, CONTROLLER_MANAGER) as T;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** upstream ReleasePod: the object keeps its other owners but no longer has a controller. */
export function releaseOwned(
  store: ClusterStore,
  resource: ResourceName,
  object: KubeObject,
): void {
  const next = structuredClone(object) as KubeObject;
  next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(
    (ref) => ref.controller !== true,
  );
  try {
    store.update(resource, next, CONTROLLER_MANAGER);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * upstream ControllerRefManager.ClaimObjects: of the `resource` objects in the owner's namespace,
 * the ones `owner` controls and its `spec.selector` still matches (and `filter` accepts), plus
 * matching orphans it adopts; owned ones that stopped matching are released. An owner being
 * deleted neither adopts nor releases; objects being deleted are not adopted.
 */
export function claimObjects<T extends KubeObject>(
  ctx: { store: ClusterStore; cache: ObjectCache },
  resource: ResourceName,
  owner: KubeObject,
  filter: (object: KubeObject) => boolean = () => true,
): T[] {
  const selector = (owner.spec as { selector?: LabelSelector } | undefined)?.selector;
  const matches = (o: KubeObject) => matchesLabelSelector(selector, o.metadata.labels) && filter(o);
  const claimed: T[] = [];
  const deleting = !!owner.metadata.deletionTimestamp;
  for (const object of ctx.cache.list(resource, owner.metadata.namespace)) {
    const ref = controllerRef(object);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches(object)) claimed.push(object as T);
      else if (!deleting) releaseOwned(ctx.store, resource, object);
      continue;
    }
    if (deleting || object.metadata.deletionTimestamp || !matches(object)) continue;
    const ownerRef = newControllerRef(owner, owner.apiVersion, owner.kind);
    const adopted = adoptOrphan(ctx.store, resource, object as T, ownerRef);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}
