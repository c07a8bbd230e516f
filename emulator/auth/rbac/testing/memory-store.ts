/**
 * A minimal in-memory RbacStore for the bootstrap and aggregation-controller tests: objects by
 * resource/namespace/name, resourceVersions, synchronous change events, 409 on a stale update.
 * It validates nothing; the cluster's real store does that.
 */
import type { KubeObject } from '../../../core/types';
import type { RbacResource, RbacStore } from '../store-source';

type Listener = Parameters<RbacStore['subscribe']>[0];

export interface MemoryRbacStore extends RbacStore {
  writes: { verb: string; resource: RbacResource; name: string; fieldManager?: string }[];
}

export function memoryRbacStore(): MemoryRbacStore {
  const objects = new Map<string, KubeObject>();
  const listeners = new Set<Listener>();
  let rv = 0;
  const key = (resource: string, namespace: string, name: string) =>
    `${resource}/${namespace}/${name}`;
  const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', resource: string, object: KubeObject) => {
    for (const listener of listeners) listener({ type, resource, object });
  };
  const store: MemoryRbacStore = {
    writes: [],
    get: (resource, namespace, name) => objects.get(key(resource, namespace, name)),
    list: (resource, namespace) =>
      [...objects.entries()]
        .filter(([k]) =>
          k.startsWith(`${resource}/${namespace === undefined ? '' : `${namespace}/`}`),
        )
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, object]) => object),
    create(resource, object, options) {
      const k = key(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
      if (objects.has(k)) throw new Error(`${k} already exists`);
      const stored = structuredClone({
        ...object,
        metadata: { ...object.metadata, resourceVersion: String(++rv) },
      });
      objects.set(k, stored);
      store.writes.push({
        verb: 'create',
        resource,
        name: object.metadata.name ?? '',
        fieldManager: options?.fieldManager,
      });
      emit('ADDED', resource, stored);
      return stored;
    },
    update(resource, object, options) {
      const k = key(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
      const existing = objects.get(k);
      if (!existing) throw new Error(`${k} not found`);
      const sent = object.metadata.resourceVersion;
      if (sent && sent !== existing.metadata.resourceVersion) throw new Error(`${k} conflict`);
      const stored = structuredClone({
        ...object,
        metadata: { ...object.metadata, resourceVersion: String(++rv) },
      });
      objects.set(k, stored);
      store.writes.push({
        verb: 'update',
        resource,
        name: object.metadata.name ?? '',
        fieldManager: options?.fieldManager,
      });
      emit('MODIFIED', resource, stored);
      return stored;
    },
    delete(resource, namespace, name) {
      const k = key(resource, namespace, name);
      const existing = objects.get(k);
      if (!existing) throw new Error(`${k} not found`);
      objects.delete(k);
      store.writes.push({ verb: 'delete', resource, name });
      emit('DELETED', resource, existing);
      return existing;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}
