/**
 * Where the store keeps its objects: one map per resource from `namespace/name` (or `name` for
 * cluster-scoped kinds) to the stored, frozen object, plus each resource's keys in sorted order
 * for paged lists (limit/continue walk them; a list of one namespace is a range of them). The
 * sorted keys are rebuilt lazily after a key is added or removed.
 */
import { RESOURCES, RESOURCE_NAMES } from './resources';
import type { KubeObject, ResourceName } from './types';

export interface ObjectTables {
  readonly objects: Map<ResourceName, Map<string, KubeObject>>;
  /** undefined = stale, rebuilt on the next read. */
  readonly sorted: Map<ResourceName, string[] | undefined>;
}

export function createObjectTables(): ObjectTables {
  const objects = new Map<ResourceName, Map<string, KubeObject>>();
  for (const r of RESOURCE_NAMES) objects.set(r, new Map());
  return { objects, sorted: new Map() };
}

export function objectKey(
  resource: ResourceName,
  namespace: string | undefined,
  name: string,
): string {
  return RESOURCES[resource].namespaced ? `${namespace ?? ''}/${name}` : name;
}

export function table(tables: ObjectTables, resource: ResourceName): Map<string, KubeObject> {
  return tables.objects.get(resource)!;
}

export function getObject(
  tables: ObjectTables,
  resource: ResourceName,
  namespace: string | undefined,
  name: string,
): KubeObject | undefined {
  return table(tables, resource).get(objectKey(resource, namespace, name));
}

/** Stores (or replaces) an object under its key. */
export function putObject(tables: ObjectTables, resource: ResourceName, object: KubeObject): void {
  const key = objectKey(resource, object.metadata.namespace, object.metadata.name ?? '');
  const t = table(tables, resource);
  if (!t.has(key)) tables.sorted.set(resource, undefined);
  t.set(key, object);
}

export function removeObject(
  tables: ObjectTables,
  resource: ResourceName,
  object: KubeObject,
): void {
  const key = objectKey(resource, object.metadata.namespace, object.metadata.name ?? '');
  table(tables, resource).delete(key);
  tables.sorted.set(resource, undefined);
}

/** The resource's keys in sorted order; shared, do not mutate. */
export function sortedKeys(tables: ObjectTables, resource: ResourceName): readonly string[] {
  let keys = tables.sorted.get(resource);
  if (!keys) {
    keys = [...table(tables, resource).keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    tables.sorted.set(resource, keys);
  }
  return keys;
}

/** Sorted by namespace/name; `namespace` undefined = all namespaces. */
export function listObjects(
  tables: ObjectTables,
  resource: ResourceName,
  namespace?: string,
): KubeObject[] {
  const keys = sortedKeys(tables, resource);
  const t = table(tables, resource);
  if (namespace === undefined || !RESOURCES[resource].namespaced) {
    return keys.map((k) => t.get(k)!);
  }
  const prefix = `${namespace}/`;
  const out: KubeObject[] = [];
  for (let i = lowerBound(keys, prefix); i < keys.length && keys[i]!.startsWith(prefix); i++) {
    out.push(t.get(keys[i]!)!);
  }
  return out;
}

/** The first index whose key is not below `target` (binary search over sorted keys). */
export function lowerBound(keys: readonly string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
