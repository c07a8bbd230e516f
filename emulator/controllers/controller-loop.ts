/**
 * The one lifecycle every controller here shares, as a controller's Run() does upstream (wait
 * for the informer caches, then work the queue): `start()` takes a reference on the shared cache
 * (the first one fills it), subscribes the controller's event handler, starts its work queue and
 * queues the work a fresh start owes; `stop()` undoes that in reverse; `idle()` is the queue's.
 * Starting twice or stopping a stopped controller does nothing. Keeps the `Controller` contract
 * of emulator/core/types.ts.
 */
import type { Controller, KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import { namespacedKey } from './util';
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
