/**
 * The apiserver surface besides plain CRUD: discovery, /version, OpenAPI, Table conversion,
 * SelfSubjectAccessReview, and the per-resource strategies (defaults + validation).
 * The HTTP router in emulator/core asks `handleMetaRequest` first, and uses `toTable` and
 * `STRATEGIES` for resource requests.
 *
 * Also exported for the router: `unknownFields`/`strictDecodingMessage` (fieldValidation),
 * `forbiddenMessage` (403 texts), `formatCauses` (422 messages), and scan-based allocators in
 * ./allocators. The kinds, scopes and verbs served are emulator/core/resources.ts's registry.
 */
import type { KubeObject, ResourceName, ResourceStrategy } from '../core/types';
import { authorizeRequest } from './auth';
import { handleMeta } from './meta';
import { STRATEGY_TABLE } from './strategies';
import { buildTable } from './tables/table';

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

/** Answers discovery, /version, /openapi/*, SSAR; returns undefined for any other path. */
export async function handleMetaRequest(
  request: Request,
  ctx: MetaContext,
): Promise<Response | undefined> {
  return handleMeta(request, ctx);
}

/** Converts objects to a meta.k8s.io/v1 Table with the columns kubectl prints for the kind. */
export function toTable(
  resource: ResourceName,
  objects: KubeObject[],
  listMeta: { resourceVersion: string; continue?: string },
  options: { includeObject?: 'None' | 'Metadata' | 'Object'; now?: Date },
): Record<string, unknown> {
  return buildTable(resource, objects, listMeta, options);
}

export const STRATEGIES: Partial<Record<ResourceName, ResourceStrategy>> = STRATEGY_TABLE;

/**
 * Who may do what. By default everyone may do everything. An auth configuration
 * (`switchboard cluster --auth FILE`, JSON) names users by bearer token and the verbs and
 * resources they are denied:
 *   { "users": [ { "name": "restricted", "token": "t0k3n",
 *                  "deny": [ { "verbs": ["create"], "resources": ["endpointslices"], "namespaces": ["*"] } ] } ] }
 * The router enforces it on every request (403 Forbidden Status) and SelfSubjectAccessReview
 * reports it.
 *
 * Semantics: a request whose token matches no user is allowed (user "admin" without a token).
 * A rule matches when its verbs contain the verb (or "*"), its resources contain the resource,
 * `resource/subresource` or "*", and its namespaces (absent or empty = all) contain the
 * request's namespace or "*"; cluster-scoped requests match any namespaces list.
 */
export interface AuthConfig {
  users: {
    name: string;
    token: string;
    deny: { verbs: string[]; resources: string[]; namespaces?: string[] }[];
  }[];
}

export interface AccessAttributes {
  token?: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export function authorize(
  config: AuthConfig | undefined,
  attributes: AccessAttributes,
): { allowed: boolean; user: string; reason?: string } {
  return authorizeRequest(config, attributes);
}

export { forbiddenMessage } from './auth';
export { formatCauses } from './validation/field';
export { unknownFields, strictDecodingMessage, typeMismatch } from './openapi/unknown-fields';
