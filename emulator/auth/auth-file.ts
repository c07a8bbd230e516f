/**
 * `switchboard cluster --auth FILE`: users named by bearer token, each denied some verbs on some
 * resources. The file is JSON:
 *
 *   { "users": [ { "name": "restricted", "token": "t0k3n",
 *                  "deny": [ { "verbs": ["create"], "resources": ["endpointslices"],
 *                              "namespaces": ["*"] } ] } ] }
 *
 * It gives the cluster three things, each the contract of ./types.ts:
 * - an `Authenticator`: a request with a user's token is that user (groups
 *   `system:authenticated`);
 * - an `Authorizer`: `deny` (with an empty reason, as RBAC gives none) when one of the user's
 *   rules matches, `noOpinion` otherwise, so whatever follows in the union decides;
 * - a `RuleResolver` for SelfSubjectRulesReview: a user without deny rules holds
 *   cluster-admin's `*` rules; deny rules cannot be written as RBAC's allow-only rules, so a
 *   restricted user gets, per served resource, the verbs the cluster's authorizer allows.
 *
 * A rule matches when its verbs contain the verb (or `*`), its resources contain the resource,
 * `resource/subresource` or `*`, and its namespaces (absent or empty = all) contain the request's
 * namespace or `*`; a cluster-scoped request (no namespace) matches any namespaces list.
 * Users are identified by name. Non-resource requests and the self-reviews every user may make
 * (upstream's `system:basic-user` role) are never denied.
 */
import { RESOURCES, RESOURCE_NAMES } from '../core/resources';
import { tokenAuthenticator } from './authenticators';
import type {
  Authenticator,
  Authorizer,
  RequestAttributes,
  ResourceRuleInfo,
  RuleResolver,
  UserInfo,
} from './types';

export interface DenyRule {
  verbs: string[];
  resources: string[];
  namespaces?: string[];
}

export interface AuthConfig {
  users: { name: string; token: string; deny: DenyRule[] }[];
}

/** Checks a parsed `--auth` file; `source` names it in errors. */
export function parseAuthConfig(parsed: unknown, source: string): AuthConfig {
  const users = (parsed as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) throw new Error(`${source}: expected {"users": [...]}`);
  for (const user of users as Record<string, unknown>[]) {
    if (
      typeof user.name !== 'string' ||
      typeof user.token !== 'string' ||
      !Array.isArray(user.deny)
    ) {
      throw new Error(`${source}: every user needs name, token and deny[]`);
    }
  }
  return parsed as AuthConfig;
}

export function authFileAuthenticator(config: AuthConfig): Authenticator {
  const users = new Map<string, UserInfo>();
  for (const user of config.users) {
    // The first entry with a token wins, as a lookup in file order would.
    if (!users.has(user.token)) {
      users.set(user.token, { username: user.name, groups: ['system:authenticated'] });
    }
  }
  return tokenAuthenticator(users);
}

/** What every user may ask about themselves (bootstrap ClusterRole system:basic-user). */
const SELF_REVIEWS = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews',
]);

function listed(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  return list.includes('*') || list.includes(value);
}

function ruleMatches(rule: DenyRule, attributes: RequestAttributes): boolean {
  const { verb, resource, subresource, namespace } = attributes;
  const qualified = subresource ? `${resource}/${subresource}` : resource;
  const verbs = rule.verbs.includes('*') || rule.verbs.includes(verb);
  const resources =
    rule.resources.includes('*') ||
    rule.resources.includes(qualified) ||
    rule.resources.includes(resource);
  const namespaces = namespace === '' || listed(rule.namespaces, namespace);
  return verbs && resources && namespaces;
}

function rulesOf(config: AuthConfig | undefined, username: string): DenyRule[] {
  return (config?.users ?? []).filter((u) => u.name === username).flatMap((u) => u.deny);
}

export function denyListAuthorizer(config: AuthConfig | undefined): Authorizer {
  return {
    authorize(attributes) {
      const exempt =
        !attributes.isResourceRequest ||
        SELF_REVIEWS.has(`${attributes.apiGroup}/${attributes.resource}`);
      const denied =
        !exempt &&
        rulesOf(config, attributes.user.username).some((r) => ruleMatches(r, attributes));
      return { decision: denied ? 'deny' : 'noOpinion', reason: '' };
    },
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

/** `authorizer` is the cluster's whole authorizer, so the rules are what it enforces. */
export function denyListRuleResolver(
  config: AuthConfig | undefined,
  authorizer: Authorizer,
): RuleResolver {
  return {
    rulesFor(user, namespace) {
      const nonResourceRules = [{ verbs: ['*'], nonResourceURLs: ['*'] }];
      if (rulesOf(config, user.username).length === 0) {
        return {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules,
          incomplete: false,
        };
      }
      const resourceRules: ResourceRuleInfo[] = [];
      for (const info of RESOURCE_NAMES.map((r) => RESOURCES[r])) {
        const verbs = RULE_VERBS.filter(
          (verb) =>
            authorizer.authorize({
              user,
              verb,
              isResourceRequest: true,
              path: '',
              apiGroup: info.group,
              apiVersion: info.version,
              resource: info.resource,
              subresource: '',
              namespace: info.namespaced ? namespace : '',
              name: '',
            }).decision === 'allow',
        );
        if (verbs.length > 0) {
          resourceRules.push({ verbs, apiGroups: [info.group], resources: [info.resource] });
        }
      }
      return { resourceRules, nonResourceRules, incomplete: false };
    },
  };
}
