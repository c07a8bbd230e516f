/**
 * How many reachability probes one client may ask the server to send: without a limit the
 * "check reachability" button is a port scanner driven from the dashboard's network position.
 *
 * Contract: pure apart from the clock the caller passes. Per client key (the request's socket
 * address today; the signed-in user once there is one), at most `limit` targets per fixed window
 * of `windowMs`; `take` either spends them all or none and says how long until the window ends.
 * Keys of finished windows are forgotten, so the map stays as small as the set of recent clients.
 */
export interface ProbeBudgetOptions {
  limit: number;
  windowMs: number;
}

export const DEFAULT_PROBE_BUDGET: ProbeBudgetOptions = { limit: 256, windowMs: 60_000 };

export type BudgetAnswer = { ok: true } | { ok: false; retryAfterMs: number };

export class ProbeBudget {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly options: ProbeBudgetOptions = DEFAULT_PROBE_BUDGET) {}

  take(client: string, count: number, now: number): BudgetAnswer {
    this.forgetFinished(now);
    let window = this.windows.get(client);
    if (!window) {
      window = { start: now, used: 0 };
      this.windows.set(client, window);
    }
    if (window.used + count > this.options.limit) {
      return { ok: false, retryAfterMs: window.start + this.options.windowMs - now };
    }
    window.used += count;
    return { ok: true };
  }

  private forgetFinished(now: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.start >= this.options.windowMs) this.windows.delete(client);
    }
  }
}
