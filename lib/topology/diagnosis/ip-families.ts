/**
 * `endpoint-family-unused`: endpoints kube-proxy never sends this Service's traffic to, because
 * their address type is not one of the Service's IP families. kube-proxy programs a Service once
 * per family of its ClusterIPs (`spec.clusterIPs`, which follow `spec.ipFamilies`) and gives each
 * only the endpoints of that family; EndpointSlices of addressType FQDN it ignores altogether.
 * So an IPv6 address under an IPv4-only Service is listed, may be ready, and never receives a
 * packet: the endpoint count says the Service routes while it does not.
 *
 * Severity: error when no endpoint of the Service's own families is ready but an unused one is
 * (the count checks see a ready endpoint, yet traffic goes nowhere); a warning otherwise (those
 * endpoints are dead weight, or would be once the others recover). Headless Services are not
 * checked: no kube-proxy rules, and DNS answers for every family listed. Loopback and link-local
 * addresses are left to addresses.ts, whose error already says they cannot work.
 */
import { ipFamily, ipRange } from '../ip';
import type { EndpointNode } from '../model';
import { commandList } from '../shell-quote';
import { MAX_EVIDENCE, endpointEvidence, plural, svcEvidence, type ServiceCheck } from './check';

/** The families kube-proxy serves this Service in, from its ClusterIPs; empty when it serves none. */
function serviceFamilies(c: ServiceCheck): Set<string> {
  const ips = c.svc.clusterIPs?.length
    ? c.svc.clusterIPs
    : c.svc.clusterIP
      ? [c.svc.clusterIP]
      : [];
  const families = new Set<string>();
  for (const ip of ips) {
    const family = ipFamily(ip);
    if (family) families.add(family);
  }
  return families;
}

/** Ranges addresses.ts reports as errors of their own. */
const CANNOT_WORK = new Set(['loopback', 'linkLocal']);

export function checkEndpointFamilies(c: ServiceCheck): void {
  const endpoints = c.routing.endpoints;
  if (endpoints.length === 0) return;
  const families = serviceFamilies(c);
  if (families.size === 0) return;
  const unused: EndpointNode[] = [];
  let usedReady = false;
  let unusedReady = false;
  for (const ep of endpoints) {
    if (families.has(ep.addressType)) usedReady ||= ep.ready;
    else if (!CANNOT_WORK.has(ipRange(ep.address) ?? '')) {
      unused.push(ep);
      unusedReady ||= ep.ready;
    }
  }
  if (unused.length === 0) return;
  const routesNowhere = unusedReady && !usedReady;
  const own = [...families].sort().join(' and ');
  const ips = (c.svc.clusterIPs?.length ? c.svc.clusterIPs : [c.svc.clusterIP!]).join(', ');
  const types = [...new Set(unused.map((ep) => ep.addressType))].sort();
  const fqdn = types.length === 1 && types[0] === 'FQDN';
  const kinds = types.map((t) => (t === 'FQDN' ? 'DNS names (addressType FQDN)' : t)).join(' or ');
  const what =
    unused.length === 1
      ? `its endpoint ${unused[0]!.address} is ${fqdn ? 'a DNS name (addressType FQDN)' : types[0]}`
      : `${unused.length} of its endpoints are ${kinds} (${unused[0]!.address} and ${plural(unused.length - 1, 'more', 'more')})`;
  c.reasons.push({
    code: 'endpoint-family-unused',
    severity: routesNowhere ? 'error' : 'warning',
    summary:
      `${families.size > 1 ? `The Service’s ClusterIPs are ${own}` : `The Service’s ClusterIP is ${own} only`} (${ips}), but ${what}: kube-proxy never sends ` +
      `this Service’s traffic there${routesNowhere ? ', so it routes nowhere' : ''}.`,
    detail: fqdn
      ? 'kube-proxy routes only IPv4 and IPv6 endpoints. To send a Service to a DNS name, make it an ExternalName Service, or list the addresses the name resolves to.'
      : `kube-proxy gives a Service’s ClusterIP of one family only the endpoints of that family. ` +
        `On a dual-stack cluster, set spec.ipFamilyPolicy to PreferDualStack (the first family ` +
        `cannot change) so the Service gets a ClusterIP of the other family too; on a ` +
        `single-stack cluster, point the endpoints at ${own} addresses.`,
    evidence: [
      svcEvidence(c, 'spec.clusterIPs', ips),
      ...unused
        .slice(0, MAX_EVIDENCE)
        .map((ep) => endpointEvidence(ep, 'addressType', `${ep.addressType} (${ep.address})`)),
    ],
    commands: commandList(c.cmd.svc, c.routing.usesLegacy ? c.cmd.endpoints : c.cmd.slices),
  });
}
