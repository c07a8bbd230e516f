/**
 * ExternalName Services route by DNS, never through endpoints: the only check is whether the name
 * resolves. `external-name-unresolved` (error) only when a lookup was made and failed — the lookup
 * runs server-side (lib/diagnostics/dns.ts) and arrives here as `dnsResults`; with no result, no
 * claim is made.
 */
import { commandList, kubectl } from '../shell-quote';
import type { ServiceRecord } from '../records';
import type { DiagnosisReason, DnsAnswer, DnsResults } from './types';

/** The result for `host`, whichever way round the caller wrote the trailing dot. */
export function lookupDns(results: DnsResults | undefined, host: string) {
  if (!results) return undefined;
  const bare = host.endsWith('.') ? host.slice(0, -1) : host;
  return results[host] ?? results[bare] ?? results[bare + '.'];
}

/** What the server's lookup of an ExternalName said, in words (the panel and the evidence). */
export function dnsAnswerText(result: DnsAnswer | undefined): string {
  if (!result) return 'not looked up yet';
  if (result.skipped) return result.error ?? 'not looked up';
  if (!result.ok) return `does not resolve${result.error ? ` (${result.error})` : ''}`;
  const addresses = result.addresses ?? [];
  const shown = addresses.slice(0, 4).join(', ');
  const more = addresses.length > 4 ? ` and ${addresses.length - 4} more` : '';
  return addresses.length ? `resolves to ${shown}${more}` : 'resolves';
}

export function checkExternalName(
  service: ServiceRecord,
  dnsResults: DnsResults | undefined,
  reasons: DiagnosisReason[],
): void {
  const ns = service.meta.namespace;
  const name = service.meta.name;
  const host = service.externalName ?? '';
  const result = lookupDns(dnsResults, host);
  if (result && !result.ok) {
    reasons.push({
      code: 'external-name-unresolved',
      severity: 'error',
      summary: `The ExternalName ${host} does not resolve${result.error ? ` (${result.error})` : ''}: clients get a DNS error.`,
      detail:
        'Looked up from the Switchboard server; cluster DNS may see a different resolver, but usually the same answer.',
      evidence: [
        { kind: 'Service', namespace: ns, name, field: 'spec.externalName', value: host },
        {
          kind: 'DNS',
          namespace: '',
          name: host,
          field: 'lookup',
          value: dnsAnswerText(result),
        },
      ],
      commands: commandList(
        kubectl('get', 'service', '-n', ns, name, '-o', 'jsonpath={.spec.externalName}'),
        kubectl(
          'run',
          '-n',
          ns,
          'dnscheck',
          '--rm',
          '-it',
          '--restart=Never',
          '--image=busybox:1.36',
          '--',
          'nslookup',
          host,
        ),
      ),
    });
  }
}
