/**
 * A controller work queue with client-go workqueue semantics, for the emulator's controllers:
 * keys are deduplicated while waiting, a key being processed that is added again is processed
 * once more afterwards (never concurrently), failures are retried with exponential backoff
 * (5 ms · 2^n, at most `maxRetries` times, as DefaultControllerRateLimiter), and `addAfter`
 * delays a key. Processing is batched on setImmediate so a burst of store events (a 1,000-pod
 * scale-up) collapses into one sync per key.
 *
 * `idle()` resolves when nothing is queued, being processed, waiting on a short retry backoff or
 * on an update batch; other `addAfter` delays (timed work such as a progress deadline, a
 * readiness delay) do not count.
 */
export interface WorkQueueOptions {
  name: string;
  maxRetries?: number;
  /** Called with errors that exhausted their retries (default: console.error). */
  onDrop?: (key: string, error: unknown) => void;
}

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly retries = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly dueAt = new Map<string, number>();
  /** Delayed keys idle() waits for (short retries, batching), unlike other addAfter delays. */
  private readonly retrying = new Set<string>();
  private scheduled: NodeJS.Immediate | undefined;
  private idleWaiters: (() => void)[] = [];
  private stopped = true;

  constructor(
    private readonly handler: (key: string) => void | Promise<void>,
    private readonly options: WorkQueueOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.dueAt.clear();
    this.retrying.clear();
    this.pending.clear();
    this.dirty.clear();
    this.resolveIdle();
  }

  add(key: string): void {
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.pending.add(key);
    this.schedule();
  }

  /**
   * Adds the key after `ms`; of two pending delays for the same key the earlier one wins.
   * `holdIdle`: idle() waits for this delay (short retries, update batching).
   */
  addAfter(key: string, ms: number, holdIdle = false): void {
    if (ms <= 0) {
      this.add(key);
      return;
    }
    if (this.stopped) return;
    const due = Date.now() + ms;
    const existing = this.timers.get(key);
    if (existing) {
      if ((this.dueAt.get(key) ?? Infinity) <= due) return;
      clearTimeout(existing);
    }
    if (holdIdle) this.retrying.add(key);
    this.dueAt.set(key, due);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.dueAt.delete(key);
      this.retrying.delete(key);
      if (!this.stopped) this.add(key);
      else this.resolveIdle();
    }, ms);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  get length(): number {
    return this.pending.size;
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.pending.size === 0 && this.processing.size === 0 && this.retrying.size === 0;
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private schedule(): void {
    if (this.stopped || this.scheduled || this.pending.size === 0) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) break;
      this.processing.add(key);
      try {
        await this.handler(key);
        this.retries.delete(key);
      } catch (error) {
        this.handleError(key, error);
      } finally {
        this.processing.delete(key);
        if (this.dirty.delete(key)) this.pending.add(key);
      }
    }
    if (this.pending.size > 0) this.schedule();
    else if (this.isIdle()) this.resolveIdle();
  }

  private handleError(key: string, error: unknown): void {
    const n = this.retries.get(key) ?? 0;
    if (n < (this.options.maxRetries ?? 15)) {
      this.retries.set(key, n + 1);
      const timer = this.timers.get(key);
      if (timer) clearTimeout(timer);
      this.timers.delete(key);
      // Only the first quick retries (≤ 80 ms, e.g. a write Conflict) hold idle() back; a key
      // that keeps failing (a pod on a missing Node) must not stall tests for minutes.
      this.addAfter(key, 5 * 2 ** n, n < 5);
      return;
    }
    this.retries.delete(key);
    (this.options.onDrop ?? defaultDrop(this.options.name))(key, error);
  }
}

function defaultDrop(name: string) {
  return (key: string, error: unknown) => {
    console.error(`[${name}] dropping ${key} after retries: ${String(error)}`);
  };
}
