import 'server-only';
/**
 * Reachability of a Service's external endpoints, checked from the Switchboard server: the
 * "curl the backend from inside the cluster" step of debugging a Service, made a click.
 *
 * Contract: only ever on demand (a person asks for one Service), never periodic by default, and
 * only towards addresses that `probePolicy` allows: external addresses of manual or mirrored
 * endpoints. Refused: pod IPs and ClusterIPs, node addresses, the Kubernetes API server's
 * endpoints, the Switchboard server's own interface addresses (`refusedAddresses`), loopback,
 * link-local, unspecified, multicast and cloud-metadata addresses, and IPv6 forms that embed an
 * IPv4 address (NAT64 `64:ff9b::/96`, 6to4, Teredo, IPv4-translated and IPv4-compatible) — the
 * server must not become an SSRF relay into the cluster, its nodes or the cloud. Every address
 * is compared in canonical form (`canonicalAddress`: `::ffff:a.b.c.d` is `a.b.c.d`, IPv6
 * compressed and lower-case), whatever form the cluster stored it in. At most
 * `MAX_PROBE_TARGETS` targets per request; the rest are reported as not probed. On a simulated
 * cluster (lib/k8s/cluster-identity.ts) every address is data, not a host, so nothing is probed
 * at all — nor while the cluster's identity could not be read.
 */
import { Socket } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { ProbeResult } from '../api/diagnostics';

export interface ProbeTarget {
  address: string;
  port: number;
  protocol: string;
}

/** One request probes at most this many address/port pairs. */
export const MAX_PROBE_TARGETS = 64;

const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '100.100.100.200',
  '192.0.0.192',
  'fd00:ec2::254',
]);

/** IPv6 ranges whose addresses carry an IPv4 address a gateway may forward to. */
const EMBEDDED_IPV4_RANGES = new Set(['rfc6052', '6to4', 'teredo', 'rfc6145', 'ipv4Mapped']);

export interface ProbeContext {
  /** As the cluster's `/version` says; `unknown` (why) when it could not be read. */
  simulated: boolean | { unknown: string };
  /** Canonical address → why it is never probed (see `refusedAddresses`). */
  refused: ReadonlyMap<string, string>;
}

/** The canonical text of an IP address, or undefined when it is not one. */
export function canonicalAddress(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  return ipaddr.process(address).toString();
}

/** Addresses that are never probed, in canonical form, each with its reason. */
export function refusedAddresses(groups: {
  cluster: Iterable<string>;
  nodes: Iterable<string>;
  apiServer: Iterable<string>;
  server: Iterable<string>;
}): Map<string, string> {
  const refused = new Map<string, string>();
  const add = (addresses: Iterable<string>, reason: string) => {
    for (const address of addresses) {
      const canonical = canonicalAddress(address);
      if (canonical && !refused.has(canonical)) refused.set(canonical, reason);
    }
  };
  add(groups.server, 'not probed: an address of the Switchboard server itself');
  add(groups.apiServer, "not probed: the Kubernetes API server's address");
  add(groups.nodes, "not probed: a node's address");
  add(groups.cluster, 'not probed: a pod IP or ClusterIP inside the cluster');
  return refused;
}

/** Decides whether a probe may be sent; returns the reason when it may not. */
export function probePolicy(target: ProbeTarget, context: ProbeContext): string | undefined {
  if (context.simulated === true) {
    return 'not probed: the embedded cluster is simulated, its external addresses are data, not hosts';
  }
  if (context.simulated !== false) {
    return `not probed: cannot tell whether the cluster is simulated (${context.simulated.unknown})`;
  }
  if (target.protocol !== 'TCP')
    return `not probed: only TCP can be checked (this port is ${target.protocol})`;
  if (!ipaddr.isValid(target.address)) return 'not probed: not an IP address';
  const parsed = ipaddr.process(target.address);
  const canonical = parsed.toString();
  const range = parsed.range();
  if (METADATA_ADDRESSES.has(canonical)) return 'not probed: a cloud metadata address';
  if (['loopback', 'linkLocal', 'unspecified', 'multicast', 'broadcast'].includes(range)) {
    return `not probed: a ${range} address`;
  }
  if (parsed.kind() === 'ipv6') {
    const parts = (parsed as ipaddr.IPv6).parts;
    const ipv4Compatible = parts.slice(0, 6).every((part) => part === 0);
    if (EMBEDDED_IPV4_RANGES.has(range) || ipv4Compatible) {
      return 'not probed: an IPv6 address that embeds an IPv4 address (a gateway may forward it anywhere)';
    }
  }
  return context.refused.get(canonical);
}

/**
 * Opens one TCP connection and closes it at once. No policy here: callers go through
 * `probeEndpoints`, which applies `probePolicy` first.
 */
export function connectOnce(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<{ ok: boolean; latencyMs?: number; error?: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = new Socket();
    let settled = false;
    const finish = (result: { ok: boolean; latencyMs?: number; error?: string }) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({ ok: false, error: `timed out after ${timeoutMs} ms` }),
    );
    socket.once('connect', () =>
      finish({ ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: describeSocketError(error) }),
    );
    socket.connect({ host: address, port });
  });
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on that port)';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'ENETUNREACH':
      return 'network unreachable from the Switchboard server';
    case 'ETIMEDOUT':
      return 'timed out';
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}

export async function probeEndpoints(
  targets: ProbeTarget[],
  context: ProbeContext,
  options: { timeoutMs?: number; connect?: typeof connectOnce } = {},
): Promise<ProbeResult[]> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const connect = options.connect ?? connectOnce;
  return Promise.all(
    targets.map(async (target, index): Promise<ProbeResult> => {
      const checkedAt = new Date().toISOString();
      const refusal =
        index >= MAX_PROBE_TARGETS
          ? `not probed: one check covers at most ${MAX_PROBE_TARGETS} addresses and ports`
          : probePolicy(target, context);
      if (refusal) return { ...target, ok: false, skipped: true, error: refusal, checkedAt };
      const result = await connect(target.address, target.port, timeoutMs);
      return { ...target, ...result, checkedAt };
    }),
  );
}
