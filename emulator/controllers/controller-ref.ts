/**
 * Controller references, as upstream's ControllerRefManager (pkg/controller/controller_ref_manager.go)
 * and metav1.NewControllerRef keep them: the one ownerReference with `controller: true` names the
 * object's controller; a controller adopts a matching orphan by adding itself as that reference
 * and releases an owned object that stopped matching by removing it. An object deleted meanwhile
 * is no error (there is nothing left to adopt or release).
 */
import type { ClusterStore, KubeObject, OwnerReference, ResourceName } from '../core/types';
import { CONTROLLER_MANAGER, isNotFound } from './util';

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
