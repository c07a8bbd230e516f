import 'server-only';
/**
 * What one request actually sent to the cluster on a person's behalf, for its audit line: every
 * write (POST, PUT, PATCH, DELETE; access reviews are questions, not writes) as its verb, the
 * object's kind, namespace and name, and whether it was a dry run.
 *
 * Contract: `recordingWrites(send, log)` sends exactly as `send` does and appends an
 * `AttemptedWrite` to `log` before each write goes out (so a write whose answer was lost still
 * counts). The names come from the request path, or the body's `metadata.name` for a create;
 * never a header, never a credential.
 */
import type { Viewer } from '@/lib/auth/viewer';
import { KINDS } from '../kinds';
import type { KubeRequest, KubeSend } from './client';

export interface AttemptedWrite {
  verb: 'create' | 'update' | 'patch' | 'delete';
  kind: string;
  namespace?: string;
  name?: string;
  dryRun: boolean;
}

/** The writes of one request, in the order they were sent. */
export interface WriteLog {
  attempts: AttemptedWrite[];
  /**
   * Who they were sent as when the cluster names the person otherwise than the session does (a
   * token reviewed by another cluster, lib/auth/cluster-viewer.ts): the audit line names them so.
   */
  viewer?: Viewer;
}

export const newWriteLog = (): WriteLog => ({ attempts: [] });

const VERBS = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as const;

/** The apiserver's URL scheme: `/api/v1` or `/apis/<group>/<version>`, then the resource. */
const RESOURCE_PATH =
  /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/?]+))?\/([^/?]+)(?:\/([^/?]+))?/;

/** Questions asked with a POST, not changes. */
const REVIEW_GROUPS = new Set(['authorization.k8s.io', 'authentication.k8s.io']);

const kindOf = (group: string, resource: string) =>
  Object.values(KINDS).find((k) => k.group === group && k.resource === resource)?.kind ?? resource;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function attemptOf(request: KubeRequest): AttemptedWrite | undefined {
  if (request.method === 'GET') return undefined;
  const match = RESOURCE_PATH.exec(request.path);
  if (!match) return undefined;
  const [, group = '', namespace, resource = '', pathName] = match;
  if (REVIEW_GROUPS.has(group)) return undefined;
  const bodyName = (request.body as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  const name = pathName ? decoded(pathName) : typeof bodyName === 'string' ? bodyName : undefined;
  return {
    verb: VERBS[request.method],
    kind: kindOf(group, resource),
    ...(namespace ? { namespace: decoded(namespace) } : {}),
    ...(name ? { name } : {}),
    dryRun: /[?&]dryRun=All(&|$)/.test(request.path),
  };
}

export function recordingWrites(send: KubeSend, log: WriteLog): KubeSend {
  return (request) => {
    const attempt = attemptOf(request);
    if (attempt) log.attempts.push(attempt);
    return send(request);
  };
}
