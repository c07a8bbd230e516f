/**
 * Create, update, status update and the pod binding subresource, as the generic registry's
 * Create and Update (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go) run
 * them: namespace lifecycle admission, metadata preparation, the strategy's defaults and
 * validation, optimistic concurrency, AlreadyExists, dry-run, and no-op detection (an update
 * that changes nothing is not written: no new resourceVersion, no event).
 */
import { alreadyExists, badRequest, conflict, forbidden, notFound } from './errors';
import { RESOURCES } from './resources';
import { withPendingAllocations } from './store-allocation';
import {
  asObj,
  cloneForWrite,
  commit,
  commitModified,
  deepFreeze,
  requireExisting,
  type Obj,
  type StoreContext,
} from './store-context';
import { completesDeletion } from './store-deletion';
import {
  checkResourceVersion,
  hasGeneration,
  normalize,
  prepareForCreate,
  prepareForUpdate,
  updateGeneration,
  runStrategy,
} from './store-metadata';
import { stampManagedFields } from './store-managed-fields';
import { getObject, objectKey, table } from './store-tables';
import { timestamp } from './time';
import type { KubeObject, ResourceName, WriteOptions } from './types';

/** NamespaceLifecycle admission: the namespace must exist and not be terminating. */
function checkNamespace(
  ctx: StoreContext,
  resource: ResourceName,
  namespace: string,
  name: string | undefined,
): void {
  const ns = getObject(ctx.tables, 'namespaces', undefined, namespace);
  if (!ns) throw notFound('namespaces', '', namespace);
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(
      resource,
      RESOURCES[resource].group,
      name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
      [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    );
  }
}

export function createObject(
  ctx: StoreContext,
  resource: ResourceName,
  input: KubeObject,
  opts: WriteOptions = {},
): KubeObject {
  const info = RESOURCES[resource];
  const object = normalize(resource, input);
  const meta = object.metadata;
  if (meta.resourceVersion) {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  if (info.namespaced && meta.namespace) checkNamespace(ctx, resource, meta.namespace, meta.name);
  return withPendingAllocations(ctx.allocations, () => {
    prepareForCreate(ctx, resource, object);
    runStrategy(ctx, resource, object, undefined);
    stampManagedFields(ctx, resource, undefined, object, opts);
    const key = objectKey(resource, meta.namespace, meta.name!);
    if (table(ctx.tables, resource).has(key)) throw alreadyExists(resource, info.group, meta.name!);
    if (opts.dryRun) return deepFreeze(object);
    return commit(ctx, resource, 'ADDED', object, undefined);
  });
}

/**
 * Runs the strategy on the prepared object and writes it over `existing`; an update that leaves
 * an object being deleted with nothing to wait for completes the deletion instead.
 */
function writeUpdate(
  ctx: StoreContext,
  resource: ResourceName,
  existing: KubeObject,
  opts: WriteOptions,
  prepare: () => KubeObject,
  { specUpdate, subresource }: { specUpdate: boolean; subresource?: 'status' },
): KubeObject {
  return withPendingAllocations(ctx.allocations, () => {
    const next = prepare();
    runStrategy(ctx, resource, next, existing, subresource);
    if (specUpdate) updateGeneration(ctx, resource, next, existing);
    stampManagedFields(ctx, resource, existing, next, opts, subresource);
    if (!completesDeletion(resource, next, existing)) {
      return commitModified(ctx, resource, next, existing, opts);
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (opts.dryRun) return deepFreeze(next);
    ctx.strategies[resource]?.release?.(next, ctx.strategyContext);
    return commit(ctx, resource, 'DELETED', next, existing);
  });
}

export function updateObject(
  ctx: StoreContext,
  resource: ResourceName,
  input: KubeObject,
  opts: WriteOptions = {},
): KubeObject {
  const info = RESOURCES[resource];
  const incoming = normalize(resource, input);
  const name = incoming.metadata.name ?? '';
  const existing = getObject(ctx.tables, resource, incoming.metadata.namespace, name);
  if (!existing) {
    if (info.allowCreateOnUpdate) {
      const { resourceVersion: _rv, ...metadata } = incoming.metadata;
      return createObject(ctx, resource, { ...incoming, metadata }, opts);
    }
    throw notFound(resource, info.group, name);
  }
  checkResourceVersion(resource, incoming, existing);
  return writeUpdate(
    ctx,
    resource,
    existing,
    opts,
    () => {
      prepareForUpdate(ctx, resource, incoming, existing);
      return incoming;
    },
    { specUpdate: true },
  );
}

/** The /status subresource: only `.status` changes. */
export function updateObjectStatus(
  ctx: StoreContext,
  resource: ResourceName,
  input: KubeObject,
  opts: WriteOptions = {},
): KubeObject {
  const incoming = normalize(resource, input);
  const existing = requireExisting(
    ctx,
    resource,
    incoming.metadata.namespace,
    incoming.metadata.name ?? '',
  );
  checkResourceVersion(resource, incoming, existing);
  return writeUpdate(
    ctx,
    resource,
    existing,
    opts,
    () => {
      const next = cloneForWrite(existing);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
      if (opts.appliedManagedFields) {
        const applied = incoming.metadata.managedFields;
        if (applied) next.metadata.managedFields = applied;
        else delete next.metadata.managedFields;
      }
      return next;
    },
    { specUpdate: false, subresource: 'status' },
  );
}

/** The pods/{name}/binding subresource: sets spec.nodeName once, PodScheduled=True. */
export function bindPod(
  ctx: StoreContext,
  namespace: string,
  name: string,
  nodeName: string,
  opts: WriteOptions = {},
): KubeObject {
  const existing = requireExisting(ctx, 'pods', namespace, name);
  const spec = asObj(existing.spec) ?? {};
  if (spec.nodeName) {
    throw conflict(
      'pods',
      '',
      name,
      `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`,
    );
  }
  if (existing.metadata.deletionTimestamp) {
    throw conflict('pods', '', name, `pod ${name} is being deleted, cannot be assigned to a host`);
  }
  const next = structuredClone(existing) as KubeObject;
  (next.spec as Obj).nodeName = nodeName;
  const status = asObj(next.status) ?? {};
  const conditions = ((status.conditions as Obj[] | undefined) ?? []).filter(
    (c) => c.type !== 'PodScheduled',
  );
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: timestamp(ctx.now()),
  });
  status.conditions = conditions;
  next.status = status;
  if (hasGeneration(ctx, 'pods')) next.metadata.generation = existing.metadata.generation ?? 1;
  return commitModified(ctx, 'pods', next, existing, opts);
}
