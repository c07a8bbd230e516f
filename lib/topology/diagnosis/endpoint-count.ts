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
 *
 * "No endpoints" is claimed only where the endpoints can be judged (not-judged.ts): with the
 * Service's EndpointSlices not visible to the viewer or not read yet, seeing none proves nothing,
 * and `not-judged` says so instead. Endpoints that are seen speak for themselves (a v1 Endpoints
 * the viewer may read, when they may not read the slices).
 *
 * `endpoints-without-port`: ready endpoints that carry no port (routing.ts `hasNoPort`, the rule
 * the map draws as "no port, not serving") — an error when no ready endpoint with a port is left,
 * else a warning. Read from the endpoints alone, so it holds whether or not the pods can be
 * seen; target-ports.ts (a targetPort the pods do not declare) or port-names.ts (hand-made
 * endpoints) say why, when they can, as its cause.
 */
import { commandList } from '../shell-quote';
import type { EndpointNode } from '../model';
import { hasNoPort } from '../routing';
import { isSelectorless } from '../selector';
import { MAX_EVIDENCE, endpointEvidence, plural, svcEvidence, type ServiceCheck } from './check';
import { endpointsNotJudged, reportNotJudged } from './not-judged';
import type { Evidence } from './types';

export function checkEndpointCounts(c: ServiceCheck): void {
  const readyCount = c.readyCount;
  const eps = c.routing.endpoints;
  const selectorless = isSelectorless(c.svc.selector);
  const unjudged = eps.length === 0 ? endpointsNotJudged(c) : undefined;
  if (unjudged) {
    reportNotJudged(c, unjudged);
  } else if (eps.length === 0) {
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
  if (c.readyWithoutPort > 0) checkWithoutPort(c);
}

/** Ready endpoints with no port: they are counted ready, and nothing reaches them. */
function checkWithoutPort(c: ServiceCheck): void {
  const ports = c.svc.ports.length;
  const portless = c.routing.endpoints.filter((ep) => ep.ready && hasNoPort(ep, ports));
  const left = c.readyCount - portless.length;
  const shown = portless.slice(0, 3).map((ep) => ep.address);
  const more = portless.length > shown.length ? ` and ${portless.length - shown.length} more` : '';
  const legacy = c.routing.usesLegacy;
  const where = legacy
    ? 'its Endpoints lists no port for them'
    : 'their EndpointSlice has ports: []';
  const byController = portless.every((ep) => ep.origin === 'controller');
  // One piece of evidence per object that lists them, not per endpoint.
  const sources = new Map<string, EndpointNode>();
  for (const ep of portless) {
    const source = ep.sources[0] ?? '';
    if (!sources.has(source)) sources.set(source, ep);
  }
  c.reasons.push({
    code: 'endpoints-without-port',
    severity: left === 0 ? 'error' : 'warning',
    summary:
      left === 0
        ? `${c.readyCount === 1 ? 'Its ready endpoint carries' : `All ${c.readyCount} ready endpoints carry`} no port (${where}): kube-proxy sends nothing to an endpoint without a port, so the Service routes nowhere.`
        : `${portless.length} of ${plural(c.readyCount, 'ready endpoint')} carry no port (${shown.join(', ')}${more}): traffic goes only to the ${plural(left, 'endpoint')} with a port.`,
    detail: byController
      ? 'The EndpointSlice controller lists a pod even when no port of the Service resolves against it (a named targetPort the pod does not declare), and writes it with no ports.'
      : 'Whoever wrote these endpoints gave them no port; kube-proxy pairs each Service port with an endpoint port.',
    evidence: [...sources.values()]
      .slice(0, MAX_EVIDENCE)
      .map((ep) => endpointEvidence(ep, legacy ? 'subsets[*].ports' : 'ports', '[]')),
    commands: commandList(legacy ? c.cmd.endpoints : c.cmd.slices),
  });
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
