/**
 * Does the Service route at all? `no-endpoints` (it has a selector; the selector and readiness
 * checks then say why), `selectorless-no-endpoints` (nothing will ever create them: they are made by
 * hand) and `no-ready-endpoints` (endpoints exist, none is ready). All three are errors: traffic to
 * the Service goes nowhere.
 */
import { commandList } from '../shell-quote';
import type { EndpointNode } from '../model';
import { isSelectorless } from '../selector';
import { MAX_EVIDENCE, endpointEvidence, plural, svcEvidence, type ServiceCheck } from './check';
import type { Evidence } from './types';

export function checkEndpointCounts(c: ServiceCheck): void {
  const readyCount = c.readyCount;
  const eps = c.routing.endpoints;
  const selectorless = isSelectorless(c.svc.selector);
  if (eps.length === 0) {
    const sliceEvidence: Evidence[] = c.routing.slices.length
      ? c.routing.slices.map((s) => ({
          kind: 'EndpointSlice',
          namespace: c.ns,
          name: s.meta.name,
          field: 'endpoints',
          value: '[]',
        }))
      : [svcEvidence(c, 'EndpointSlices labelled kubernetes.io/service-name=' + c.name, 'none')];
    if (selectorless) {
      c.reasons.push({
        code: 'selectorless-no-endpoints',
        severity: 'error',
        summary:
          'Selector-less Service with no endpoints: nothing will create them for it, so it routes nowhere.',
        detail:
          `A Service without a selector gets its endpoints by hand: an EndpointSlice labelled ` +
          `kubernetes.io/service-name=${c.name} in namespace ${c.ns} (or an Endpoints object named ` +
          `${c.name}, which the mirroring controller copies into a slice).`,
        evidence: [svcEvidence(c, 'spec.selector', '(none)'), ...sliceEvidence],
        commands: commandList(c.cmd.svc, c.cmd.slices, c.cmd.endpoints),
      });
    } else {
      c.reasons.push({
        code: 'no-endpoints',
        severity: 'error',
        summary: 'The Service has no endpoints at all: it routes nowhere.',
        evidence: [svcEvidence(c, 'spec.selector', c.selText), ...sliceEvidence],
        commands: commandList(c.cmd.slices, c.cmd.pods),
      });
    }
  } else if (readyCount === 0) {
    c.reasons.push({
      code: 'no-ready-endpoints',
      severity: 'error',
      summary: `The Service has ${plural(eps.length, 'endpoint')} but none is ready: it routes nowhere.`,
      evidence: eps
        .slice(0, MAX_EVIDENCE)
        .map((ep) =>
          endpointEvidence(ep, `endpoints[${ep.address}].conditions`, conditionText(ep)),
        ),
      commands: commandList(c.cmd.slices, c.cmd.pods),
    });
  }
}

function conditionText(ep: EndpointNode): string {
  return `ready=${ep.ready}, serving=${ep.serving}, terminating=${ep.terminating}`;
}
