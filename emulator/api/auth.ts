/**
 * Authorization for the embedded cluster and the SelfSubjectAccessReview endpoint. Everyone may
 * do everything unless the configuration names the request's bearer token and denies the verb
 * on the resource. Messages follow RBAC's Forbidden texts so clients see what a real cluster
 * would print.
 */
import { RESOURCES, RESOURCE_NAMES } from '../core/resources';

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

function matches(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  return list.includes('*') || list.includes(value);
}

export function authorizeRequest(
  config: AuthConfig | undefined,
  attrs: AccessAttributes,
): { allowed: boolean; user: string; reason?: string } {
  const user = config?.users.find((u) => attrs.token !== undefined && u.token === attrs.token);
  if (!user) return { allowed: true, user: attrs.token ? 'system:anonymous' : 'admin' };
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  for (const rule of user.deny) {
    const verbOk = rule.verbs.includes('*') || rule.verbs.includes(attrs.verb);
    const resOk =
      rule.resources.includes('*') ||
      rule.resources.includes(resource) ||
      rule.resources.includes(attrs.resource);
    // Cluster-scoped requests (no namespace) are denied by any namespace rule.
    const nsOk = attrs.namespace === undefined || matches(rule.namespaces, attrs.namespace);
    if (verbOk && resOk && nsOk) {
      return {
        allowed: false,
        user: user.name,
        reason: `denied by the emulator's auth configuration for user "${user.name}"`,
      };
    }
  }
  return { allowed: true, user: user.name };
}

/** RBAC's Forbidden message: `User "x" cannot <verb> resource "<r>" in API group "<g>" …`. */
export function forbiddenMessage(attrs: AccessAttributes, user: string): string {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where = attrs.namespace
    ? ` in the namespace "${attrs.namespace}"`
    : ' at the cluster scope';
  const groupResource = attrs.group ? `${attrs.resource}.${attrs.group}` : attrs.resource;
  const prefix = attrs.name ? `${groupResource} "${attrs.name}"` : groupResource;
  return `${prefix} is forbidden: User "${user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}"${where}`;
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** Answers a SelfSubjectAccessReview body: echoes the spec and fills status. */
export function selfSubjectAccessReview(
  config: AuthConfig | undefined,
  token: string | undefined,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const spec = (body.spec ?? {}) as {
    resourceAttributes?: ResourceAttributes;
    nonResourceAttributes?: unknown;
  };
  const ra = spec.resourceAttributes;
  let status: Record<string, unknown>;
  if (ra) {
    const attrs: AccessAttributes = {
      verb: ra.verb ?? '',
      group: ra.group ?? '',
      resource: ra.resource ?? '',
    };
    if (token !== undefined) attrs.token = token;
    if (ra.subresource) attrs.subresource = ra.subresource;
    if (ra.namespace) attrs.namespace = ra.namespace;
    if (ra.name) attrs.name = ra.name;
    const result = authorizeRequest(config, attrs);
    status = result.allowed
      ? { allowed: true, reason: 'allowed by the emulator (no deny rule matches)' }
      : { allowed: false, denied: true, reason: result.reason };
  } else {
    status = { allowed: true, reason: 'non-resource requests are always allowed' };
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status,
  };
}

const RULE_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];

/**
 * Answers a SelfSubjectRulesReview (`kubectl auth can-i --list`). A user nothing is denied gets
 * cluster-admin's rules (`*` on everything, as RBAC reports for cluster-admin). A restricted
 * user's deny rules cannot be written as RBAC's allow-only rules, so each served resource is
 * listed with the verbs authorizeRequest allows in spec.namespace.
 */
export function selfSubjectRulesReview(
  config: AuthConfig | undefined,
  token: string | undefined,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const spec = (body.spec ?? {}) as { namespace?: string };
  const user = config?.users.find((u) => token !== undefined && u.token === token);
  let resourceRules: Record<string, string[]>[];
  if (!user || user.deny.length === 0) {
    resourceRules = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
  } else {
    resourceRules = [];
    for (const info of RESOURCE_NAMES.map((r) => RESOURCES[r])) {
      const verbs = RULE_VERBS.filter((verb) => {
        const attrs: AccessAttributes = { verb, group: info.group, resource: info.resource };
        if (token !== undefined) attrs.token = token;
        if (info.namespaced && spec.namespace) attrs.namespace = spec.namespace;
        return authorizeRequest(config, attrs).allowed;
      });
      if (verbs.length > 0)
        resourceRules.push({ verbs, apiGroups: [info.group], resources: [info.resource] });
    }
  }
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: {
      resourceRules,
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    },
  };
}

/**
 * Answers a SelfSubjectReview (`kubectl auth whoami`): the user the emulator authorizes the
 * request as — a configured user by bearer token, otherwise the unrestricted admin (every
 * request without a known token is admin here, see authorizeRequest).
 */
export function selfSubjectReview(
  config: AuthConfig | undefined,
  token: string | undefined,
  apiVersion: string,
): Record<string, unknown> {
  const user = config?.users.find((u) => token !== undefined && u.token === token);
  const userInfo = user
    ? { username: user.name, groups: ['system:authenticated'] }
    : { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
  return {
    kind: 'SelfSubjectReview',
    apiVersion,
    metadata: { creationTimestamp: null },
    status: { userInfo },
  };
}
