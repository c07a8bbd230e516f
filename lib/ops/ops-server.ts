import 'server-only';
/**
 * The metrics port: a plain `node:http` server, apart from the UI, that answers only `/healthz`,
 * `/readyz` and `/metrics` (lib/ops/endpoints.ts) — what the kubelet probes and Prometheus
 * scrapes when the UI itself listens on loopback only.
 *
 * Contract: GET/HEAD only (405 otherwise), 404 for any other path; requests are counted like the
 * UI's (`switchboard_http_requests_total`, route = the path). Started from instrumentation when
 * `SWITCHBOARD_METRICS_PORT` is set (lib/ops/start.ts). No Host check: it serves no page and no
 * write, and the kubelet probes it by pod IP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../error-message';
import { isOpsPath, opsAnswer } from './endpoints';
import { opsMetrics } from './metrics';

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://ops.invalid').pathname;
  const done = (status: number, contentType: string, body: string) => {
    opsMetrics().httpRequests.inc({
      route: isOpsPath(path) ? path : '(other)',
      method: req.method ?? 'GET',
      status: String(status),
    });
    res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (!isOpsPath(path)) return done(404, 'text/plain', 'not found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return done(405, 'text/plain', 'method not allowed\n');
  }
  opsAnswer(path).then(
    (a) => done(a.status, a.contentType, a.body),
    (error: unknown) => done(500, 'text/plain', `${errorMessage(error)}\n`),
  );
}

export function startOpsServer(port: number, host: string): Promise<http.Server> {
  const server = http.createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function opsServerPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
