/**
 * Deletion as the generic registry does it (staging/src/k8s.io/apiserver/pkg/registry/generic/
 * registry/store.go Delete, rest/delete.go BeforeDelete, the pod and namespace strategies):
 * preconditions, graceful deletion (a deletionTimestamp and grace period first, the kubelet's
 * grace-0 delete later), finalizers (the object stays with deletionTimestamp until the last one
 * is removed), the propagation policy's `orphan` / `foregroundDeletion` finalizers, the
 * namespace's two-phase deletion (Terminating, then spec.finalizers via /finalize), and what
 * DELETE returns: the object as after the call, and whether it is gone.
 */
import { deepEqual } from './deep-equal';
import { conflict, forbidden, invalid } from './errors';
import { validateCoreFinalizerName } from './object-meta-validation';
import { IMMORTAL_NAMESPACES, RESOURCES } from './resources';
import {
  asObj,
  commit,
  commitModified,
  deepFreeze,
  requireExisting,
  type StoreContext,
} from './store-context';
import { checkPreconditions, checkResourceVersion, normalize } from './store-metadata';
import { timestamp } from './time';
import type { DeleteOptions, KubeObject, ResourceName, WriteOptions } from './types';

export interface DeleteResult {
  /** The object after the call: still present with deletionTimestamp, or as deleted. */
  object: KubeObject;
  /** True when the object was removed from storage (or would be, for dry-run). */
  deleted: boolean;
}

/** A namespace waits for its spec.finalizers (the namespace controller's "kubernetes"). */
export function namespacePendingFinalizers(ns: KubeObject): boolean {
  const finalizers = asObj(ns.spec)?.finalizers;
  return Array.isArray(finalizers) && finalizers.length > 0;
}

/**
 * An update to an object being deleted that leaves nothing to wait for completes the deletion
 * instead of storing it: the generic registry's ShouldDeleteDuringUpdate (no finalizers left, a
 * grace period that is unset or 0) and, for namespaces, ShouldDeleteNamespaceDuringUpdate (no
 * spec.finalizers left either) — namespaces are marked for deletion without a grace period.
 */
export function completesDeletion(
  resource: ResourceName,
  next: KubeObject,
  existing: KubeObject,
): boolean {
  return (
    existing.metadata.deletionTimestamp !== undefined &&
    (next.metadata.finalizers ?? []).length === 0 &&
    (existing.metadata.deletionGracePeriodSeconds ?? 0) === 0 &&
    !(resource === 'namespaces' && namespacePendingFinalizers(next))
  );
}

/** Removes the object from storage (its strategy releases what it held). */
export function removeStored(
  ctx: StoreContext,
  resource: ResourceName,
  next: KubeObject,
  existing: KubeObject,
  opts: WriteOptions,
): DeleteResult {
  if (opts.dryRun) return { object: deepFreeze(next), deleted: true };
  ctx.strategies[resource]?.release?.(existing, ctx.strategyContext);
  return { object: commit(ctx, resource, 'DELETED', next, existing), deleted: true };
}

/**
 * rest.BeforeDelete's early precondition check (staging/src/k8s.io/apiserver/pkg/registry/rest/
 * delete.go), its Conflict on the kind (`Pod`, `Deployment.apps`); the namespace registry
 * (pkg/registry/core/namespace/storage) words its own as the storage layer does.
 */
export function checkDeletePreconditions(
  resource: ResourceName,
  existing: KubeObject,
  { uid, resourceVersion }: NonNullable<DeleteOptions['preconditions']>,
): void {
  if (resource === 'namespaces') {
    checkPreconditions(resource, existing, uid, resourceVersion);
    return;
  }
  const { kind, group } = RESOURCES[resource];
  const meta = existing.metadata;
  const name = meta.name ?? '';
  if (uid && uid !== meta.uid) {
    throw conflict(
      kind,
      group,
      name,
      `the UID in the precondition (${uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (resourceVersion && resourceVersion !== meta.resourceVersion) {
    throw conflict(
      kind,
      group,
      name,
      `the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
}

/** Pods: the grace period this delete asks for (0 = at once), as the pod strategy decides. */
function podGracePeriod(ctx: StoreContext, pod: KubeObject, opts: DeleteOptions): number {
  const spec = asObj(pod.spec) ?? {};
  const phase = asObj(pod.status)?.phase;
  let grace =
    opts.gracePeriodSeconds ??
    (typeof spec.terminationGracePeriodSeconds === 'number'
      ? spec.terminationGracePeriodSeconds
      : 30);
  if (grace < 0) grace = 1; // upstream: negative means "1 second"
  // Nothing runs the pod (unscheduled, or finished): nothing to wait for.
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed' || !ctx.gracefulPodDeletion) {
    grace = 0;
  }
  return grace;
}

export function deleteObject(
  ctx: StoreContext,
  resource: ResourceName,
  namespace: string,
  name: string,
  opts: DeleteOptions = {},
): DeleteResult {
  const info = RESOURCES[resource];
  const existing = requireExisting(ctx, resource, info.namespaced ? namespace : undefined, name);
  checkDeletePreconditions(resource, existing, opts.preconditions ?? {});
  if (resource === 'namespaces' && IMMORTAL_NAMESPACES.has(name)) {
    throw forbidden('namespaces', '', name, 'this namespace may not be deleted');
  }
  const next = structuredClone(existing) as KubeObject;
  const meta = next.metadata;
  const stamp = timestamp(ctx.now());

  if (resource === 'namespaces') {
    if (!meta.deletionTimestamp) {
      meta.deletionTimestamp = stamp;
      next.status = { ...(asObj(next.status) ?? {}), phase: 'Terminating' };
    }
    if (!namespacePendingFinalizers(next) && (meta.finalizers ?? []).length === 0) {
      return removeStored(ctx, resource, next, existing, opts);
    }
    return { object: commitModified(ctx, resource, next, existing, opts), deleted: false };
  }

  // Propagation policy → GC finalizers (only while a garbage collector resolves them).
  if (ctx.garbageCollection && !existing.metadata.deletionTimestamp) {
    const finalizers = new Set(meta.finalizers ?? []);
    if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
    if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    if (finalizers.size) meta.finalizers = [...finalizers];
  }
  const hasFinalizers = (meta.finalizers ?? []).length > 0;

  if (resource === 'pods') {
    const grace = podGracePeriod(ctx, existing, opts);
    const current = existing.metadata.deletionGracePeriodSeconds;
    if (grace > 0) {
      // Graceful: (re)start the countdown, only ever shortening it.
      if (existing.metadata.deletionTimestamp && current !== undefined && grace >= current) {
        return { object: existing, deleted: false };
      }
      meta.deletionGracePeriodSeconds = grace;
      meta.deletionTimestamp = timestamp(new Date(ctx.now().getTime() + grace * 1000));
      return { object: commitModified(ctx, resource, next, existing, opts), deleted: false };
    }
    if (hasFinalizers) {
      meta.deletionTimestamp ??= stamp;
      meta.deletionGracePeriodSeconds = 0;
      return { object: commitModified(ctx, resource, next, existing, opts), deleted: false };
    }
    return removeStored(ctx, resource, next, existing, opts);
  }

  if (hasFinalizers) {
    if (
      existing.metadata.deletionTimestamp &&
      deepEqual(meta.finalizers, existing.metadata.finalizers)
    ) {
      return { object: existing, deleted: false };
    }
    meta.deletionTimestamp ??= stamp;
    meta.deletionGracePeriodSeconds = 0;
    return { object: commitModified(ctx, resource, next, existing, opts), deleted: false };
  }
  return removeStored(ctx, resource, next, existing, opts);
}

/**
 * The namespaces/{name}/finalize subresource: writes only spec.finalizers. Emptying them on a
 * Terminating namespace without metadata.finalizers deletes it in that same update (the
 * well-known way out of a namespace stuck Terminating), as upstream's finalize storage does
 * through ShouldDeleteNamespaceDuringUpdate.
 */
export function finalizeNamespace(
  ctx: StoreContext,
  input: KubeObject,
  opts: WriteOptions = {},
): KubeObject {
  const incoming = normalize('namespaces', input);
  const existing = requireExisting(ctx, 'namespaces', undefined, incoming.metadata.name ?? '');
  checkResourceVersion('namespaces', incoming, existing);
  const next = structuredClone(existing) as KubeObject;
  const spec = asObj(next.spec) ?? {};
  const finalizers = asObj(incoming.spec)?.finalizers;
  // ValidateNamespaceFinalizeUpdate: each name by index, as the finalize strategy checks them.
  const causes = (Array.isArray(finalizers) ? finalizers : []).flatMap((f: unknown, i) =>
    typeof f === 'string' ? validateCoreFinalizerName(f, `spec.finalizers[${i}]`) : [],
  );
  if (causes.length) throw invalid('Namespace', '', existing.metadata.name ?? '', causes);
  if (Array.isArray(finalizers) && finalizers.length) spec.finalizers = structuredClone(finalizers);
  else delete spec.finalizers;
  next.spec = spec;
  if (completesDeletion('namespaces', next, existing)) {
    return removeStored(ctx, 'namespaces', next, existing, opts).object;
  }
  return commitModified(ctx, 'namespaces', next, existing, opts);
}
