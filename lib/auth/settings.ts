/**
 * The sign-in settings of this server process, from the environment `switchboard serve` sets
 * from its flags (the standalone image reads the same variables):
 *
 *   SWITCHBOARD_AUTH                none | oidc | proxy | token (default none)
 *   SWITCHBOARD_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET_FILE, _USERNAME_CLAIM (email),
 *   _GROUPS_CLAIM (groups), _USERNAME_PREFIX, _GROUPS_PREFIX   (the apiserver's --oidc-* names)
 *   SWITCHBOARD_PUBLIC_URL          the URL people open (OIDC redirect URI; https → Secure cookie)
 *   SWITCHBOARD_PROXY_USER_HEADER (X-Forwarded-User), _GROUPS_HEADER (X-Forwarded-Groups)
 *   SWITCHBOARD_TRUSTED_PROXIES     CIDR,… (required with proxy)
 *   SWITCHBOARD_SESSION_KEY_FILE    lines `id password` (lib/auth/session-keys.ts)
 *   SWITCHBOARD_SESSION_IDLE (1h), SWITCHBOARD_SESSION_MAX_AGE (12h): `90s`, `30m`, `1h30m`, seconds
 *
 * Contract: pure and isomorphic in what it decides (the CLI validates its flags with it, the
 * server reads it at start-up). `authSettingsFromEnv` throws one message naming the variable for
 * any bad value or combination (proxy without trusted proxies, oidc without issuer, client id or
 * public URL); an unknown mode is an error, never a silent fallback to `none`. `authSettings()`
 * is cached until the environment changes.
 */
import ipaddr from 'ipaddr.js';
import { AUTH_MODES, type AuthMode } from './viewer';

type Env = Record<string, string | undefined>;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecretFile?: string;
  usernameClaim: string;
  groupsClaim: string;
  usernamePrefix: string;
  groupsPrefix: string;
}

export interface ProxySettings {
  /** Lower-case header names (Headers lookups are case-insensitive anyway). */
  userHeader: string;
  groupsHeader: string;
  /** The `--trusted-proxies` ranges as given, parsed. */
  trustedProxies: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

export interface SessionSettings {
  keyFile?: string;
  idleSeconds: number;
  maxAgeSeconds: number;
}

export interface AuthSettings {
  mode: AuthMode;
  publicUrl?: URL;
  oidc?: OidcSettings;
  proxy?: ProxySettings;
  session: SessionSettings;
}

export const DEFAULT_SESSION_IDLE_S = 60 * 60;
export const DEFAULT_SESSION_MAX_AGE_S = 12 * 60 * 60;

/** The mode alone (the exposure guard needs only this). */
export function authModeFromEnv(env: Env): AuthMode {
  const mode = env.SWITCHBOARD_AUTH || 'none';
  if (!(AUTH_MODES as readonly string[]).includes(mode)) {
    throw new Error(
      `SWITCHBOARD_AUTH must be one of ${AUTH_MODES.join(', ')}; got ${JSON.stringify(mode)}`,
    );
  }
  return mode as AuthMode;
}

/** `90`, `90s`, `30m`, `1h30m`, `12h` → seconds (whole, positive). */
export function parseDurationSeconds(raw: string, name: string): number {
  const text = raw.trim();
  let seconds = 0;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else {
    const parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (!parts || text === '')
      throw new Error(`${name}=${raw} is not a duration (e.g. 30m, 1h, 12h)`);
    seconds = Number(parts[1] ?? 0) * 3600 + Number(parts[2] ?? 0) * 60 + Number(parts[3] ?? 0);
  }
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new Error(`${name}=${raw} must be a positive duration`);
  }
  return seconds;
}

export function parseTrustedProxies(raw: string): ProxySettings['trustedProxies'] {
  const ranges = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return ranges.map((range) => {
    try {
      // A bare address is a range of one.
      if (!range.includes('/')) {
        const address = ipaddr.process(range);
        return [address, address.kind() === 'ipv4' ? 32 : 128];
      }
      const [address, bits] = ipaddr.parseCIDR(range);
      // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8, as peers are matched (IPv4-mapped
      // peers are compared as IPv4).
      if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
        if (bits < 96) throw new Error('a mapped range shorter than /96');
        return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
      }
      return [address, bits];
    } catch {
      throw new Error(
        `SWITCHBOARD_TRUSTED_PROXIES: ${JSON.stringify(range)} is not an address or CIDR range`,
      );
    }
  }) as ProxySettings['trustedProxies'];
}

function url(raw: string, name: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`${name}=${raw} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`${name}=${raw} must be an http(s) URL`);
  }
  return parsed;
}

function headerName(raw: string | undefined, fallback: string, name: string): string {
  const value = (raw || fallback).trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(value)) {
    throw new Error(`${name}=${raw} is not an HTTP header name`);
  }
  return value;
}

function oidcFromEnv(env: Env): OidcSettings {
  const issuer = env.SWITCHBOARD_OIDC_ISSUER?.trim();
  const clientId = env.SWITCHBOARD_OIDC_CLIENT_ID?.trim();
  if (!issuer) throw new Error('--auth oidc needs --oidc-issuer (SWITCHBOARD_OIDC_ISSUER)');
  if (!clientId) throw new Error('--auth oidc needs --oidc-client-id (SWITCHBOARD_OIDC_CLIENT_ID)');
  url(issuer, 'SWITCHBOARD_OIDC_ISSUER');
  if (!env.SWITCHBOARD_PUBLIC_URL?.trim()) {
    throw new Error(
      '--auth oidc needs --public-url (SWITCHBOARD_PUBLIC_URL): the provider redirects people back there',
    );
  }
  return {
    issuer,
    clientId,
    clientSecretFile: env.SWITCHBOARD_OIDC_CLIENT_SECRET_FILE?.trim() || undefined,
    usernameClaim: env.SWITCHBOARD_OIDC_USERNAME_CLAIM?.trim() || 'email',
    groupsClaim: env.SWITCHBOARD_OIDC_GROUPS_CLAIM?.trim() || 'groups',
    usernamePrefix: env.SWITCHBOARD_OIDC_USERNAME_PREFIX ?? '',
    groupsPrefix: env.SWITCHBOARD_OIDC_GROUPS_PREFIX ?? '',
  };
}

function proxyFromEnv(env: Env): ProxySettings {
  const trusted = env.SWITCHBOARD_TRUSTED_PROXIES?.trim();
  if (!trusted) {
    throw new Error(
      '--auth proxy needs --trusted-proxies (SWITCHBOARD_TRUSTED_PROXIES): the identity headers are honoured only from those addresses',
    );
  }
  const trustedProxies = parseTrustedProxies(trusted);
  if (trustedProxies.length === 0) {
    throw new Error('SWITCHBOARD_TRUSTED_PROXIES names no address');
  }
  const userHeader = headerName(
    env.SWITCHBOARD_PROXY_USER_HEADER,
    'X-Forwarded-User',
    'SWITCHBOARD_PROXY_USER_HEADER',
  );
  const groupsHeader = headerName(
    env.SWITCHBOARD_PROXY_GROUPS_HEADER,
    'X-Forwarded-Groups',
    'SWITCHBOARD_PROXY_GROUPS_HEADER',
  );
  if (userHeader === groupsHeader) {
    throw new Error('the proxy user and groups headers must differ');
  }
  return { userHeader, groupsHeader, trustedProxies };
}

export function authSettingsFromEnv(env: Env): AuthSettings {
  const mode = authModeFromEnv(env);
  const idleSeconds = env.SWITCHBOARD_SESSION_IDLE?.trim()
    ? parseDurationSeconds(env.SWITCHBOARD_SESSION_IDLE, 'SWITCHBOARD_SESSION_IDLE')
    : DEFAULT_SESSION_IDLE_S;
  const maxAgeSeconds = env.SWITCHBOARD_SESSION_MAX_AGE?.trim()
    ? parseDurationSeconds(env.SWITCHBOARD_SESSION_MAX_AGE, 'SWITCHBOARD_SESSION_MAX_AGE')
    : DEFAULT_SESSION_MAX_AGE_S;
  if (idleSeconds > maxAgeSeconds) {
    throw new Error(
      `SWITCHBOARD_SESSION_IDLE (${idleSeconds} s) must not exceed SWITCHBOARD_SESSION_MAX_AGE (${maxAgeSeconds} s)`,
    );
  }
  const publicUrlRaw = env.SWITCHBOARD_PUBLIC_URL?.trim();
  return {
    mode,
    ...(publicUrlRaw ? { publicUrl: url(publicUrlRaw, 'SWITCHBOARD_PUBLIC_URL') } : {}),
    ...(mode === 'oidc' ? { oidc: oidcFromEnv(env) } : {}),
    ...(mode === 'proxy' ? { proxy: proxyFromEnv(env) } : {}),
    session: {
      keyFile: env.SWITCHBOARD_SESSION_KEY_FILE?.trim() || undefined,
      idleSeconds,
      maxAgeSeconds,
    },
  };
}

let cached: { key: string; settings: AuthSettings } | undefined;

/** This process's settings; parsed again only when a SWITCHBOARD_ variable changed. */
export function authSettings(env: Env = process.env): AuthSettings {
  const key = Object.keys(env)
    .filter((name) => name.startsWith('SWITCHBOARD_'))
    .sort()
    .map((name) => `${name}=${env[name]}`)
    .join('\0');
  if (cached?.key !== key) cached = { key, settings: authSettingsFromEnv(env) };
  return cached.settings;
}
