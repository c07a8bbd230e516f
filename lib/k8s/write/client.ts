import 'server-only';
/**
 * A small JSON client for the dashboard's few writes (and the reads they need), over a
 * kubeconfig's auth.
 *
 * Contract: `createKubeClient(kubeConfig, headers?)` returns `send(request)` resolving with the
 * status and parsed body of ANY answer (a non-2xx is data, not an exception; network failures
 * throw). Auth (tokens, exec plugins, client certificates, CA) comes from
 * `KubeConfig.applyToHTTPSOptions` on every request, as in lib/k8s/transport.ts; `headers` are set
 * after it (impersonation: an array value goes out as one header line per element). Which
 * kubeconfig and headers act for a viewer is decided in ./viewer-credentials.ts. Credentials
 * never leave this process. `send` is a plain function so tests can wrap it to fail the Nth
 * request.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path with query, e.g. `/api/v1/namespaces/default/services?dryRun=All`. */
  path: string;
  body?: unknown;
  /** The body's media type when not plain JSON (a PATCH's `application/merge-patch+json`). */
  contentType?: string;
}

export interface KubeResponse {
  status: number;
  body: unknown;
}

export type KubeSend = (request: KubeRequest) => Promise<KubeResponse>;

/** The field manager every write of the dashboard names (managedFields show who wrote what). */
export const FIELD_MANAGER = 'switchboard';

const TIMEOUT_MS = 20_000;
/** Bigger answers (a list page) are cut off rather than buffered without bound. */
const MAX_BODY = 32 * 1024 * 1024;

export function createKubeClient(
  kc: KubeConfig,
  headers: Readonly<Record<string, string | string[]>> = {},
): KubeSend {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  return async ({ method, path, body, contentType = 'application/json' }) => {
    const url = new URL(server + path);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const options: https.RequestOptions = {
      method,
      headers: {
        Accept: 'application/json',
        'User-Agent': 'switchboard',
        ...(payload ? { 'Content-Type': contentType, 'Content-Length': payload.length } : {}),
      },
    };
    await kc.applyToHTTPSOptions(options);
    options.headers = { ...options.headers, ...headers };
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = mod.request(url, { ...options, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            req.destroy(new Error(`answer from ${path} is larger than ${MAX_BODY} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (a proxy's error page): keep the text for the message.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  };
}

/** The apiserver's Status fields, when the body is one. */
export function statusOf(response: KubeResponse): { message: string; reason?: string } {
  const body = response.body as { message?: unknown; reason?: unknown } | undefined;
  const message =
    typeof body?.message === 'string'
      ? body.message
      : typeof response.body === 'string' && response.body
        ? response.body.slice(0, 300)
        : `HTTP ${response.status}`;
  return { message, reason: typeof body?.reason === 'string' ? body.reason : undefined };
}

export const ok = (response: KubeResponse) => response.status >= 200 && response.status < 300;
