/**
 * The embedded apiserver's object store: the `ClusterStore` contract of ./types.ts (plus what
 * the router, watch and core controllers need, `CoreStore`), i.e. what etcd + the generic
 * registry (staging/src/k8s.io/apiserver/pkg/registry/generic/registry) and the per-resource
 * strategies do upstream. This module ties the parts together around one `StoreContext`:
 *
 *   ./store-tables.ts      the stored objects and their sorted keys (paging)
 *   ./store-history.ts     the resourceVersion clock, the event window watches resume from
 *   ./store-allocation.ts  ClusterIPs and NodePorts
 *   ./store-metadata.ts    metadata, generation, initial status, preconditions, validation
 *   ./store-writes.ts      create, update, /status, /binding
 *   ./store-deletion.ts    graceful and finalizer-driven deletion, /finalize
 *
 * Writes are synchronous; committed events are delivered to subscribers in commit order (a write
 * made from inside a subscriber is queued and delivered after the current event finishes).
 */
import type { KindSchema } from './managed-fields/schema';
import { SYSTEM_NAMESPACES } from './resources';
import { createAllocationState, serviceAllocators } from './store-allocation';
import type { StoreContext } from './store-context';
import { deleteObject, finalizeNamespace, type DeleteResult } from './store-deletion';
import {
  compactHistory,
  createEventHistory,
  eventsSince,
  subscribe,
  waitForResourceVersion,
} from './store-history';
import {
  createObjectTables,
  getObject,
  listObjects,
  objectKey,
  sortedKeys,
  table,
} from './store-tables';
import { bindPod, createObject, updateObject, updateObjectStatus } from './store-writes';
import type {
  ClusterStore,
  DeleteOptions,
  KubeObject,
  ResourceName,
  ResourceStrategy,
  StoreEvent,
  StrategyContext,
  WriteOptions,
} from './types';

export { lowerBound } from './store-tables';
export type { DeleteResult } from './store-deletion';

export interface ObjectStoreOptions {
  /** Per-resource defaults + validation (emulator/api STRATEGIES). */
  strategies?: Partial<Record<ResourceName, ResourceStrategy>>;
  /** Events kept for watch resume; older resourceVersions get 410 Expired. Default 10,000. */
  historySize?: number;
  /**
   * Pods with a node and a grace period are deleted in two steps (deletionTimestamp, then the
   * kubelet's grace-0 delete), exactly like upstream. Default true. With false every pod delete
   * is immediate (a convenience, not upstream behaviour).
   */
  gracefulPodDeletion?: boolean;
  /**
   * The core garbage collector runs (emulator/core/garbage-collector.ts), so Orphan and
   * Foreground deletes add the `orphan` / `foregroundDeletion` finalizers it resolves. Without
   * it they behave as Background, so nothing is stuck on a finalizer nobody removes. Default true.
   */
  garbageCollection?: boolean;
  /** Kubernetes minor version served (27–33); 33+ maintains metadata.generation on pods. */
  minorVersion?: number;
  /** Create default, kube-system, kube-public and kube-node-lease at start. Default true. */
  bootstrapNamespaces?: boolean;
  /** The schema of each kind, for metadata.managedFields (emulator/api builds it from OpenAPI). */
  kindSchema?: (resource: ResourceName) => KindSchema;
  /** Clock, for tests. */
  now?: () => Date;
}

/** The store as the router, watch and core controllers use it (a superset of ClusterStore). */
export interface CoreStore extends ClusterStore {
  readonly minorVersion: number;
  readonly strategyContext: StrategyContext;
  /** Like delete(), but says whether the object is gone. */
  deleteDetailed(
    resource: ResourceName,
    namespace: string,
    name: string,
    options?: DeleteOptions,
  ): DeleteResult;
  /** The namespaces/{name}/finalize subresource: writes only spec.finalizers. */
  finalizeNamespace(object: KubeObject, options?: WriteOptions): KubeObject;
  /** The pods/{name}/binding subresource: sets spec.nodeName once, PodScheduled=True. */
  bindPod(namespace: string, name: string, nodeName: string, options?: WriteOptions): KubeObject;
  /** Committed events with resourceVersion > rv, oldest first; undefined when rv is compacted. */
  eventsSince(rv: number): StoreEvent[] | undefined;
  /** The newest resourceVersion no longer in the history (0 while nothing was evicted). */
  compactedResourceVersion(): number;
  /**
   * Compacts the event history up to `rv` (default: the current resourceVersion), as an etcd
   * compaction does: older resourceVersions get 410 Expired from then on. Returns the point.
   */
  compact(rv?: number): number;
  /** Resolves true once the current RV reaches rv, false after timeoutMs. */
  waitForResourceVersion(rv: number, timeoutMs: number): Promise<boolean>;
  /** Number of stored objects of a resource (all namespaces). */
  count(resource: ResourceName, namespace?: string): number;
  /** Sorted keys (`ns/name` or `name`) for paging; shared, do not mutate. */
  sortedKeys(resource: ResourceName): readonly string[];
  getByKey(resource: ResourceName, key: string): KubeObject | undefined;
  /** The key an object is stored (and paged) under. */
  objectKey(resource: ResourceName, namespace: string | undefined, name: string): string;
}

export function createObjectStore(options: ObjectStoreOptions = {}): CoreStore {
  const allocations = createAllocationState();
  const strategyContext: StrategyContext = {
    store: undefined as unknown as ClusterStore,
    ...serviceAllocators(allocations),
    minorVersion: options.minorVersion ?? 33,
  };
  const ctx: StoreContext = {
    strategies: options.strategies ?? {},
    minorVersion: options.minorVersion ?? 33,
    gracefulPodDeletion: options.gracefulPodDeletion ?? true,
    garbageCollection: options.garbageCollection ?? true,
    now: options.now ?? (() => new Date()),
    kindSchema: options.kindSchema,
    tables: createObjectTables(),
    history: createEventHistory(Math.max(1, options.historySize ?? 10_000)),
    allocations,
    strategyContext,
  };

  const store: CoreStore = {
    minorVersion: ctx.minorVersion,
    strategyContext,
    currentResourceVersion: () => String(ctx.history.rv),
    get: (resource, namespace, name) => getObject(ctx.tables, resource, namespace, name),
    list: (resource, namespace) => listObjects(ctx.tables, resource, namespace),
    create: (resource, object, opts) => createObject(ctx, resource, object, opts),
    update: (resource, object, opts) => updateObject(ctx, resource, object, opts),
    updateStatus: (resource, object, opts) => updateObjectStatus(ctx, resource, object, opts),
    delete: (resource, namespace, name, opts) =>
      deleteObject(ctx, resource, namespace, name, opts).object,
    deleteDetailed: (resource, namespace, name, opts) =>
      deleteObject(ctx, resource, namespace, name, opts),
    finalizeNamespace: (object, opts) => finalizeNamespace(ctx, object, opts),
    bindPod: (namespace, name, nodeName, opts) => bindPod(ctx, namespace, name, nodeName, opts),
    subscribe: (listener) => subscribe(ctx.history, listener),
    eventsSince: (since) => eventsSince(ctx.history, since),
    compactedResourceVersion: () => ctx.history.compacted,
    compact: (upTo) => compactHistory(ctx.history, upTo),
    waitForResourceVersion: (target, timeoutMs) =>
      waitForResourceVersion(ctx.history, target, timeoutMs),
    count: (resource, namespace) =>
      namespace === undefined
        ? table(ctx.tables, resource).size
        : listObjects(ctx.tables, resource, namespace).length,
    sortedKeys: (resource) => sortedKeys(ctx.tables, resource),
    getByKey: (resource, key) => table(ctx.tables, resource).get(key),
    objectKey,
  };
  strategyContext.store = store;

  if (options.bootstrapNamespaces ?? true) {
    for (const name of SYSTEM_NAMESPACES) {
      store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
  return store;
}
