/**
 * `switchboard serve`'s sign-in flags: their parseArgs options, their usage text, and how they
 * become the SWITCHBOARD_* variables the server reads (lib/auth/settings.ts decides what is valid,
 * here and in the server alike).
 *
 * Contract: `authEnv(flags, env)` sets a variable for each flag given (a flag overrides the same
 * variable inherited from the environment) and answers either the problems that must stop
 * `serve` with exit 2 — a bad mode or combination (`--auth proxy` without `--trusted-proxies`,
 * `--auth oidc` without issuer, client id or public URL), a session key file or client secret
 * file that cannot be read, `--insecure-no-auth` with a sign-in mode — or the warnings to print
 * (no session key file: sessions end at restart and are not shared by replicas). Pure but for
 * reading the two files.
 */
import { accessSync, constants } from 'node:fs';
import { errorMessage } from '../lib/error-message';
import { authSettingsFromEnv } from '../lib/auth/settings';
import { readSessionKeyFile } from '../lib/auth/session-keys';

/** Flag → variable. Every flag takes a value. */
const FLAG_VARIABLES = {
  auth: 'SWITCHBOARD_AUTH',
  'oidc-issuer': 'SWITCHBOARD_OIDC_ISSUER',
  'oidc-client-id': 'SWITCHBOARD_OIDC_CLIENT_ID',
  'oidc-client-secret-file': 'SWITCHBOARD_OIDC_CLIENT_SECRET_FILE',
  'oidc-username-claim': 'SWITCHBOARD_OIDC_USERNAME_CLAIM',
  'oidc-groups-claim': 'SWITCHBOARD_OIDC_GROUPS_CLAIM',
  'oidc-username-prefix': 'SWITCHBOARD_OIDC_USERNAME_PREFIX',
  'oidc-groups-prefix': 'SWITCHBOARD_OIDC_GROUPS_PREFIX',
  'public-url': 'SWITCHBOARD_PUBLIC_URL',
  'proxy-user-header': 'SWITCHBOARD_PROXY_USER_HEADER',
  'proxy-groups-header': 'SWITCHBOARD_PROXY_GROUPS_HEADER',
  'trusted-proxies': 'SWITCHBOARD_TRUSTED_PROXIES',
  'session-key-file': 'SWITCHBOARD_SESSION_KEY_FILE',
  'session-idle': 'SWITCHBOARD_SESSION_IDLE',
  'session-max-age': 'SWITCHBOARD_SESSION_MAX_AGE',
} as const;

export type AuthFlag = keyof typeof FLAG_VARIABLES;

export const AUTH_OPTIONS = Object.fromEntries(
  Object.keys(FLAG_VARIABLES).map((flag) => [flag, { type: 'string' as const }]),
) as Record<AuthFlag, { type: 'string' }>;

export const AUTH_USAGE_LINE = `[--auth none|oidc|proxy|token] [sign-in flags below]`;

export const AUTH_USAGE = `sign-in (docs/SIGN-IN.md; each flag also reads its SWITCHBOARD_* variable):
  --auth MODE        none (default; loopback only unless --insecure-no-auth), oidc, proxy, token
  --oidc-issuer URL  OpenID provider (oidc); also --oidc-client-id ID (required),
                     --oidc-client-secret-file F, --oidc-username-claim C (default email),
                     --oidc-groups-claim C (default groups), --oidc-username-prefix P,
                     --oidc-groups-prefix P (as the apiserver's --oidc-* flags, so names match
                     the cluster's RBAC subjects)
  --public-url URL   the URL people open (oidc: required, its redirect URI; https makes the
                     session cookie Secure)
  --trusted-proxies L  addresses or CIDR ranges of the authenticating proxy (proxy: required);
                     identity headers from anyone else are refused
  --proxy-user-header H    default X-Forwarded-User
  --proxy-groups-header H  default X-Forwarded-Groups (comma-separated or repeated)
  --session-key-file F     lines "id password" (32+ characters); the highest id seals, all
                     unseal (rotation); without it a random key per process: sessions end at
                     restart and are not shared by replicas
  --session-idle D   sign out after this long unused (default 1h; e.g. 30m, 1h30m, 3600)
  --session-max-age D  sign out this long after sign-in however used (default 12h)`;

type Env = Record<string, string | undefined>;

export function authEnv(
  flags: Partial<Record<AuthFlag, string>> & { 'insecure-no-auth'?: boolean },
  env: Env,
): { errors: string[]; warnings: string[] } {
  for (const [flag, variable] of Object.entries(FLAG_VARIABLES)) {
    const value = flags[flag as AuthFlag];
    if (value !== undefined) env[variable] = value;
  }
  let settings;
  try {
    settings = authSettingsFromEnv(env);
  } catch (error) {
    return { errors: [errorMessage(error)], warnings: [] };
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  if (settings.mode !== 'none' && flags['insecure-no-auth']) {
    errors.push(`--insecure-no-auth means no sign-in; it cannot go with --auth ${settings.mode}`);
  }
  if (settings.session.keyFile) {
    try {
      readSessionKeyFile(settings.session.keyFile);
    } catch (error) {
      errors.push(errorMessage(error));
    }
  } else if (settings.mode === 'oidc' || settings.mode === 'token') {
    warnings.push(
      'no --session-key-file: sessions are sealed with a random key of this process, so everyone is signed out at restart and replicas cannot read each other’s sessions',
    );
  }
  const secretFile = settings.oidc?.clientSecretFile;
  if (secretFile) {
    try {
      accessSync(secretFile, constants.R_OK);
    } catch (error) {
      errors.push(`--oidc-client-secret-file ${secretFile}: ${errorMessage(error)}`);
    }
  }
  return { errors, warnings };
}
