/**
 * `mirroring-refused`: a selector-less Service whose v1 Endpoints did not all reach an
 * EndpointSlice. The mirroring controller skips an Endpoints labelled skip-mirror, subsets over
 * 1,000 addresses (it mirrors the first 1,000) and addresses that are not valid IPs
 * (pkg/controller/endpointslicemirroring). kube-proxy reads only slices, so with no slice endpoint
 * left the Service routes nowhere (error); otherwise part of it is missing (warning).
 *
 * Contract: returns true when it reported — that explains why the Endpoints and the slices differ,
 * so drift.ts need not say it again.
 */
import { commandList, eventsCommand } from '../shell-quote';
import { parseIp } from '../ip';
import { listable, plural, type ServiceCheck } from './check';
import type { Evidence } from './types';

const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const MIRROR_MAX_PER_SUBSET = 1000;

/** Only for a selector-less Service. */
export function checkMirroring(c: ServiceCheck): boolean {
  const legacy = c.routing.legacy;
  if (!legacy) return false;
  const sliceAddresses = new Set<string>();
  let sliceEndpoints = 0;
  for (const s of c.routing.slices) {
    for (const e of s.endpoints) {
      if (e.addresses[0] !== undefined) sliceAddresses.add(e.addresses[0]);
      sliceEndpoints++;
    }
  }
  const missing: string[] = [];
  const invalid: string[] = [];
  let oversized = 0;
  for (const subset of legacy.subsets) {
    const n = subset.addresses.length + subset.notReadyAddresses.length;
    if (n > MIRROR_MAX_PER_SUBSET) oversized = Math.max(oversized, n);
    for (const a of [...subset.addresses, ...subset.notReadyAddresses]) {
      if (!parseIp(a.ip)) invalid.push(a.ip);
      if (!sliceAddresses.has(a.ip)) missing.push(a.ip);
    }
  }
  if (missing.length === 0) return false;
  const skip = legacy.meta.labels?.[SKIP_MIRROR_LABEL] === 'true';
  const why: string[] = [];
  const evidence: Evidence[] = [];
  const epRef = { kind: 'Endpoints', namespace: c.ns, name: legacy.meta.name };
  if (skip) {
    why.push(`it carries ${SKIP_MIRROR_LABEL}=true`);
    evidence.push({ ...epRef, field: `metadata.labels.${SKIP_MIRROR_LABEL}`, value: 'true' });
  }
  if (oversized) {
    why.push(
      `a subset has ${oversized} addresses and at most ${MIRROR_MAX_PER_SUBSET} are mirrored`,
    );
    evidence.push({ ...epRef, field: 'subsets[*].addresses', value: `${oversized} addresses` });
  }
  if (invalid.length) {
    why.push(
      `${invalid.length === 1 ? '1 address is not a valid IP' : `${invalid.length} addresses are not valid IPs`} (${invalid.slice(0, 3).join(', ')})`,
    );
    for (const ip of invalid.slice(0, 5))
      evidence.push({ ...epRef, field: 'subsets[*].addresses[*].ip', value: ip });
  }
  if (why.length === 0)
    why.push('no mirrored EndpointSlice lists them (is the mirroring controller running?)');
  const nothingRoutes = sliceEndpoints === 0;
  evidence.push({
    kind: 'EndpointSlice',
    namespace: c.ns,
    name: `(labelled kubernetes.io/service-name=${c.name})`,
    field: 'endpoints',
    value: `${sliceEndpoints} endpoints`,
  });
  c.reasons.push({
    code: 'mirroring-refused',
    severity: nothingRoutes ? 'error' : 'warning',
    summary:
      `${plural(missing.length, 'address')} of the Endpoints ${legacy.meta.name} ${missing.length === 1 ? 'was' : 'were'} not mirrored to an EndpointSlice: ` +
      `${why.join('; ')}.` +
      (nothingRoutes
        ? ' kube-proxy reads only EndpointSlices, so the Service routes nowhere.'
        : ''),
    detail: `Not mirrored: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}.`,
    evidence,
    commands: commandList(
      c.cmd.endpoints,
      c.cmd.slices,
      listable(c, 'Event', c.ns, () =>
        eventsCommand(
          c.ns,
          `involvedObject.kind=Endpoints,involvedObject.name=${legacy.meta.name}`,
        ),
      ),
    ),
  });
  return true;
}
