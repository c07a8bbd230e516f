/**
 * Who can reach this dashboard, decided once from its settings: the exposure guard, and the
 * `Host` policy that goes with it. Without sign-in (`--auth none`, the default) whoever reaches
 * the UI gets the map and the write form with the dashboard's own cluster credentials; that is
 * fine on loopback (reached through `kubectl port-forward` or an SSH tunnel, which have their own
 * access control) and a hole anywhere else. With a sign-in mode (`--auth oidc|proxy|token`)
 * everyone is somebody and sees and writes only what their RBAC allows, so any address is fine.
 *
 * Contract:
 * - `exposureRefusal`: with `--auth none`, binding to an address that is not loopback is refused,
 *   with the reason and the ways out, unless `--insecure-no-auth` (`SWITCHBOARD_INSECURE_NO_AUTH=1`)
 *   was given — the only way to expose `none`; then `insecureExposure` is true and every page
 *   carries a red banner. Any sign-in mode may bind anywhere. `switchboard serve` checks it
 *   before starting anything; the server process checks it again at start-up, because the image
 *   runs Next's standalone `server.js` directly.
 * - The bind address is `HOSTNAME` under the standalone server (what it binds; unset means
 *   0.0.0.0), else `SWITCHBOARD_BIND_HOST` (set by `switchboard serve`), else unknown — then there
 *   is nothing to refuse.
 * - `hostPolicyFromEnv`: the allowed `Host` names (lib/http/allowed-hosts.ts) from
 *   `SWITCHBOARD_ALLOWED_HOSTS`, the bind address, the host of `SWITCHBOARD_PUBLIC_URL` and, in a cluster, the Service's DNS names
 *   (`SWITCHBOARD_SERVICE_NAME`, default `switchboard`; the namespace from `POD_NAMESPACE` or the
 *   ServiceAccount's namespace file; `SWITCHBOARD_CLUSTER_DOMAIN`, default `cluster.local`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { authModeFromEnv } from '../auth/settings';
import { serviceAccountDir } from '../k8s/service-account-dir';
import { hostPolicy, type HostPolicy } from './allowed-hosts';

type Env = Record<string, string | undefined>;

export function bindHostOf(env: Env): string | undefined {
  if (env.__NEXT_PRIVATE_STANDALONE_CONFIG) return env.HOSTNAME || '0.0.0.0';
  return env.SWITCHBOARD_BIND_HOST || undefined;
}

export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (!ipaddr.isValid(name)) return false;
  return ipaddr.process(name).range() === 'loopback';
}

export function insecureNoAuth(env: Env): boolean {
  return env.SWITCHBOARD_INSECURE_NO_AUTH === '1';
}

/** Whether people sign in; a malformed mode counts as none here (the settings refuse it). */
function signsIn(env: Env): boolean {
  try {
    return authModeFromEnv(env) !== 'none';
  } catch {
    return false;
  }
}

/** Why the dashboard must not serve on `bindHost` as configured, or undefined when it may. */
export function exposureRefusal(bindHost: string | undefined, env: Env): string | undefined {
  if (bindHost === undefined || isLoopbackHost(bindHost) || signsIn(env) || insecureNoAuth(env))
    return undefined;
  return (
    `refusing to serve on ${bindHost || '0.0.0.0'} without sign-in: anyone who can reach that ` +
    `address would get the map and the write form with Switchboard's own cluster credentials. ` +
    `Sign people in with --auth oidc, proxy or token (SWITCHBOARD_AUTH), or bind to 127.0.0.1 ` +
    `and reach it through kubectl port-forward or an SSH tunnel, or pass --insecure-no-auth ` +
    `(SWITCHBOARD_INSECURE_NO_AUTH=1) to accept that risk.`
  );
}

/** True when the UI is served beyond loopback without sign-in, by explicit choice. */
export function insecureExposure(env: Env): boolean {
  const bindHost = bindHostOf(env);
  return (
    bindHost !== undefined && !isLoopbackHost(bindHost) && !signsIn(env) && insecureNoAuth(env)
  );
}

function clusterNamespace(env: Env): string | undefined {
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  const dir = serviceAccountDir(env);
  try {
    return readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

let cached: { key: string; policy: HostPolicy } | undefined;

export function hostPolicyFromEnv(env: Env): HostPolicy {
  const key = [
    bindHostOf(env),
    env.SWITCHBOARD_ALLOWED_HOSTS,
    env.SWITCHBOARD_PUBLIC_URL,
    env.KUBERNETES_SERVICE_HOST,
    env.SWITCHBOARD_SERVICE_NAME,
    env.POD_NAMESPACE,
    env.SWITCHBOARD_CLUSTER_DOMAIN,
  ].join('\0');
  if (cached?.key === key) return cached.policy;
  const namespace = env.KUBERNETES_SERVICE_HOST ? clusterNamespace(env) : undefined;
  const policy = hostPolicy({
    bindHost: bindHostOf(env),
    publicUrl: env.SWITCHBOARD_PUBLIC_URL,
    allowedHosts: env.SWITCHBOARD_ALLOWED_HOSTS,
    ...(namespace
      ? {
          inCluster: {
            service: env.SWITCHBOARD_SERVICE_NAME || 'switchboard',
            namespace,
            clusterDomain: env.SWITCHBOARD_CLUSTER_DOMAIN || 'cluster.local',
          },
        }
      : {}),
  });
  cached = { key, policy };
  return policy;
}
