/**
 * How the controllers write to the store: as kube-controller-manager (its field manager), nothing
 * when nothing changed, and a delete of something already gone counts as done.
 */
import type { ClusterStore, KubeObject, ResourceName } from '../core/types';
import { deepEqual } from '../core/deep-equal';
import { omitEmptyStatus } from './status-omitempty';
import { isNotFound } from './util';

/** The write options kube-controller-manager's controllers write with. */
export const CONTROLLER_MANAGER = { fieldManager: 'kube-controller-manager' } as const;

/** Deletes an object; one that is already gone is what the caller wanted, anything else throws. */
export function deleteIfPresent(
  store: ClusterStore,
  resource: ResourceName,
  object: { metadata: { namespace?: string; name?: string } },
): void {
  try {
    store.delete(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Writes `status` through the status subresource, as kube-controller-manager, unless the object
 * already has exactly that status (controllers write nothing when nothing changed). Zero-valued
 * omitempty counters are left out, as kube-controller-manager's Go encoding leaves them out.
 */
export function updateStatusIfChanged(
  store: ClusterStore,
  resource: ResourceName,
  object: KubeObject,
  computed: object,
): void {
  const status = omitEmptyStatus(resource, computed);
  if (deepEqual(object.status ?? {}, status)) return;
  const next = structuredClone(object) as KubeObject;
  next.status = status;
  store.updateStatus(resource, next, CONTROLLER_MANAGER);
}
