/**
 * How long a person's scope is trusted before the cluster is asked again
 * (SWITCHBOARD_ACCESS_CACHE_SECONDS, default 30, at most 60): a RoleBinding added or removed
 * takes effect within that bound, on open streams too.
 *
 * Contract: the bound covers everything — the cached answer is trusted for 90% of it and an open
 * stream re-checks its scope every 10% of it, so a change shows within the bound. An invalid
 * value is a configuration error, never a silent default.
 */
type Env = Record<string, string | undefined>;

export const MAX_ACCESS_CACHE_SECONDS = 60;

export interface AccessSettings {
  /** The whole bound, in ms. */
  boundMs: number;
  /** How long a decided scope is reused. */
  cacheMs: number;
  /** How often an open stream asks for its scope again. */
  recheckMs: number;
}

export function accessSettingsFromEnv(env: Env): AccessSettings {
  const raw = env.SWITCHBOARD_ACCESS_CACHE_SECONDS;
  const seconds = raw === undefined || raw === '' ? 30 : Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(
      `SWITCHBOARD_ACCESS_CACHE_SECONDS must be a positive number of seconds; got ${JSON.stringify(raw)}`,
    );
  }
  const boundMs = Math.min(seconds, MAX_ACCESS_CACHE_SECONDS) * 1000;
  return { boundMs, cacheMs: boundMs * 0.9, recheckMs: Math.max(100, boundMs * 0.1) };
}
