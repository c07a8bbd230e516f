import 'server-only';
/**
 * The audit trail of the dashboard's writes: one JSON line on stdout per attempt, so an operator
 * can answer "who changed this, and what came of it".
 *
 * Contract: who (the kubeconfig user's name — never a credential), the action, the target's
 * namespace and name when the request named them (cut to 64 characters: the line is not a place
 * for whatever a client sent), and the outcome (`created`, `invalid`, `refused 403`, …).
 */
import { getClusterConnection } from '../connection';

export function audit(action: string, target: unknown, outcome: string): void {
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
      action,
      namespace: typeof t.namespace === 'string' ? t.namespace.slice(0, 64) : undefined,
      name: typeof t.name === 'string' ? t.name.slice(0, 64) : undefined,
      status: outcome,
    }),
  );
}
