/**
 * Which `Host` names the dashboard answers to: the defence against DNS rebinding. A page on an
 * attacker's domain whose DNS answer is switched to this server's address is same-origin with
 * itself, so the browser lets it read the map and its `Origin` equals its `Host`; the one thing it
 * cannot choose is the name in `Host`, which stays the attacker's domain.
 *
 * Contract (pure; isomorphic — the proxy and the write guard both decide with `isAllowedHost`):
 * - an IP literal is always allowed (a browser sends one only when it was pointed at the address
 *   itself; rebinding needs a name), as are `localhost` and `*.localhost` (RFC 6761: they always
 *   resolve to loopback) and the bind address when it is a name;
 * - in a cluster the Service's DNS names (`<service>`, `<service>.<namespace>`, `….svc`,
 *   `….svc.<cluster domain>`) are allowed: a name under a cluster's own zone cannot be rebound
 *   from outside;
 * - the host of `--public-url` (`SWITCHBOARD_PUBLIC_URL`) is allowed: it is the address the
 *   identity provider sends people back to, so it is by definition the dashboard's own name (an
 *   unparsable URL adds nothing; the sign-in settings refuse it at start-up);
 * - `--allowed-hosts` adds names; an entry starting with `.` allows that domain and its
 *   subdomains (`.example.com`), `*` allows any name (and says so at start-up);
 * - matching ignores the port and letter case and one trailing dot; a missing or malformed `Host`
 *   is refused.
 */
import ipaddr from 'ipaddr.js';

export interface HostPolicy {
  /** Exact names, lower-case, no trailing dot. */
  names: ReadonlySet<string>;
  /** Domain suffixes, each starting with `.`. */
  suffixes: readonly string[];
  /** `--allowed-hosts '*'`: no name check at all. */
  any: boolean;
}

export interface HostPolicyInput {
  /** The address the UI is bound to (a name, an IP, or empty). */
  bindHost?: string;
  /** `--public-url`, as given; its host is allowed. */
  publicUrl?: string;
  /** The `--allowed-hosts` list, comma-separated. */
  allowedHosts?: string;
  /** In a cluster: the Service's name and namespace, and the cluster's DNS domain. */
  inCluster?: { service: string; namespace: string; clusterDomain: string };
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function publicUrlHost(publicUrl: string | undefined): string | undefined {
  if (!publicUrl?.trim()) return undefined;
  try {
    return normalizeName(new URL(publicUrl.trim()).hostname) || undefined;
  } catch {
    return undefined;
  }
}

export function hostPolicy(input: HostPolicyInput): HostPolicy {
  const names = new Set<string>(['localhost']);
  const suffixes = ['.localhost'];
  let any = false;
  const bind = input.bindHost ? normalizeName(input.bindHost) : '';
  if (bind && !ipaddr.isValid(bind.replace(/^\[|\]$/g, ''))) names.add(bind);
  const publicHost = publicUrlHost(input.publicUrl);
  if (publicHost) names.add(publicHost);
  if (input.inCluster) {
    const { service, namespace, clusterDomain } = input.inCluster;
    for (const name of [
      service,
      `${service}.${namespace}`,
      `${service}.${namespace}.svc`,
      `${service}.${namespace}.svc.${clusterDomain}`,
    ])
      names.add(normalizeName(name));
  }
  for (const raw of (input.allowedHosts ?? '').split(',')) {
    const entry = normalizeName(raw);
    if (!entry) continue;
    if (entry === '*') any = true;
    else if (entry.startsWith('.')) suffixes.push(entry);
    else names.add(entry);
  }
  return { names, suffixes, any };
}

/** The host part of a `Host` header (`[::1]:3000` → `::1`), or undefined when malformed. */
export function hostnameOf(hostHeader: string): string | undefined {
  const header = hostHeader.trim();
  if (!header) return undefined;
  if (header.startsWith('[')) {
    const close = header.indexOf(']');
    if (close < 0) return undefined;
    const rest = header.slice(close + 1);
    if (rest && !/^:\d{1,5}$/.test(rest)) return undefined;
    return header.slice(1, close).toLowerCase();
  }
  const match = /^([^:\s/@]+)(?::\d{1,5})?$/.exec(header);
  return match ? normalizeName(match[1]!) : undefined;
}

export function isAllowedHost(hostHeader: string | null | undefined, policy: HostPolicy): boolean {
  if (!hostHeader) return false;
  const hostname = hostnameOf(hostHeader);
  if (!hostname) return false;
  if (
    ipaddr.isValid(hostname) &&
    (hostname.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(hostname))
  )
    return true;
  if (policy.any) return true;
  if (policy.names.has(hostname)) return true;
  return policy.suffixes.some(
    (suffix) => hostname.endsWith(suffix) || hostname === suffix.slice(1),
  );
}
