import 'server-only';
/**
 * The audit trail of the dashboard's writes: one JSON line on stdout per attempt, so an operator
 * can answer "who changed this, and what came of it".
 *
 * Contract: who (the kubeconfig user's name — never a credential), where the request came from
 * (`client`: the socket's address, lib/http/peer-address.ts; `origin`: the `Origin` header as
 * sent, cut to 256 characters), the action, the target's namespace and name when the request
 * named them (cut to 64 characters: the line is not a place for whatever a client sent), and
 * the outcome (`created`, `invalid`, `refused 403`, …).
 */
import { getClusterConnection } from '../connection';

/** Where a write request came from. */
export interface AuditSource {
  client?: string;
  origin?: string;
}

export function audit(
  action: string,
  target: unknown,
  outcome: string,
  source: AuditSource = {},
): void {
  const t = (target ?? {}) as { namespace?: unknown; name?: unknown };
  let user = '';
  try {
    user = getClusterConnection().kubeConfig.getCurrentUser()?.name ?? '';
  } catch {
    // no connection: the outcome says so
  }
  console.log(
    JSON.stringify({
      audit: 'switchboard.write',
      time: new Date().toISOString(),
      user,
      client: source.client,
      origin: source.origin?.slice(0, 256),
      action,
      namespace: typeof t.namespace === 'string' ? t.namespace.slice(0, 64) : undefined,
      name: typeof t.name === 'string' ? t.name.slice(0, 64) : undefined,
      status: outcome,
    }),
  );
}
