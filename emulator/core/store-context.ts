/**
 * The state the object store's modules share, passed explicitly to each of them (tables,
 * history, allocations, configuration), and the one path every change takes into storage:
 * `commit` assigns the next resourceVersion, freezes the object, stores or removes it, updates
 * what Services hold of the allocators, records the event and delivers it to subscribers.
 */
import { deepEqual } from './deep-equal';
import { notFound } from './errors';
import type { KindSchema } from './managed-fields/schema';
import { RESOURCES } from './resources';
import { trackAllocations, type AllocationState } from './store-allocation';
import { nextResourceVersion, recordEvent, type EventHistory } from './store-history';
import { getObject, putObject, removeObject, type ObjectTables } from './store-tables';
import type {
  KubeObject,
  ResourceName,
  ResourceStrategy,
  StoreEvent,
  StrategyContext,
} from './types';

export interface StoreContext {
  readonly strategies: Partial<Record<ResourceName, ResourceStrategy>>;
  /** Kubernetes minor version served (27–33); 33+ maintains metadata.generation on pods. */
  readonly minorVersion: number;
  /** Pods with a node and a grace period are deleted in two steps, as upstream. */
  readonly gracefulPodDeletion: boolean;
  /** A garbage collector resolves the `orphan` / `foregroundDeletion` finalizers. */
  readonly garbageCollection: boolean;
  readonly now: () => Date;
  readonly tables: ObjectTables;
  readonly history: EventHistory;
  readonly allocations: AllocationState;
  /** The schema of each kind, for metadata.managedFields (served OpenAPI, from outside core). */
  readonly kindSchema?: (resource: ResourceName) => KindSchema;
  /** What strategies see: the store and the allocators. */
  readonly strategyContext: StrategyContext;
}

export type Obj = Record<string, unknown>;

export function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

/**
 * A private deep copy of an object about to be written. Its managedFields are shared, not
 * copied: every write replaces them with entries the field manager builds (never mutating the
 * ones it was given), and they are often the largest part of the object.
 */
export function cloneForWrite(input: KubeObject): KubeObject {
  const meta = input.metadata as KubeObject['metadata'] | undefined;
  const managed = meta?.managedFields;
  if (!meta || managed === undefined) return structuredClone(input);
  const { managedFields: _shared, ...rest } = meta;
  const copy = structuredClone({ ...input, metadata: rest }) as KubeObject;
  const metadata: Record<string, unknown> = {};
  // The original key order, so what is stored serialises as before.
  for (const key of Object.keys(meta)) {
    metadata[key] =
      key === 'managedFields' ? managed : (copy.metadata as Record<string, unknown>)[key];
  }
  copy.metadata = metadata as KubeObject['metadata'];
  return copy;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

export function requireExisting(
  ctx: StoreContext,
  resource: ResourceName,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const existing = getObject(ctx.tables, resource, namespace, name);
  if (!existing) throw notFound(resource, RESOURCES[resource].group, name);
  return existing;
}

/** Stores the object with a new resourceVersion and emits the event; returns it frozen. */
export function commit(
  ctx: StoreContext,
  resource: ResourceName,
  type: StoreEvent['type'],
  object: KubeObject,
  previous: KubeObject | undefined,
): KubeObject {
  object.metadata.resourceVersion = String(nextResourceVersion(ctx.history));
  deepFreeze(object);
  if (type === 'DELETED') {
    removeObject(ctx.tables, resource, object);
    trackAllocations(ctx.allocations, resource, previous, undefined);
  } else {
    putObject(ctx.tables, resource, object);
    trackAllocations(ctx.allocations, resource, previous, object);
  }
  const event: StoreEvent = previous
    ? { type, resource, object, previous }
    : { type, resource, object };
  recordEvent(ctx.history, event);
  return object;
}

/**
 * Writes `next` over `existing` as a modification, unless it changes nothing (then the stored
 * object is the answer: no new resourceVersion, no event); a dry run returns it unstored.
 */
export function commitModified(
  ctx: StoreContext,
  resource: ResourceName,
  next: KubeObject,
  existing: KubeObject,
  opts: { dryRun?: boolean },
): KubeObject {
  next.metadata.resourceVersion = existing.metadata.resourceVersion;
  if (deepEqual(next, existing)) return existing;
  if (opts.dryRun) return deepFreeze(next);
  return commit(ctx, resource, 'MODIFIED', next, existing);
}
