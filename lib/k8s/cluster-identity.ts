import 'server-only';
/**
 * Is the connected cluster simulated? The one decision, read from the cluster itself.
 *
 * Contract: a cluster is simulated iff its `GET /version` `gitVersion` carries the build
 * metadata `+switchboard` (the embedded cluster reports e.g. `v1.33.0+switchboard`, the way
 * k3s reports `+k3s1`), however it was reached: started by `switchboard serve` or connected
 * through any kubeconfig. On a simulated cluster the addresses and names in its objects are
 * data, not hosts, so the server neither probes them (lib/diagnostics/reachability.ts) nor
 * looks them up (lib/diagnostics/dns.ts). `/version` is read through the same transport (the
 * kubeconfig's server, CA and credentials) the dashboard watches with; a failed read throws
 * (KubeApiError for an HTTP answer) and decides nothing — callers treat "unknown" as "do not
 * probe". Runs in the Next server and in `switchboard diagnose` (react-server condition).
 */
import { errorFromResponse, readBody, type KubeTransport } from './transport';

/** The build-metadata mark the embedded cluster puts on its gitVersion. */
export const SIMULATED_VERSION_MARK = '+switchboard';

export interface ClusterIdentity {
  /** `/version`'s gitVersion as the cluster reported it ('' when it reported none). */
  gitVersion: string;
  simulated: boolean;
}

/** The decision on a `/version` body. */
export function identityOf(version: { gitVersion?: unknown }): ClusterIdentity {
  const gitVersion = typeof version.gitVersion === 'string' ? version.gitVersion : '';
  // Semver build metadata: '+' then dot-separated identifiers; ours is the first one.
  const plus = gitVersion.indexOf('+');
  const first = plus < 0 ? '' : `+${gitVersion.slice(plus + 1).split('.')[0]}`;
  return { gitVersion, simulated: first === SIMULATED_VERSION_MARK };
}

/** `GET /version` through the dashboard's transport, decided by `identityOf`. */
export async function readClusterIdentity(
  transport: KubeTransport,
  timeoutMs = 10_000,
): Promise<ClusterIdentity> {
  const response = await transport.get('/version', AbortSignal.timeout(timeoutMs));
  if (response.statusCode !== 200) throw await errorFromResponse(response, 'GET /version');
  const body: unknown = JSON.parse(await readBody(response));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('GET /version: the answer is not a version object');
  }
  return identityOf(body as { gitVersion?: unknown });
}
