/**
 * `manual-endpoints-with-selector` (warning): hand-made endpoints on a Service that has a selector.
 * A hand-written v1 Endpoints will be overwritten by the endpoints controller; an EndpointSlice
 * the slice controller did not write adds endpoints the selector does not explain.
 *
 * Contract: returns true when it reported a hand-written v1 Endpoints — that explains why the
 * Endpoints and the slices differ, so drift.ts need not say it again.
 */
import { commandList } from '../shell-quote';
import type { EndpointsRecord } from '../records';
import { CONTROLLER_MANAGED_BY } from '../routing';
import { MAX_EVIDENCE, plural, svcEvidence, type ServiceCheck } from './check';
import type { Evidence } from './types';

const ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';

function isManualEndpoints(ep: EndpointsRecord): boolean {
  const managedBy = ep.meta.labels?.[ENDPOINTS_MANAGED_BY];
  if (managedBy !== undefined) return managedBy !== 'endpoint-controller';
  if (ep.meta.annotations?.['switchboard.dev/created-by']) return true;
  // Before 1.33 the controller set no label, but it always writes a Pod targetRef per address.
  for (const s of ep.subsets) {
    for (const a of s.addresses) if (a.targetRef?.kind !== 'Pod') return true;
    for (const a of s.notReadyAddresses) if (a.targetRef?.kind !== 'Pod') return true;
  }
  return false;
}

export function checkManualWithSelector(c: ServiceCheck): boolean {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  const legacy = c.routing.legacy;
  const manualLegacy = legacy !== undefined && isManualEndpoints(legacy);
  if (manualLegacy) {
    parts.push(
      `the hand-written Endpoints ${legacy.meta.name} will be overwritten by the endpoints controller`,
    );
    evidence.push({
      kind: 'Endpoints',
      namespace: c.ns,
      name: legacy.meta.name,
      field: `metadata.labels.${ENDPOINTS_MANAGED_BY}`,
      value: legacy.meta.labels?.[ENDPOINTS_MANAGED_BY] ?? '(absent)',
    });
  }
  const foreign = c.routing.slices.filter((s) => s.managedBy !== CONTROLLER_MANAGED_BY);
  if (foreign.length) {
    parts.push(
      `${plural(foreign.length, 'EndpointSlice')} not written by the controller (${foreign.map((s) => s.meta.name).join(', ')}) ` +
        'add endpoints the selector does not explain',
    );
    for (const s of foreign.slice(0, MAX_EVIDENCE)) {
      evidence.push({
        kind: 'EndpointSlice',
        namespace: c.ns,
        name: s.meta.name,
        field: 'metadata.labels.endpointslice.kubernetes.io/managed-by',
        value: s.managedBy ?? '(absent)',
      });
    }
  }
  if (parts.length === 0) return false;
  c.reasons.push({
    code: 'manual-endpoints-with-selector',
    severity: 'warning',
    summary: `Hand-made endpoints on a Service with a selector: ${parts.join('; ')}.`,
    detail:
      'Either remove the selector (then the endpoints are yours to manage) or remove the hand-made objects.',
    evidence: [svcEvidence(c, 'spec.selector', c.selText), ...evidence],
    commands: commandList(c.cmd.svc, c.cmd.endpoints, c.cmd.slices),
  });
  return manualLegacy;
}
