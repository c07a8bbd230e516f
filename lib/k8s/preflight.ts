/**
 * Start-up check of cluster access, for `switchboard serve` before it starts Next.
 *
 * Contract: `GET /version`, then `GET /api/v1/namespaces?limit=1` with the
 * kubeconfig's credentials. Resolves `{ ok: true, version }`, or `{ ok: false, message }` with a
 * sentence a person can act on: unreachable (connection refused, DNS, timeout), credentials
 * rejected (401), not allowed to list (403), or any other HTTP status with the apiserver's
 * message. Never throws.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import {
  createKubeTransport,
  describeClusterError,
  errorFromResponse,
  readBody,
} from './transport';

export type PreflightResult =
  { ok: true; server: string; version: string } | { ok: false; server: string; message: string };

export async function preflight(kc: KubeConfig, timeoutMs = 10_000): Promise<PreflightResult> {
  let server = kc.getCurrentCluster()?.server ?? '(no server)';
  try {
    const transport = createKubeTransport(kc);
    server = transport.server;
    const get = async (path: string, what: string) => {
      const res = await transport.get(path, AbortSignal.timeout(timeoutMs));
      if (res.statusCode !== 200) throw await errorFromResponse(res, what);
      return readBody(res);
    };
    const version = JSON.parse(await get('/version', 'GET /version')) as { gitVersion?: string };
    await get('/api/v1/namespaces?limit=1', 'list namespaces');
    return { ok: true, server, version: version.gitVersion ?? 'unknown' };
  } catch (err) {
    const e = err as { name?: string };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return {
        ok: false,
        server,
        message: `cannot reach the cluster at ${server} (no answer within ${timeoutMs / 1000} s)`,
      };
    }
    return { ok: false, server, message: describeClusterError(err, server) };
  }
}
