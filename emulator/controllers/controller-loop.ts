/**
 * The one lifecycle every controller here shares, as a controller's Run() does upstream (wait
 * for the informer caches, then work the queue): `start()` takes a reference on the shared cache
 * (the first one fills it), subscribes the controller's event handler, starts its work queue and
 * queues the work a fresh start owes; `stop()` undoes that in reverse; `idle()` is the queue's.
 * Starting twice or stopping a stopped controller does nothing. Keeps the `Controller` contract
 * of emulator/core/types.ts.
 */
import type { Controller, KubeObject, ResourceName, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import { controllerRef } from './controller-ref';
import { deepEqual } from '../core/deep-equal';
import { type LabelSelector, matchesLabelSelector } from '../core/label-selectors';
import { namespacedKey, splitKey } from './util';
import { WorkQueue, type WorkQueueOptions } from './work-queue';

/** What every controller's context holds: the shared cache and the controller's own queue. */
export interface LoopContext {
  cache: ObjectCache;
  queue: WorkQueue;
}

export interface ControllerLoop<C extends LoopContext> {
  name: string;
  /** Reconciles one queued key; a throw retries it with backoff. */
  sync(ctx: C, key: string): void;
  /** Turns a store event (already applied to the cache) into queued keys. */
  onEvent(ctx: C, event: StoreEvent): void;
  /** Queues what a fresh start must look at, once the cache is filled. */
  initialSync(ctx: C): void;
  queueOptions?: Omit<WorkQueueOptions, 'name'>;
}

/**
 * The controller for `loop`, over the context `makeContext` builds around the work queue this
 * creates (named after the controller).
 */
export function runControllerLoop<C extends LoopContext>(
  loop: ControllerLoop<C>,
  makeContext: (queue: WorkQueue) => C,
): Controller {
  const queue = new WorkQueue((key) => loop.sync(ctx, key), {
    ...loop.queueOptions,
    name: loop.name,
  });
  const ctx = makeContext(queue);
  let unsubscribe: (() => void) | undefined;
  return {
    name: loop.name,
    start() {
      if (unsubscribe) return;
      ctx.cache.start();
      unsubscribe = ctx.cache.on((event) => loop.onEvent(ctx, event));
      queue.start();
      loop.initialSync(ctx);
    },
    stop() {
      if (!unsubscribe) return;
      unsubscribe();
      unsubscribe = undefined;
      queue.stop();
      ctx.cache.stop();
    },
    idle: () => queue.idle(),
  };
}

/** Queues every object of `objects` by its key. */
export function queueAll(ctx: LoopContext, objects: Iterable<KubeObject>): void {
  for (const object of objects) ctx.queue.add(objectKey(object));
}

/** The work-queue key of a namespaced object: `namespace/name`. */
export function objectKey(object: KubeObject): string {
  return namespacedKey(object.metadata.namespace, object.metadata.name);
}

/**
 * Marks the writes a controller makes itself, so the events they cause do not requeue its own
 * work (upstream's EndpointSliceTracker does the same by generation).
 */
export class OwnWrites {
  private depth = 0;

  get active(): boolean {
    return this.depth > 0;
  }

  run<T>(write: () => T): T {
    this.depth++;
    try {
      return write();
    } finally {
      this.depth--;
    }
  }
}

/** Which owners a controller keeps: their resource, kind and label selector. */
export interface OwnerKind {
  resource: ResourceName;
  kind: string;
}

/**
 * upstream's add/update/delete handlers for owned objects (resolveControllerRef, then
 * getPodXs for orphans): queues the owner of `kind` controlling `object` (the one with that name
 * and uid), or, for an orphan, every such owner in its namespace whose selector matches it.
 */
export function queueControllerOf(
  ctx: LoopContext,
  owner: OwnerKind,
  object: KubeObject | undefined,
): void {
  if (!object) return;
  const ref = controllerRef(object);
  const namespace = object.metadata.namespace ?? '';
  if (ref) {
    if (ref.kind !== owner.kind) return;
    const found = ctx.cache.get(owner.resource, namespace, ref.name);
    if (found && found.metadata.uid === ref.uid) ctx.queue.add(objectKey(found));
    return;
  }
  for (const candidate of ctx.cache.list(owner.resource, namespace)) {
    const selector = (candidate.spec as { selector?: LabelSelector } | undefined)?.selector;
    if (matchesLabelSelector(selector, object.metadata.labels)) ctx.queue.add(objectKey(candidate));
  }
}

/**
 * An owned object's event: its controller (or the owners selecting it) and, when the change
 * moved it to another controller, the previous one too.
 */
export function queueControllersOf(ctx: LoopContext, owner: OwnerKind, event: StoreEvent): void {
  queueControllerOf(ctx, owner, event.object);
  if (event.previous && !deepEqual(controllerRef(event.previous), controllerRef(event.object))) {
    queueControllerOf(ctx, owner, event.previous);
  }
}

/** A controller that keeps objects of one kind (`owned`) for objects of another (`owner`). */
export interface OwnerLoop<C extends LoopContext> {
  name: string;
  owner: OwnerKind;
  owned: ResourceName;
  /** Reconciles one owner object (found in the cache). */
  syncOwner(ctx: C, owner: KubeObject): void;
  /** Events of other resources the controller also reacts to. */
  onOtherEvent?(ctx: C, event: StoreEvent): void;
}

/**
 * The loop of the ReplicaSet, StatefulSet, DaemonSet and Deployment controllers: an owner's
 * change queues it, an owned object's change queues its controller (queueControllersOf), a
 * fresh start queues every owner, and a key whose owner is gone is done.
 */
export function ownerLoop<C extends LoopContext>(loop: OwnerLoop<C>): ControllerLoop<C> {
  return {
    name: loop.name,
    sync(ctx, key) {
      const [namespace, name] = splitKey(key);
      const owner = ctx.cache.get(loop.owner.resource, namespace, name);
      if (owner) loop.syncOwner(ctx, owner);
    },
    onEvent(ctx, event) {
      if (event.resource === loop.owner.resource) ctx.queue.add(objectKey(event.object));
      else if (event.resource === loop.owned) queueControllersOf(ctx, loop.owner, event);
      loop.onOtherEvent?.(ctx, event);
    },
    initialSync: (ctx) => queueAll(ctx, ctx.cache.list(loop.owner.resource)),
  };
}
