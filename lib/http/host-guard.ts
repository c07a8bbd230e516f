/**
 * The refusal of a request addressed to a name this dashboard does not answer to (DNS
 * rebinding; lib/http/allowed-hosts.ts decides, lib/http/exposure.ts reads the settings).
 *
 * Contract: one check for pages (the proxy) and API routes (lib/http/guard.ts); a 403
 * `foreign-request` problem that names the refused host (cut to a DNS name's 253 characters) and
 * the setting that would allow it. Free of `server-only` because Next's proxy imports it.
 */
import { problem, type Problem } from '../api/problem';
import { hostnameOf, isAllowedHost } from './allowed-hosts';
import { hostPolicyFromEnv } from './exposure';

export function foreignHostProblem(request: Request): Problem | undefined {
  const host = request.headers.get('host');
  if (isAllowedHost(host, hostPolicyFromEnv(process.env))) return undefined;
  const name = (host && hostnameOf(host)) || host || '';
  return problem(
    'foreign-request',
    name
      ? `Refused: this dashboard does not answer to the name ${name.slice(0, 253)} (a guard against DNS rebinding). If the name is yours, allow it with --allowed-hosts.`
      : 'Refused: the request has no valid Host header.',
  );
}
