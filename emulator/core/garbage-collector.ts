/**
 * The garbage collector (pkg/controller/garbagecollector), reduced to what the served kinds
 * need: an ownerReference graph keyed by uid;
 *  - a dependent whose owners are all gone is deleted (Background); one with some owners gone
 *    has the dangling references removed;
 *  - an owner deleted with propagationPolicy=Orphan carries the `orphan` finalizer: its
 *    dependents lose their references to it, then the finalizer is removed and the owner goes;
 *  - Foreground carries `foregroundDeletion`: dependents are deleted (Foreground too), the owner
 *    stays (with deletionTimestamp) until no dependent with blockOwnerDeletion=true remains,
 *    then the finalizer is removed and the owner goes.
 * Owners are resolved by uid only (upstream also checks apiVersion/kind/name via discovery).
 */
import { isApiError } from './errors';
import { createCoreQueue } from './core-queue';
import { RESOURCE_NAMES } from './resources';
import type { CoreStore } from './store';
import type { Controller, KubeObject, ResourceName, StoreEvent } from './types';

interface Ref {
  resource: ResourceName;
  namespace: string;
  name: string;
}

const refKey = (r: Ref) => `${r.resource}|${r.namespace}|${r.name}`;

function parseRefKey(key: string): Ref {
  const [resource, namespace, name] = key.split('|');
  return { resource: resource as ResourceName, namespace: namespace ?? '', name: name ?? '' };
}

export function createGarbageCollector(store: CoreStore): Controller {
  /** uid → where the object lives. */
  const byUid = new Map<string, Ref>();
  /** owner uid → dependents' keys. */
  const dependents = new Map<string, Set<string>>();
  let unsubscribe: (() => void) | undefined;

  const refOf = (resource: ResourceName, o: KubeObject): Ref => ({
    resource,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
  });

  const index = (resource: ResourceName, o: KubeObject | undefined, add: boolean) => {
    if (!o?.metadata.uid) return;
    const key = refKey(refOf(resource, o));
    if (add) byUid.set(o.metadata.uid, refOf(resource, o));
    else if (byUid.get(o.metadata.uid) && refKey(byUid.get(o.metadata.uid)!) === key) {
      byUid.delete(o.metadata.uid);
    }
    for (const owner of o.metadata.ownerReferences ?? []) {
      let set = dependents.get(owner.uid);
      if (add) {
        if (!set) dependents.set(owner.uid, (set = new Set()));
        set.add(key);
      } else if (set) {
        set.delete(key);
        if (set.size === 0) dependents.delete(owner.uid);
      }
    }
  };

  const ignoreGone = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (isApiError(error) && error.code === 404) return;
      throw error;
    }
  };

  const lookup = (key: string): { ref: Ref; object: KubeObject } | undefined => {
    const ref = parseRefKey(key);
    const object = store.get(ref.resource, ref.namespace, ref.name);
    return object ? { ref, object } : undefined;
  };

  const ownerObject = (uid: string): KubeObject | undefined => {
    const ref = byUid.get(uid);
    if (!ref) return undefined;
    const o = store.get(ref.resource, ref.namespace, ref.name);
    return o?.metadata.uid === uid ? o : undefined;
  };

  const isForegroundDeleting = (o: KubeObject) =>
    !!o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).includes('foregroundDeletion');

  /** A dependent: delete it when no owner remains, drop dangling references otherwise. */
  function attemptToDelete(key: string) {
    const found = lookup(key);
    if (!found) return;
    const { ref, object } = found;
    const owners = object.metadata.ownerReferences ?? [];
    if (owners.length === 0) return;
    const solid = owners.filter((o) => ownerObject(o.uid) !== undefined);
    const waiting = solid.filter((o) => isForegroundDeleting(ownerObject(o.uid)!));
    const dangling = owners.filter((o) => ownerObject(o.uid) === undefined);
    if (solid.length === 0 || solid.length === waiting.length) {
      if (object.metadata.deletionTimestamp) return;
      ignoreGone(() =>
        store.delete(ref.resource, ref.namespace, ref.name, {
          propagationPolicy: waiting.length ? 'Foreground' : 'Background',
          preconditions: { uid: object.metadata.uid },
        }),
      );
      return;
    }
    if (dangling.length) {
      const next = structuredClone(object) as KubeObject;
      const gone = new Set(dangling.map((o) => o.uid));
      next.metadata.ownerReferences = owners.filter((o) => !gone.has(o.uid));
      ignoreGone(() => store.update(ref.resource, next));
    }
  }

  function removeFinalizer(ref: Ref, finalizer: string) {
    const current = store.get(ref.resource, ref.namespace, ref.name);
    if (!current || !(current.metadata.finalizers ?? []).includes(finalizer)) return;
    const next = structuredClone(current) as KubeObject;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    ignoreGone(() => store.update(ref.resource, next));
  }

  /** An owner being deleted with Orphan or Foreground propagation. */
  function processOwner(key: string) {
    const found = lookup(key);
    if (!found) return;
    const { ref, object } = found;
    if (!object.metadata.deletionTimestamp) return;
    const uid = object.metadata.uid ?? '';
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes('orphan')) {
      for (const depKey of [...(dependents.get(uid) ?? [])]) {
        const dep = lookup(depKey);
        if (!dep) continue;
        const next = structuredClone(dep.object) as KubeObject;
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(
          (o) => o.uid !== uid,
        );
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        ignoreGone(() => store.update(dep.ref.resource, next));
      }
      removeFinalizer(ref, 'orphan');
      return;
    }
    if (finalizers.includes('foregroundDeletion')) {
      let blocking = 0;
      for (const depKey of [...(dependents.get(uid) ?? [])]) {
        const dep = lookup(depKey);
        if (!dep) continue;
        const owned = (dep.object.metadata.ownerReferences ?? []).find((o) => o.uid === uid);
        if (!owned) continue;
        if (owned.blockOwnerDeletion) blocking++;
        if (!dep.object.metadata.deletionTimestamp) {
          const others = (dep.object.metadata.ownerReferences ?? []).filter(
            (o) =>
              o.uid !== uid && ownerObject(o.uid) && !isForegroundDeleting(ownerObject(o.uid)!),
          );
          if (others.length === 0) {
            ignoreGone(() =>
              store.delete(dep.ref.resource, dep.ref.namespace, dep.ref.name, {
                propagationPolicy: 'Foreground',
              }),
            );
          }
        }
      }
      if (blocking === 0) removeFinalizer(ref, 'foregroundDeletion');
    }
  }

  const queue = createCoreQueue((task) => {
    const [kind, key] = [task.slice(0, 6), task.slice(7)];
    if (kind === 'depend') attemptToDelete(key);
    else processOwner(key);
  });

  const enqueueDependents = (uid: string) => {
    for (const depKey of dependents.get(uid) ?? []) queue.add(`depend ${depKey}`);
  };

  const onEvent = (event: StoreEvent) => {
    const { resource, object, previous } = event;
    if (event.type === 'DELETED') {
      index(resource, previous ?? object, false);
      index(resource, object, false);
      enqueueDependents(object.metadata.uid ?? '');
    } else {
      if (previous) index(resource, previous, false);
      index(resource, object, true);
      if (object.metadata.deletionTimestamp) {
        const f = object.metadata.finalizers ?? [];
        if (f.includes('orphan') || f.includes('foregroundDeletion')) {
          queue.add(`owners ${refKey(refOf(resource, object))}`);
        }
        if (f.includes('foregroundDeletion')) enqueueDependents(object.metadata.uid ?? '');
      }
      if (event.type === 'ADDED' && (object.metadata.ownerReferences ?? []).length) {
        // An object created with a reference to an owner that is already gone.
        queue.add(`depend ${refKey(refOf(resource, object))}`);
      }
    }
    // A dependent that changed or went away may unblock a foreground-deleting owner.
    for (const owner of [
      ...(previous?.metadata.ownerReferences ?? []),
      ...(object.metadata.ownerReferences ?? []),
    ]) {
      const o = ownerObject(owner.uid);
      if (o && isForegroundDeleting(o)) {
        const oref = byUid.get(owner.uid);
        if (oref) queue.add(`owners ${refKey(oref)}`);
      }
    }
  };

  return {
    name: 'garbage-collector',
    start() {
      for (const resource of RESOURCE_NAMES) {
        for (const o of store.list(resource)) index(resource, o, true);
      }
      unsubscribe = store.subscribe(onEvent);
      for (const resource of RESOURCE_NAMES) {
        for (const o of store.list(resource)) {
          if ((o.metadata.ownerReferences ?? []).length)
            queue.add(`depend ${refKey(refOf(resource, o))}`);
          if (o.metadata.deletionTimestamp) queue.add(`owners ${refKey(refOf(resource, o))}`);
        }
      }
    },
    stop() {
      unsubscribe?.();
      queue.stop();
    },
    idle: () => queue.idle(),
  };
}
