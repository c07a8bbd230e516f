/**
 * How much of something costly one client may ask for per minute: what the dashboard does on a
 * request's behalf towards others (reachability probes sent from its network position, token
 * reviews sent to the cluster by the unauthenticated sign-in form) must not be unbounded.
 *
 * Contract: pure apart from the clock the caller passes. Per client key (the request's socket
 * address, lib/http/peer-address.ts), at most `limit` units per fixed window of `windowMs`;
 * `take` either spends them all or none and says how long until the window ends. Keys of
 * finished windows are forgotten, so the map stays as small as the set of recent clients.
 */
export interface ClientBudgetOptions {
  limit: number;
  windowMs: number;
}

export type BudgetAnswer = { ok: true } | { ok: false; retryAfterMs: number };

export class ClientBudget {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly options: ClientBudgetOptions) {}

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
