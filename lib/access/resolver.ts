import 'server-only';
/**
 * Deciding a signed-in person's scope (lib/access/scope.ts) with SubjectAccessReview, sent with
 * the dashboard's own credentials (it may create them; the person needs no rights to ask).
 *
 * Contract:
 * - per kind the map uses, one review of `list` cluster-wide (namespace ''); for the namespaced
 *   kinds not allowed there, one review per namespace the cache knows, at most `concurrency` at
 *   a time; for Namespace not listable, one review of `get` on each namespace (its object is
 *   shown only to who may read it: lib/access/scope.ts). SubjectAccessReview rather than SelfSubjectRulesReview through impersonation: it
 *   needs no impersonation right, and the cluster's authorizer answers the exact question (rules
 *   reviews are documented as possibly incomplete, see
 *   staging/src/k8s.io/api/authorization/v1/types.go `SelfSubjectRulesReviewSpec`);
 * - answers are cached per (username, groups) for `ttlMs` (the caller caps it at 60 s), and a
 *   namespace the cache did not know when the scope was decided is reviewed as soon as it is
 *   asked about; concurrent questions for the same person share one resolution;
 * - a review that fails (network, non-201, no `status`) denies and sets `unchecked`: nothing is
 *   ever granted on a guess. A scope with `unchecked` is kept only briefly (`retryMs`).
 */
import type { UserIdentity } from '../auth/viewer';
import { errorMessage } from '../error-message';
import { WATCHED_KINDS, type KindSpec } from '../k8s/kinds';
import type { KubeSend } from '../k8s/write/client';
import type { RecordKind } from '../topology/records';
import { makeScope, type AccessScope, type KindAccess } from './scope';

export interface ResolverOptions {
  send: KubeSend;
  /** The namespaces the dashboard's cache holds now. */
  namespaces: () => readonly string[];
  ttlMs: number;
  clock?: () => number;
  concurrency?: number;
  kinds?: readonly KindSpec[];
  /** How long a scope that some reviews could not decide is kept (default 5 s). */
  retryMs?: number;
}

interface Entry {
  scope: AccessScope;
  decidedAt: number;
  checked: Set<string>;
}

export interface ResolverStats {
  reviews: number;
  resolutions: number;
}

export class AccessResolver {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<AccessScope>>();
  readonly stats: ResolverStats = { reviews: 0, resolutions: 0 };

  constructor(private readonly opts: ResolverOptions) {}

  private now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  /** The person's scope: cached while fresh and no new namespace appeared, else decided again. */
  scopeFor(user: UserIdentity): Promise<AccessScope> {
    const key = userKey(user);
    const entry = this.entries.get(key);
    if (entry && this.fresh(entry)) return Promise.resolve(entry.scope);
    let running = this.pending.get(key);
    if (!running) {
      running = this.resolve(user).then(
        (e) => {
          this.entries.set(key, e);
          this.pending.delete(key);
          return e.scope;
        },
        (error: unknown) => {
          this.pending.delete(key);
          throw error;
        },
      );
      this.pending.set(key, running);
    }
    return running;
  }

  private fresh(entry: Entry): boolean {
    const age = this.now() - entry.decidedAt;
    const limit = entry.scope.unchecked ? (this.opts.retryMs ?? 5000) : this.opts.ttlMs;
    if (age >= limit) return false;
    return this.opts.namespaces().every((ns) => entry.checked.has(ns));
  }

  /** Forget every cached answer (tests; a configuration change). */
  clear(): void {
    this.entries.clear();
  }

  private async resolve(user: UserIdentity): Promise<Entry> {
    this.stats.resolutions++;
    const decidedAt = this.now();
    const namespaces = [...new Set(this.opts.namespaces())];
    const kinds = this.opts.kinds ?? WATCHED_KINDS;
    const failures: string[] = [];
    const ask = async (spec: KindSpec, namespace: string): Promise<boolean> => {
      const answer = await this.review(user, spec, namespace);
      if (answer === true || answer === false) return answer;
      failures.push(answer);
      return false;
    };
    const access: Partial<Record<RecordKind, KindAccess>> = {};
    const wide = await pool(kinds, this.opts.concurrency ?? 8, (spec) => ask(spec, ''));
    const narrow: { spec: KindSpec; namespace: string }[] = [];
    kinds.forEach((spec, i) => {
      if (wide[i]) access[spec.kind] = true;
      else if (spec.namespaced || spec.kind === 'Namespace')
        for (const namespace of namespaces) narrow.push({ spec, namespace });
    });
    const allowed = await pool(narrow, this.opts.concurrency ?? 8, (q) => ask(q.spec, q.namespace));
    narrow.forEach((q, i) => {
      if (!allowed[i]) return;
      const list = access[q.spec.kind];
      if (list === true) return;
      access[q.spec.kind] = [...(list ?? []), q.namespace];
    });
    const unchecked =
      failures.length > 0
        ? `Access could not be checked (${failures.length} review${failures.length === 1 ? '' : 's'} failed: ${failures[0]}); what could not be checked is not shown.`
        : undefined;
    return { scope: makeScope(access, unchecked), decidedAt, checked: new Set(namespaces) };
  }

  /** true/false as the cluster decided, or why it could not decide. */
  private async review(
    user: UserIdentity,
    spec: KindSpec,
    namespace: string,
  ): Promise<boolean | string> {
    this.stats.reviews++;
    try {
      const { status, body } = await this.opts.send({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: user.username,
            groups: reviewedGroups(user),
            resourceAttributes: {
              // One Namespace is read with `get` on it, its namespace attribute its own name
              // (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go), so a
              // RoleBinding in that namespace can allow it, as for `kubectl get ns NAME`.
              verb: spec.kind === 'Namespace' && namespace ? 'get' : 'list',
              group: spec.group,
              version: spec.version,
              resource: spec.resource,
              ...(namespace ? { namespace } : {}),
              ...(spec.kind === 'Namespace' && namespace ? { name: namespace } : {}),
            },
          },
        },
      });
      const allowed = (body as { status?: { allowed?: unknown } } | undefined)?.status?.allowed;
      if ((status === 201 || status === 200) && typeof allowed === 'boolean') return allowed;
      const message = (body as { message?: unknown } | undefined)?.message;
      return `HTTP ${status}${typeof message === 'string' ? `: ${message}` : ''}`;
    } catch (error) {
      return errorMessage(error);
    }
  }
}

/**
 * The groups the cluster itself would give this person's requests: a signed-in person is
 * authenticated, so bindings to `system:authenticated` count for them as they do for writes made
 * through impersonation (staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go adds
 * it to every impersonated user but system:anonymous).
 */
function reviewedGroups(user: UserIdentity): string[] {
  if (user.username === 'system:anonymous' || user.groups.includes('system:authenticated')) {
    return user.groups;
  }
  return [...user.groups, 'system:authenticated'];
}

/** One cache line per person as RBAC names them: the groups' order does not matter. */
export function userKey(user: UserIdentity): string {
  return JSON.stringify([user.username, [...new Set(user.groups)].sort()]);
}

async function pool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>) {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
