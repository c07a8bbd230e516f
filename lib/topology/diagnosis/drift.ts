/**
 * `endpoints-slices-disagree` (warning): the v1 Endpoints and the EndpointSlices of one Service
 * list different addresses, or the same address with different readiness, so clients reading
 * different APIs route differently. Compared only when the slices are what routes, per IP family
 * the Endpoints or the Service's ClusterIP uses (the Endpoints controller writes one family).
 */
import { commandList } from '../shell-quote';
import type { EndpointNode } from '../model';
import { ipFamily } from '../ip';
import { endpointEvidence, plural, type ServiceCheck } from './check';

/** v1 Endpoints and the EndpointSlices list different addresses (or readiness) for one Service. */
export function checkDisagreement(c: ServiceCheck): void {
  const legacy = c.routing.legacy;
  if (!legacy || c.routing.usesLegacy || c.routing.slices.length === 0) return;
  const publish = c.svc.publishNotReadyAddresses === true;
  // Address → ready, in first-listed order; an address listed not-ready anywhere is not ready.
  const inEndpoints = new Map<string, boolean>();
  let ipv4 = false;
  let ipv6 = false;
  for (const s of legacy.subsets) {
    for (const a of s.addresses) {
      if (inEndpoints.has(a.ip)) continue;
      inEndpoints.set(a.ip, true);
      if ((ipFamily(a.ip) ?? 'IPv4') === 'IPv4') ipv4 = true;
      else ipv6 = true;
    }
    for (const a of s.notReadyAddresses) {
      inEndpoints.set(a.ip, false);
      if ((ipFamily(a.ip) ?? 'IPv4') === 'IPv4') ipv4 = true;
      else ipv6 = true;
    }
  }
  const clusterFamily = c.svc.clusterIP ? ipFamily(c.svc.clusterIP) : undefined;
  if (clusterFamily === 'IPv4') ipv4 = true;
  if (clusterFamily === 'IPv6') ipv6 = true;
  if (!ipv4 && !ipv6) ipv4 = true;
  const compared = (ep: EndpointNode) =>
    ep.addressType === 'IPv4' ? ipv4 : ep.addressType === 'IPv6' && ipv6;
  const onlyEndpoints: string[] = [];
  const onlySlices: string[] = [];
  const readiness: string[] = [];
  // The Endpoints controller leaves out terminating pods (unless publishNotReadyAddresses) and
  // pods none of whose ports resolve; the slice controller keeps both. Neither is a disagreement.
  let portless: Set<string> | undefined;
  if (c.svc.ports.length > 0) {
    for (const s of c.routing.slices) {
      if (s.ports.length === 0) (portless ??= new Set()).add(s.meta.name);
    }
  }
  // Endpoint addresses are unique, so counting those found tells whether any address is left
  // that only the Endpoints lists; which ones is worked out only then.
  let found = 0;
  for (const ep of c.routing.endpoints) {
    if (!compared(ep)) continue;
    const r = inEndpoints.get(ep.address);
    if (r !== undefined) found++;
    if ((ep.terminating && !publish) || (portless && ep.sources.every((n) => portless.has(n))))
      continue;
    if (r === undefined) onlySlices.push(ep.address);
    else if (r !== ep.ready) readiness.push(ep.address);
  }
  if (found < inEndpoints.size) {
    const inSlices = new Set<string>();
    for (const ep of c.routing.endpoints) if (compared(ep)) inSlices.add(ep.address);
    for (const ip of inEndpoints.keys()) if (!inSlices.has(ip)) onlyEndpoints.push(ip);
  }
  if (onlyEndpoints.length + onlySlices.length + readiness.length === 0) return;
  const parts: string[] = [];
  if (onlyEndpoints.length)
    parts.push(
      `${plural(onlyEndpoints.length, 'address')} only in Endpoints (${onlyEndpoints.slice(0, 3).join(', ')})`,
    );
  if (onlySlices.length)
    parts.push(
      `${plural(onlySlices.length, 'address')} only in EndpointSlices (${onlySlices.slice(0, 3).join(', ')})`,
    );
  if (readiness.length)
    parts.push(
      `${plural(readiness.length, 'address')} ready in one and not the other (${readiness.slice(0, 3).join(', ')})`,
    );
  c.reasons.push({
    code: 'endpoints-slices-disagree',
    severity: 'warning',
    summary: `v1 Endpoints and EndpointSlices disagree: ${parts.join('; ')}. Clients reading different APIs route differently.`,
    detail:
      'A brief disagreement while a controller catches up is normal; a lasting one means one of them is stale or hand-edited.',
    evidence: [
      ...onlyEndpoints.slice(0, 5).map((ip) => ({
        kind: 'Endpoints',
        namespace: c.ns,
        name: legacy.meta.name,
        field: 'subsets[*].addresses[*].ip',
        value: ip,
      })),
      ...onlySlices.slice(0, 5).map((ip) => {
        const ep = c.routing.endpoints.find((e) => e.address === ip)!;
        return endpointEvidence(ep, 'endpoints[*].addresses', ip);
      }),
      ...readiness.slice(0, 5).map((ip) => {
        const ep = c.routing.endpoints.find((e) => e.address === ip)!;
        return endpointEvidence(ep, `endpoints[${ip}].conditions.ready`, String(ep.ready));
      }),
    ],
    commands: commandList(c.cmd.endpoints, c.cmd.slices),
  });
}
