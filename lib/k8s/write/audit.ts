import 'server-only';
/**
 * The audit trail of the dashboard's writes: one JSON line on stdout per attempt, so an operator
 * can answer "who changed this, and what came of it" — and, with sign-in, which person it was
 * even though the cluster saw the dashboard impersonating them.
 *
 * Contract: `audit(entry)` writes one line `{"audit":"switchboard.write", …}` with
 * - `time`; `mode` (the viewer's sign-in mode); `user` and `groups`: the person for a signed-in
 *   viewer, the kubeconfig user's name without sign-in (the dashboard itself), absent for a
 *   request refused before the person was known; never a credential — no
 *   token, no cookie, no header value other than `Origin`;
 * - `cluster`: the kubeconfig context written to (the cluster the request named);
 * - `client` (the socket's address, lib/http/peer-address.ts) and `origin` (the `Origin` header
 *   as sent, cut to 256 characters);
 * - `action`, and the Service the request named (`namespace`, `name`, cut to 64 characters: the
 *   line is not a place for whatever a client sent);
 * - `verbs` and `objects` (kind, namespace, name): what was sent to the cluster
 *   (lib/k8s/write/write-log.ts), or, when nothing was, the verb the action would have used;
 *   `dryRun`: whether every write sent was a dry run (the action's own kind when none was);
 * - `status`: the outcome (`created`, `invalid`, `forbidden`, `refused 403`, …).
 */
import { authSettings } from '@/lib/auth/settings';
import type { AuthMode, Viewer } from '@/lib/auth/viewer';
import { getClusterConnection } from '../connection';
import type { AttemptedWrite } from './write-log';

/** Where a write request came from. */
export interface AuditSource {
  client?: string;
  origin?: string;
}

/** What a route declares about its writes, for the line when none was sent. */
export interface AuditIntent {
  verb: AttemptedWrite['verb'];
  dryRun: boolean;
}

export interface AuditEntry {
  action: string;
  /** What the request named (its body's input or the path's parameters). */
  target: unknown;
  outcome: string;
  source?: AuditSource;
  /** Undefined when the request was refused before anyone was known. */
  viewer?: Viewer;
  attempts?: readonly AttemptedWrite[];
  intent?: AuditIntent;
  /** The cluster the request named (absent: the default one). */
  cluster?: string;
}

const cut = (value: unknown, max: number) =>
  typeof value === 'string' ? value.slice(0, max) : undefined;

function connection(clusterId: string | undefined): { user?: string; cluster?: string } {
  try {
    const { kubeConfig, info } = getClusterConnection(clusterId);
    return { user: kubeConfig.getCurrentUser()?.name ?? '', cluster: info.name };
  } catch {
    return {}; // no connection: the outcome says so
  }
}

/** The server's sign-in mode, for a request refused before its viewer was known. */
function serverMode(): AuthMode | undefined {
  try {
    return authSettings().mode;
  } catch {
    return undefined;
  }
}

/** The fields of the line, in order; exported for the tests of its shape. */
export function auditLine(entry: AuditEntry, now = new Date()): Record<string, unknown> {
  const t = (entry.target ?? {}) as { namespace?: unknown; name?: unknown };
  const { user: dashboardUser, cluster } = connection(entry.cluster);
  const mode = entry.viewer?.mode ?? serverMode();
  const person = entry.viewer && entry.viewer.mode !== 'none' ? entry.viewer.user : undefined;
  const attempts = entry.attempts ?? [];
  const verbs = attempts.length
    ? [...new Set(attempts.map((a) => a.verb))]
    : entry.intent
      ? [entry.intent.verb]
      : [];
  return {
    audit: 'switchboard.write',
    time: now.toISOString(),
    mode,
    // Without sign-in the dashboard acts as itself; a refused request of a signed-in mode is nobody yet.
    user: person ? person.username : mode === 'none' ? dashboardUser : undefined,
    groups: person ? [...person.groups] : undefined,
    cluster,
    client: entry.source?.client,
    origin: cut(entry.source?.origin, 256),
    action: entry.action,
    namespace: cut(t.namespace, 64),
    name: cut(t.name, 64),
    verbs,
    objects: attempts.map(({ kind, namespace, name }) => ({
      kind,
      namespace: cut(namespace, 64),
      name: cut(name, 64),
    })),
    dryRun: attempts.length ? attempts.every((a) => a.dryRun) : entry.intent?.dryRun,
    status: entry.outcome,
  };
}

/** Writes the line and returns it (the caller counts it by mode). */
export function audit(entry: AuditEntry): Record<string, unknown> {
  const line = auditLine(entry);
  console.log(JSON.stringify(line));
  return line;
}
