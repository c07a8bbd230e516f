/**
 * The non-resource HTTP surface of the embedded apiserver: discovery, /version, health checks,
 * OpenAPI v3 and SelfSubjectAccessReview. Answers with a web `Response`, or undefined for paths
 * that belong to the resource router in emulator/core.
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
import { GROUP_VERSIONS } from '../core/resources';
import {
  decodeSelfSubjectAccessReview,
  decodeSelfSubjectRulesReview,
  isProtobuf,
} from './protobuf';
import {
  selfSubjectAccessReview,
  selfSubjectReview,
  selfSubjectRulesReview,
  type AuthConfig,
} from './auth';

export interface MetaContext {
  /** The Kubernetes minor version to report on /version (27–33). */
  minorVersion: number;
  /** `host:port` the server is reachable at, for serverAddressByClientCIDRs. */
  serverAddress: string;
  /** The bearer token of the request, if any (for SelfSubjectAccessReview). */
  token?: string;
  /** The auth configuration SelfSubjectAccessReview reports on (undefined = allow all). */
  auth?: AuthConfig;
  /**
   * Serve a minimal protobuf OpenAPI v2 document on /openapi/v2 so kubectl 1.27/1.28 can
   * `create`/`apply` without --validate=false. Default false: /openapi/v2 is a 404 Status.
   */
  openAPIV2?: boolean;
}

const JSON_TYPE = 'application/json';
const MAX_SSAR_BODY = 1024 * 1024;

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

export function statusResponse(
  code: number,
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
): Response {
  return json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details,
      code,
    },
    code,
  );
}

const notFound = () =>
  statusResponse(404, 'NotFound', 'the server could not find the requested resource');
const methodNotAllowed = () =>
  statusResponse(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );

function text(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

function discovery(request: Request, which: 'api' | 'apis', ctx: MetaContext): Response {
  const aggregated = negotiateAggregated(request.headers.get('accept'));
  if (aggregated) {
    return json(aggregatedDiscovery(which, aggregated), 200, aggregatedContentType(aggregated), {
      Vary: 'Accept',
    });
  }
  return json(which === 'api' ? apiVersions(ctx.serverAddress) : apiGroupList(), 200, JSON_TYPE, {
    Vary: 'Accept',
  });
}

const HEALTH = new Set(['/healthz', '/readyz', '/livez']);

async function handleSSAR(
  request: Request,
  ctx: MetaContext,
  kind: 'SelfSubjectAccessReview' | 'SelfSubjectRulesReview' = 'SelfSubjectAccessReview',
) {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_SSAR_BODY)
    return statusResponse(413, 'RequestEntityTooLarge', 'the request body is too large');
  let body: unknown;
  try {
    body = isProtobuf(request.headers.get('content-type'))
      ? kind === 'SelfSubjectAccessReview'
        ? decodeSelfSubjectAccessReview(bytes)
        : decodeSelfSubjectRulesReview(bytes)
      : JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    return statusResponse(
      400,
      'BadRequest',
      `the body of the request could not be decoded: ${(err as Error).message}`,
    );
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return statusResponse(400, 'BadRequest', 'the body of the request must be a JSON object');
  const review = body as Record<string, unknown>;
  if (review.kind !== undefined && review.kind !== kind) {
    return statusResponse(
      400,
      'BadRequest',
      `${kind} in version "v1" cannot be handled as a ${kind}: the object kind "${String(review.kind)}" is not ${kind}`,
    );
  }
  // Asking is always permitted (upstream's default RBAC grants SSAR/SSRR to every user).
  return kind === 'SelfSubjectAccessReview'
    ? json(selfSubjectAccessReview(ctx.auth, ctx.token, review), 201)
    : json(selfSubjectRulesReview(ctx.auth, ctx.token, review), 201);
}

export async function handleMeta(
  request: Request,
  ctx: MetaContext,
): Promise<Response | undefined> {
  const url = new URL(request.url);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const method = request.method.toUpperCase();
  const isRead = method === 'GET' || method === 'HEAD';
  const segments = path.split('/').filter((s) => s !== '');

  if (path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
    if (method !== 'POST') return methodNotAllowed();
    return handleSSAR(request, ctx);
  }
  // `kubectl auth whoami` (v1beta1 since 1.27, v1 since 1.28); not in discovery (kubectl posts
  // it without looking). The body carries nothing but its kind, so it is not decoded.
  const ssr = /^\/apis\/authentication\.k8s\.io\/(v1|v1beta1)\/selfsubjectreviews$/.exec(path);
  if (ssr && (ssr[1] === 'v1beta1' || ctx.minorVersion >= 28)) {
    if (method !== 'POST') return methodNotAllowed();
    return json(
      selfSubjectReview(ctx.auth, ctx.token, `authentication.k8s.io/${ssr[1] ?? 'v1'}`),
      201,
    );
  }
  // `kubectl auth can-i --list`; not in discovery (kubectl posts it without looking).
  if (path === '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews') {
    if (method !== 'POST') return methodNotAllowed();
    return handleSSAR(request, ctx, 'SelfSubjectRulesReview');
  }
  if (HEALTH.has(path) || /^\/(healthz|readyz|livez)\/[a-z0-9-]+$/.test(path)) {
    if (!isRead) return methodNotAllowed();
    return text('ok');
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
    return json(apiResourceList('', 'v1'));
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
    const list = apiResourceList(segments[1] ?? '', segments[2] ?? '');
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
