/**
 * A signal that aborts after `ms`, or when `parent` aborts, whichever comes first.
 *
 * Why not `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: in Node 20 a timeout signal
 * inside `any()` is held only weakly (nodejs/node#57736), so a garbage collection before it
 * fires loses the timeout, and a request to a server that never answers waits forever. Here the
 * timer holds the controller, so the timeout always fires.
 *
 * Contract: the signal aborts with a `TimeoutError` DOMException after `ms`, or with the
 * parent's reason (at once when the parent has already aborted). `dispose()` clears the timer
 * and the listener on `parent`: call it when the operation ends, so that a long-lived parent
 * does not collect listeners. The timer does not keep the process alive on its own.
 */
export interface TimeoutSignal {
  signal: AbortSignal;
  dispose(): void;
}

export function timeoutSignal(ms: number, parent?: AbortSignal): TimeoutSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
    ms,
  );
  timer.unref();
  const onParentAbort = () => controller.abort(parent!.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
