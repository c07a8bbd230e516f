import 'server-only';
/**
 * The sign-in settings of this server process, from the environment `switchboard serve` sets
 * (SWITCHBOARD_AUTH=none|oidc|proxy|token; the standalone image reads the same variables).
 *
 * Contract: `authSettings()` is read once per process and cached; an unknown mode is a
 * configuration error that stops the server at start-up (lib/http/exposure-startup.ts asks
 * first), never a silent fallback to `none`.
 */
import { AUTH_MODES, type AuthMode } from './viewer';

type Env = Record<string, string | undefined>;

export interface AuthSettings {
  mode: AuthMode;
}

export function authSettingsFromEnv(env: Env): AuthSettings {
  const mode = env.SWITCHBOARD_AUTH || 'none';
  if (!(AUTH_MODES as readonly string[]).includes(mode)) {
    throw new Error(
      `SWITCHBOARD_AUTH must be one of ${AUTH_MODES.join(', ')}; got ${JSON.stringify(mode)}`,
    );
  }
  return { mode: mode as AuthMode };
}

let cached: AuthSettings | undefined;

export function authSettings(): AuthSettings {
  cached ??= authSettingsFromEnv(process.env);
  return cached;
}
