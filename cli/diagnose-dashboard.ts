/**
 * `switchboard diagnose --dashboard URL`: the same verdict, asked of a running Switchboard instead
 * of the cluster — for on-call people who have a sign-in to the team's dashboard but no
 * kubeconfig of their own. The dashboard answers as that person (their RBAC decides what they
 * may see; a Service they may not see is "not found", exactly as one that does not exist).
 *
 * Contract: GET `<url>/api/services/<ns>/<name>/diagnosis`, with `Authorization: Bearer <token>`
 * when a token is given (a dashboard run with `--auth token` checks it with TokenReview; behind
 * an authenticating proxy the proxy's own means apply). Exit status as for the cluster path:
 * 0/1/3 by health (and `--strict`: cli/diagnose-exit.ts), 2 for a Service not found, 3 when the dashboard cannot answer
 * (unreachable, 401/403 — with its words — or 5xx). Never prints the token.
 */
import { readFileSync } from 'node:fs';
import { errorMessage } from '../lib/error-message';
import type { ServiceDiagnosis } from '../lib/topology/diagnosis';

export interface DashboardAsk {
  url: string;
  namespace: string;
  name: string;
  token?: string;
}

export type DashboardAnswer =
  { ok: true; diagnosis: ServiceDiagnosis } | { ok: false; exitCode: 2 | 3; message: string };

export async function diagnoseThroughDashboard(ask: DashboardAsk): Promise<DashboardAnswer> {
  const base = ask.url.replace(/\/+$/, '');
  const path = `/api/services/${encodeURIComponent(ask.namespace)}/${encodeURIComponent(ask.name)}/diagnosis`;
  let response: Response;
  try {
    response = await fetch(base + path, {
      headers: {
        Accept: 'application/json',
        ...(ask.token ? { Authorization: `Bearer ${ask.token}` } : {}),
      },
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return { ok: false, exitCode: 3, message: `cannot reach ${base}: ${errorMessage(error)}` };
  }
  const text = await response.text();
  if (response.ok) return { ok: true, diagnosis: JSON.parse(text) as ServiceDiagnosis };
  let detail = text.slice(0, 300);
  try {
    detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
  } catch {
    // not a problem document (a proxy's page): its start says enough
  }
  const exitCode = response.status === 404 ? 2 : 3;
  return { ok: false, exitCode, message: `${base} answered ${response.status}: ${detail}` };
}

/** The token from `--token-file F`, else `SWITCHBOARD_TOKEN`, else none. */
export function tokenFrom(
  file: string | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (file) return readFileSync(file, 'utf8').trim() || undefined;
  return env.SWITCHBOARD_TOKEN?.trim() || undefined;
}
