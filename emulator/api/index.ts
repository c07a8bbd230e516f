/**
 * The apiserver surface besides plain CRUD: discovery, /version, OpenAPI, Table conversion,
 * SelfSubjectAccessReview, and the per-resource strategies (defaults + validation).
 * The HTTP router in emulator/core asks `handleMetaRequest` first, and uses `toTable` and
 * `STRATEGIES` for resource requests.
 *
 * Placeholder exports: emulator/api owns and fills these in.
 */
import type { KubeObject, ResourceName, ResourceStrategy } from '../core/types';

export interface MetaContext {
  /** The Kubernetes minor version to report on /version (27–33). */
  minorVersion: number;
  /** `host:port` the server is reachable at, for serverAddressByClientCIDRs. */
  serverAddress: string;
  /** The bearer token of the request, if any (for SelfSubjectAccessReview). */
  token?: string;
}

/** Answers discovery, /version, /openapi/*, SSAR; returns undefined for any other path. */
export async function handleMetaRequest(
  _request: Request,
  _ctx: MetaContext,
): Promise<Response | undefined> {
  return undefined;
}

/** Converts objects to a meta.k8s.io/v1 Table with the columns kubectl prints for the kind. */
export function toTable(
  _resource: ResourceName,
  _objects: KubeObject[],
  _listMeta: { resourceVersion: string; continue?: string },
  _options: { includeObject?: 'None' | 'Metadata' | 'Object'; now?: Date },
): Record<string, unknown> {
  throw new Error('toTable not implemented yet');
}

export const STRATEGIES: Partial<Record<ResourceName, ResourceStrategy>> = {};

/**
 * Who may do what. By default everyone may do everything. An auth configuration
 * (`switchboard cluster --auth FILE`, JSON) names users by bearer token and the verbs and
 * resources they are denied:
 *   { "users": [ { "name": "restricted", "token": "t0k3n",
 *                  "deny": [ { "verbs": ["create"], "resources": ["endpointslices"], "namespaces": ["*"] } ] } ] }
 * The router enforces it on every request (403 Forbidden Status) and SelfSubjectAccessReview
 * reports it.
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
  _config: AuthConfig | undefined,
  _attributes: AccessAttributes,
): { allowed: boolean; user: string; reason?: string } {
  return { allowed: true, user: 'admin' };
}
