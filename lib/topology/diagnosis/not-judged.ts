/**
 * `not-judged` (info): whether the Service routes cannot be told from the snapshot, because what
 * would hold its endpoints cannot be judged (lib/topology/judgeable.ts) — its EndpointSlices, or,
 * for a Service with no slice, its v1 Endpoints (routing.ts reads those only then) — not visible
 * to the viewer, or not read by the dashboard yet. Seeing no endpoint there proves nothing, so
 * nothing is claimed about them: not "no endpoints", not "healthy". The health is `unknown`
 * unless another check proves a fault (rank.ts).
 *
 * Contract: `endpointsNotJudged` asks the one test of "can the endpoints be judged"
 * (judgeable.ts, which the map's endpoint counts read too) for the other checks (endpoint-count.ts
 * before claiming there are none); `reportNotJudged` says why, with
 * a command the viewer may run: `kubectl auth can-i` for what they may not list (anyone may ask),
 * the listing itself for what the dashboard has not read yet.
 */
import { endpointsNotJudged as judgedFrom, type EndpointsNotJudged } from '../judgeable';
import { commandList, kubectl } from '../shell-quote';
import type { ServiceCheck } from './check';

export type { EndpointsNotJudged };

/** Why the Service's endpoints cannot be judged, or undefined when they can (judgeable.ts). */
export function endpointsNotJudged(c: ServiceCheck): EndpointsNotJudged | undefined {
  return judgedFrom(c.index.snapshot, c.ns, {
    slices: c.routing.slices.length,
    endpoints: c.routing.endpoints.length,
  });
}

const RESOURCE = { EndpointSlice: 'endpointslices', Endpoints: 'endpoints' } as const;
const PLURAL = { EndpointSlice: 'EndpointSlices', Endpoints: 'Endpoints' } as const;

export function reportNotJudged(c: ServiceCheck, what: EndpointsNotJudged): void {
  const { kind, why } = what;
  const objects = PLURAL[kind];
  const where =
    kind === 'EndpointSlice'
      ? `its endpoints are in ${objects}`
      : `with no EndpointSlice, its endpoints would be in its v1 ${objects}`;
  const summary =
    why === 'not-visible'
      ? `Whether it routes is not judged: ${where}, which you may not list in namespace ${c.ns}.`
      : `Whether it routes is not judged yet: ${where}, which the dashboard has not read yet.`;
  const canI = kubectl('auth', 'can-i', 'list', RESOURCE[kind], '-n', c.ns);
  const listing = kind === 'EndpointSlice' ? c.cmd.slices : c.cmd.endpoints;
  c.reasons.push({
    code: 'not-judged',
    severity: 'info',
    summary,
    detail:
      why === 'not-visible'
        ? `What you may not see is not missing: nothing is concluded from ${objects} you cannot list.`
        : `Nothing is concluded from ${objects} until the dashboard has listed them (it is reading the cluster, or may not list them itself).`,
    evidence: [
      {
        kind,
        namespace: c.ns,
        name: kind === 'EndpointSlice' ? `(labelled kubernetes.io/service-name=${c.name})` : c.name,
        field: 'list',
        value: why === 'not-visible' ? 'not visible to you' : 'not read yet',
      },
    ],
    commands: commandList(why === 'not-read' && listing ? listing : canI),
  });
}
