import 'server-only';
/**
 * The write dependencies of this Next server process: the cluster connection's kubeconfig (the
 * credentials stay here) and its read-only flag (`--read-only` → SWITCHBOARD_READ_ONLY=1).
 */
import { getClusterConnection } from '../connection';
import { createKubeClient, type KubeSend } from './client';
import type { WriteDeps } from './external-service';

let send: KubeSend | undefined;

export function getWriteDeps(): WriteDeps {
  const { kubeConfig, info } = getClusterConnection();
  send ??= createKubeClient(kubeConfig);
  return { send, readOnly: info.readOnly };
}

/** A JSON answer that is never cached and never carries more than the result. */
export function jsonResult(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** HTTP status for a write result: the body always says the rest. */
export function httpStatusOf(result: { status: string }): number {
  switch (result.status) {
    case 'invalid':
      return 422;
    case 'forbidden':
    case 'read-only':
      return 403;
    case 'conflict':
    case 'stale-preview':
      return 409;
    case 'failed':
      return 502;
    case 'created':
      return 201;
    default:
      return 200;
  }
}

/** Errors reaching the cluster become a message; stack traces and configs never leave. */
export function unexpected(error: unknown): Response {
  const message = error instanceof Error ? error.message : String(error);
  return jsonResult(
    {
      status: 'failed',
      message: `The dashboard could not complete the request: ${message}`,
      rolledBack: [],
      leftBehind: [],
    },
    500,
  );
}

/**
 * One JSON line per write attempt (targets.md F8): who (the kubeconfig user's name — never a
 * credential), what, and how it ended, including refusals.
 */
export function audit(action: string, target: unknown, result: { status: string }): void {
  const t = (target ?? {}) as { namespace?: unknown; name?: unknown };
  let user = '';
  try {
    user = getClusterConnection().kubeConfig.getCurrentUser()?.name ?? '';
  } catch {
    // no connection: the result says so
  }
  console.log(
    JSON.stringify({
      audit: 'switchboard.write',
      time: new Date().toISOString(),
      user,
      action,
      namespace: typeof t.namespace === 'string' ? t.namespace.slice(0, 64) : undefined,
      name: typeof t.name === 'string' ? t.name.slice(0, 64) : undefined,
      status: result.status,
    }),
  );
}
