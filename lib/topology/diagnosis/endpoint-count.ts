/**
 * Does the Service route at all, and to all its endpoints? `no-endpoints` (it has a selector; the
 * selector and readiness checks then say why), `selectorless-no-endpoints` (nothing will ever
 * create them: they are made by hand) and `no-ready-endpoints` (endpoints exist, none is ready)
 * are errors: traffic to the Service goes nowhere. `some-endpoints-not-ready` is a warning: some
 * endpoints are ready and some are not, so traffic reaches only part of what was listed.
 *
 * Why a code of its own (and here): it is the partial form of `no-ready-endpoints`, read from the
 * same endpoint conditions, and — like `pods-not-ready` beside it — a separate code per severity
 * meaning keeps "routes nowhere" and "routes to fewer" apart for scripts that match on codes. It
 * speaks for the endpoints no other check explains: on a Service with a selector, an endpoint
 * naming a Pod is left to `pods-not-ready`/`pods-terminating` (which say why that pod is not
 * ready) and `endpoint-target-missing`; everything else — hand-made or mirrored endpoints above
 * all, whose readiness only their author sets — is named here with its slice and conditions.
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
  } else if (readyCount < eps.length) {
    checkSomeNotReady(c, selectorless);
  }
}

/** Not-ready endpoints beside ready ones, but for a selector's pods (the pod checks say why). */
function checkSomeNotReady(c: ServiceCheck, selectorless: boolean): void {
  const notReady = c.routing.endpoints.filter(
    (ep) => !ep.ready && (selectorless || ep.targetRef?.kind !== 'Pod'),
  );
  if (notReady.length === 0) return;
  const total = c.routing.endpoints.length;
  const shown = notReady.slice(0, 3).map((ep) => ep.address);
  const more = notReady.length > shown.length ? ` and ${notReady.length - shown.length} more` : '';
  const byHand = notReady.some((ep) => ep.origin !== 'controller');
  c.reasons.push({
    code: 'some-endpoints-not-ready',
    severity: 'warning',
    summary:
      `${notReady.length} of ${plural(total, 'endpoint')} ${notReady.length === 1 ? 'is' : 'are'} not ready ` +
      `(${shown.join(', ')}${more}): traffic goes only to the ${plural(c.readyCount, 'ready one')}.`,
    ...(byHand
      ? {
          detail: selectorless
            ? 'A selector-less Service’s endpoints are written by hand (or mirrored from its v1 Endpoints): whoever maintains them marked these not ready, or listed them under notReadyAddresses.'
            : 'These endpoints were not made from the pods the selector matches: whoever wrote them marked them not ready.',
        }
      : {}),
    evidence: notReady
      .slice(0, MAX_EVIDENCE)
      .map((ep) =>
        ep.origin === 'legacy-endpoints'
          ? endpointEvidence(ep, 'subsets[].notReadyAddresses[]', ep.address)
          : endpointEvidence(ep, `endpoints[${ep.address}].conditions`, conditionText(ep)),
      ),
    commands: commandList(
      c.cmd.slices,
      notReady.some((ep) => ep.origin === 'legacy-endpoints' || ep.origin === 'mirrored')
        ? c.cmd.endpoints
        : undefined,
    ),
  });
}

function conditionText(ep: EndpointNode): string {
  return `ready=${ep.ready}, serving=${ep.serving}, terminating=${ep.terminating}`;
}
