import 'server-only';
/**
 * The identity provider's configuration (OpenID discovery, through `openid-client`), fetched
 * once per process and per issuer + client.
 *
 * Contract:
 * - a discovery that fails is not remembered: the next sign-in asks the provider again, so a
 *   provider that was down when the dashboard started is used as soon as it is back;
 * - plain `http://` issuers are allowed only on loopback (a provider beside the dashboard on
 *   the same machine); anything else must be `https://`, or discovery refuses it;
 * - a client secret authenticates with HTTP Basic (`client_secret_basic`, the default the
 *   OpenID specification names); without one the client is public (`none`), PKCE alone.
 */
import * as client from 'openid-client';

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

const CACHE = Symbol.for('switchboard.oidc-discovery');

/** One cache per process: Next bundles each route separately, and each would load this module. */
function cache(): Map<string, Promise<client.Configuration>> {
  const holder = globalThis as { [CACHE]?: Map<string, Promise<client.Configuration>> };
  holder[CACHE] ??= new Map();
  return holder[CACHE];
}

/** How long one request to the provider may take before the sign-in says it is unavailable. */
const PROVIDER_TIMEOUT_SECONDS = 10;

export function oidcConfiguration(settings: OidcClientSettings): Promise<client.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret ?? '']);
  const configurations = cache();
  let pending = configurations.get(key);
  if (!pending) {
    pending = discover(settings);
    configurations.set(key, pending);
    pending.catch(() => {
      if (configurations.get(key) === pending) configurations.delete(key);
    });
  }
  return pending;
}

async function discover(settings: OidcClientSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:';
  if (insecure && !isLoopbackHost(issuer.hostname)) {
    throw new Error(
      `The OIDC issuer ${settings.issuer} is plain http on a non-loopback host; it must be https.`,
    );
  }
  const authentication = settings.clientSecret
    ? client.ClientSecretBasic(settings.clientSecret)
    : client.None();
  const configuration = await client.discovery(
    issuer,
    settings.clientId,
    undefined,
    authentication,
    { execute: insecure ? [client.allowInsecureRequests] : [], timeout: PROVIDER_TIMEOUT_SECONDS },
  );
  configuration.timeout = PROVIDER_TIMEOUT_SECONDS;
  return configuration;
}

/** 127.0.0.0/8, ::1 and localhost: names that never leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
