/**
 * The non-resource HTTP surface of the embedded apiserver: discovery (/api, /apis, /api/v1,
 * /apis/<group>[/<version>], aggregated or legacy), /version, health checks (/healthz, /readyz,
 * /livez), /metrics (open watches) and OpenAPI (v3, and v2 for kubectl 1.27/1.28). The handler chain in emulator/apiserver
 * routes every non-resource request here; `handleMeta` answers with a web `Response`, or
 * undefined for a path it does not serve.
 */
import {
  aggregatedContentType,
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateAggregated,
  versionInfo,
} from './discovery';
import { openAPIDocument, openAPIRoot } from './openapi/documents';
import { openAPIV2Protobuf } from './openapi/v2-protobuf';
import { type ApiError, methodNotAllowed as notAllowed, pathNotFound } from '../core/errors';
import { GROUP_VERSIONS } from '../core/resources';
import { renderMetrics, type WatchLabels } from './metrics';

export interface MetaContext {
  /** The Kubernetes minor version to report on /version (27–33). */
  minorVersion: number;
  /** `host:port` the server is reachable at, for serverAddressByClientCIDRs. */
  serverAddress: string;
  /**
   * Serve a minimal protobuf OpenAPI v2 document on /openapi/v2 so kubectl 1.27/1.28 can
   * `create`/`apply` without --validate=false. Default false: /openapi/v2 is a 404 Status.
   */
  openAPIV2?: boolean;
  /** The open watches, counted on /metrics. */
  openWatches?: () => Iterable<WatchLabels>;
}

const JSON_TYPE = 'application/json';

function json(
  body: unknown,
  status = 200,
  contentType = JSON_TYPE,
  extra: HeadersInit = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', ...extra },
  });
}

/** An error as its Status response (what the handler chain would answer for it). */
function statusOf(error: ApiError): Response {
  return json(error.status, error.code);
}

const notFound = () => statusOf(pathNotFound());
const methodNotAllowed = () => statusOf(notAllowed());

function text(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

function discovery(request: Request, which: 'api' | 'apis', ctx: MetaContext): Response {
  const aggregated = negotiateAggregated(request.headers.get('accept'));
  if (aggregated) {
    return json(
      aggregatedDiscovery(which, aggregated, ctx.minorVersion),
      200,
      aggregatedContentType(aggregated),
      {
        Vary: 'Accept',
      },
    );
  }
  return json(which === 'api' ? apiVersions(ctx.serverAddress) : apiGroupList(), 200, JSON_TYPE, {
    Vary: 'Accept',
  });
}

const HEALTH = new Set(['/healthz', '/readyz', '/livez']);

export async function handleMeta(
  request: Request,
  ctx: MetaContext,
): Promise<Response | undefined> {
  const url = new URL(request.url);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const method = request.method.toUpperCase();
  const isRead = method === 'GET' || method === 'HEAD';
  const segments = path.split('/').filter((s) => s !== '');

  if (HEALTH.has(path) || /^\/(healthz|readyz|livez)\/[a-z0-9-]+$/.test(path)) {
    if (!isRead) return methodNotAllowed();
    return text('ok');
  }
  if (path === '/metrics') {
    if (!isRead) return methodNotAllowed();
    return new Response(renderMetrics(ctx.openWatches?.() ?? []), {
      status: 200,
      headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
    });
  }
  if (path === '/version') {
    if (!isRead) return methodNotAllowed();
    return json(versionInfo(ctx.minorVersion));
  }
  if (path === '/api' || path === '/apis') {
    if (!isRead) return methodNotAllowed();
    return discovery(request, path === '/api' ? 'api' : 'apis', ctx);
  }
  if (path === '/api/v1') {
    if (!isRead) return methodNotAllowed();
    return json(apiResourceList('', 'v1', ctx.minorVersion));
  }
  if (segments[0] === 'apis' && segments.length === 2) {
    const gv = GROUP_VERSIONS.find((g) => g.group === segments[1]);
    if (!gv) return undefined;
    if (!isRead) return methodNotAllowed();
    const entry = { groupVersion: `${gv.group}/${gv.version}`, version: gv.version };
    return json({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: gv.group,
      versions: [entry],
      preferredVersion: entry,
    });
  }
  if (segments[0] === 'apis' && segments.length === 3) {
    const list = apiResourceList(segments[1] ?? '', segments[2] ?? '', ctx.minorVersion);
    if (!list) return undefined;
    if (!isRead) return methodNotAllowed();
    return json(list);
  }
  if (path === '/openapi/v3') {
    if (!isRead) return methodNotAllowed();
    return json(openAPIRoot(ctx.minorVersion));
  }
  if (path.startsWith('/openapi/v3/')) {
    if (!isRead) return methodNotAllowed();
    const doc = openAPIDocument(path.slice('/openapi/v3/'.length), ctx.minorVersion);
    if (!doc) return notFound();
    const immutable = url.searchParams.get('hash') === doc.hash;
    return new Response(doc.body, {
      status: 200,
      headers: {
        'Content-Type': JSON_TYPE,
        ETag: `"${doc.hash}"`,
        'Cache-Control': immutable ? 'public, immutable' : 'no-cache, private',
      },
    });
  }
  // OpenAPI v2 (protobuf) only when enabled: kubectl 1.27/1.28 read it to learn about
  // server-side field validation; without it they need --validate=false.
  if (path === '/openapi/v2' || path === '/swagger-2.0.0.pb-v1' || path === '/swagger.json') {
    if (!ctx.openAPIV2 || path === '/swagger.json') return notFound();
    if (!isRead) return methodNotAllowed();
    return new Response(Buffer.from(openAPIV2Protobuf(ctx.minorVersion)), {
      status: 200,
      // kube-openapi answers protobuf as octet-stream; client-go cannot parse the '@' media type.
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  }
  return undefined;
}
