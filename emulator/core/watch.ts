/**
 * One watch response: the apiserver's watch wire format (one JSON event per line, no blank
 * lines), synthetic ADDED events or resume from the event history, the 410 Expired ERROR event
 * then close, BOOKMARKs (periodic, before a timeout, and the `k8s.io/initial-events-end` one of
 * streaming lists), `timeoutSeconds`, and selector transitions (an object that stops matching is
 * sent as DELETED, one that starts matching as ADDED, like the cacher).
 *
 * A watcher never blocks the store: events are queued on the response stream, and a watcher
 * whose queue grows past its bound is closed cleanly (the cacher's behaviour for slow watchers);
 * the client then resumes from the last resourceVersion it saw.
 */
import { expired } from './errors';
import { RESOURCES } from './resources';
import { matchesFilter, type ObjectFilter } from './field-selectors';
import type { CoreStore } from './store';
import type { KubeObject, ResourceName, StoreEvent } from './types';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchRequest {
  store: CoreStore;
  resource: ResourceName;
  namespace?: string;
  filter: ObjectFilter;
  /** 'initial': synthetic ADDED for current objects first; a number: resume after that RV. */
  start: 'initial' | 'now' | number;
  /** Send the initial-events-end BOOKMARK after the initial ADDEDs (sendInitialEvents=true). */
  initialEventsEndBookmark: boolean;
  allowBookmarks: boolean;
  bookmarkIntervalMs: number;
  /** Close the stream cleanly after this long (timeoutSeconds). */
  timeoutMs?: number;
  /**
   * Events that may wait unsent. A watcher above this bound that has not drained back under it
   * within `slowGraceMs` is closed; one above ten times the bound is closed at once.
   */
  maxQueuedEvents: number;
  slowGraceMs: number;
  /** Turns an event object into what goes on the wire (e.g. a Table row). */
  encodeObject: (type: WatchEventType, object: KubeObject) => unknown;
  signal?: AbortSignal;
  /** Called once when the watch ends, however it ends. */
  onClose?: () => void;
}

export interface ActiveWatch {
  stream: ReadableStream<Uint8Array>;
  close(): void;
  isClosed(): boolean;
}

const encoder = new TextEncoder();

/**
 * Stored objects are frozen, so their JSON never changes: encode each once, however many
 * watchers send it (100 watchers must not mean 100 serialisations per event).
 */
const jsonCache = new WeakMap<object, string>();

function objectJson(object: unknown): string {
  if (typeof object !== 'object' || object === null || !Object.isFrozen(object)) {
    return JSON.stringify(object);
  }
  let json = jsonCache.get(object);
  if (json === undefined) {
    json = JSON.stringify(object);
    jsonCache.set(object, json);
  }
  return json;
}

/** Applies a selector to a committed event, with the cacher's transition rules. */
export function filterEvent(
  event: StoreEvent,
  matches: (object: KubeObject) => boolean,
): { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject } | undefined {
  switch (event.type) {
    case 'ADDED':
      return matches(event.object) ? { type: 'ADDED', object: event.object } : undefined;
    case 'MODIFIED': {
      const now = matches(event.object);
      const before = event.previous ? matches(event.previous) : false;
      if (now && before) return { type: 'MODIFIED', object: event.object };
      if (now) return { type: 'ADDED', object: event.object };
      if (before) return { type: 'DELETED', object: event.object };
      return undefined;
    }
    case 'DELETED': {
      const was = matches(event.previous ?? event.object) || matches(event.object);
      return was ? { type: 'DELETED', object: event.object } : undefined;
    }
  }
}

export function startWatch(req: WatchRequest): ActiveWatch {
  const { store, resource, namespace, filter } = req;
  const info = RESOURCES[resource];
  const matches = (o: KubeObject) =>
    (namespace === undefined || o.metadata.namespace === namespace) &&
    matchesFilter(resource, filter, o);

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let unsubscribe: (() => void) | undefined;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  let slowTimer: NodeJS.Timeout | undefined;

  const cleanup = () => {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    if (timeoutTimer) clearTimeout(timeoutTimer);
    if (slowTimer) clearTimeout(slowTimer);
    req.signal?.removeEventListener('abort', onAbort);
    req.onClose?.();
  };
  const close = () => {
    if (closed) return;
    cleanup();
    try {
      controller.close();
    } catch {
      // already closed or errored by the consumer
    }
  };
  const onAbort = () => close();

  const send = (type: WatchEventType, object: unknown) => {
    if (closed) return;
    const line = `{"type":${JSON.stringify(type)},"object":${objectJson(object)}}\n`;
    controller.enqueue(encoder.encode(line));
    // desiredSize counts queued chunks (highWaterMark 0): a consumer that stopped reading
    // drives it negative.
    const backlog = -(controller.desiredSize ?? 0);
    if (backlog > req.maxQueuedEvents * 10) close();
    else if (backlog > req.maxQueuedEvents && !slowTimer) {
      slowTimer = setTimeout(() => {
        slowTimer = undefined;
        if (-(controller.desiredSize ?? 0) > req.maxQueuedEvents) close();
      }, req.slowGraceMs);
      slowTimer.unref?.();
    }
  };
  const sendObject = (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) =>
    send(type, req.encodeObject(type, object));
  const bookmark = (annotations?: Record<string, string>) => {
    const metadata: Record<string, unknown> = { resourceVersion: store.currentResourceVersion() };
    if (annotations) metadata.annotations = annotations;
    send('BOOKMARK', { kind: info.kind, apiVersion: info.apiVersion, metadata });
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (typeof req.start === 'number') {
          const events = store.eventsSince(req.start);
          if (!events) {
            const status = expired(
              `too old resource version: ${req.start} (${store.compactedResourceVersion()})`,
            ).status;
            send('ERROR', status);
            close();
            return;
          }
          for (const e of events) {
            if (e.resource !== resource) continue;
            const out = filterEvent(e, matches);
            if (out) sendObject(out.type, out.object);
          }
        } else if (req.start === 'initial') {
          const objects =
            namespace !== undefined && info.namespaced
              ? store.list(resource, namespace)
              : store.list(resource);
          for (const o of objects) if (matches(o)) sendObject('ADDED', o);
        }
        if (req.initialEventsEndBookmark) bookmark({ 'k8s.io/initial-events-end': 'true' });
        unsubscribe = store.subscribe((e) => {
          if (e.resource !== resource || closed) return;
          const out = filterEvent(e, matches);
          if (out) sendObject(out.type, out.object);
        });
        if (req.allowBookmarks) {
          bookmarkTimer = setInterval(() => bookmark(), req.bookmarkIntervalMs);
          bookmarkTimer.unref?.();
        }
        if (req.timeoutMs !== undefined) {
          timeoutTimer = setTimeout(() => {
            if (req.allowBookmarks) bookmark();
            close();
          }, req.timeoutMs);
          timeoutTimer.unref?.();
        }
        if (req.signal?.aborted) close();
        else req.signal?.addEventListener('abort', onAbort);
      },
      cancel() {
        cleanup();
      },
    },
    new CountQueuingStrategy({ highWaterMark: 0 }),
  );
  return { stream, close, isClosed: () => closed };
}
