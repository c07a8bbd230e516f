import 'server-only';
/**
 * Reachability of a Service's external endpoints, checked from the Switchboard server: the
 * "curl the backend from inside the cluster" step of debugging a Service, made a click.
 *
 * Contract: only ever on demand (a person asks for one Service), never periodic by default, and
 * only towards addresses that `probePolicy` allows: external addresses of manual or mirrored
 * endpoints. Pod IPs, ClusterIPs, loopback, link-local and cloud-metadata addresses are refused
 * (the server must not become an SSRF relay into the cluster or the cloud). On a simulated
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

const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '100.100.100.200',
  '192.0.0.192',
  'fd00:ec2::254',
]);

export interface ProbeContext {
  /** As the cluster's `/version` says; `unknown` (why) when it could not be read. */
  simulated: boolean | { unknown: string };
  /** Pod IPs and ClusterIPs known to the cache: never probed. */
  internalAddresses: ReadonlySet<string>;
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
  const range = parsed.range();
  if (METADATA_ADDRESSES.has(parsed.toString())) return 'not probed: a cloud metadata address';
  if (['loopback', 'linkLocal', 'unspecified', 'multicast', 'broadcast'].includes(range)) {
    return `not probed: a ${range} address`;
  }
  if (context.internalAddresses.has(parsed.toString())) {
    return 'not probed: a pod IP or ClusterIP inside the cluster';
  }
  return undefined;
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
    targets.map(async (target): Promise<ProbeResult> => {
      const checkedAt = new Date().toISOString();
      const refusal = probePolicy(target, context);
      if (refusal) return { ...target, ok: false, skipped: true, error: refusal, checkedAt };
      const result = await connect(target.address, target.port, timeoutMs);
      return { ...target, ...result, checkedAt };
    }),
  );
}
