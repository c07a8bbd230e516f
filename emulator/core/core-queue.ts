/**
 * A tiny deduplicating work queue for the core controllers: keys are processed on a later
 * macrotask (never inside the store's event dispatch), failures are retried with a short delay,
 * and `idle()` resolves when nothing is queued, running or waiting to retry.
 */
export interface CoreQueue {
  add(key: string): void;
  idle(): Promise<void>;
  stop(): void;
}

export function createCoreQueue(
  process: (key: string) => void,
  options: { retryDelayMs?: number; maxRetries?: number } = {},
): CoreQueue {
  const retryDelayMs = options.retryDelayMs ?? 20;
  const maxRetries = options.maxRetries ?? 20;
  const queued = new Set<string>();
  const retries = new Map<string, number>();
  let scheduled: NodeJS.Immediate | undefined;
  let pendingRetries = 0;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (queued.size === 0 && !scheduled && pendingRetries === 0) {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    }
  };

  const run = () => {
    scheduled = undefined;
    const keys = [...queued];
    queued.clear();
    for (const key of keys) {
      if (stopped) break;
      try {
        process(key);
        retries.delete(key);
      } catch (error) {
        const n = (retries.get(key) ?? 0) + 1;
        if (n > maxRetries) {
          console.error(`emulator core controller: giving up on ${key}`, error);
          retries.delete(key);
          continue;
        }
        retries.set(key, n);
        pendingRetries++;
        setTimeout(() => {
          pendingRetries--;
          if (!stopped) add(key);
          settle();
        }, retryDelayMs).unref?.();
      }
    }
    if (queued.size && !stopped) scheduled = setImmediate(run);
    settle();
  };

  const add = (key: string) => {
    if (stopped) return;
    queued.add(key);
    scheduled ??= setImmediate(run);
  };

  return {
    add,
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      });
    },
    stop() {
      stopped = true;
      queued.clear();
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      pendingRetries = 0;
      settle();
    },
  };
}
