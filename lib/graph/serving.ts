/**
 * Whether an endpoint actually serves, as every view draws and lists it: the graph's nodes and
 * edges, the outline, the Service panel's endpoint rows. One decision, read by all of them, so
 * health signals never contradict each other (a "ready" endpoint that carries no port is not
 * drawn green under a broken Service).
 *
 * Contract: an endpoint of a Service that declares ports, whose own ports carry no port number
 * at all, serves nothing, whatever its conditions say (lib/topology/routing.ts `hasNoPort`, the
 * rule the diagnosis reads too: `endpoints-without-port`). Its drawn condition is `no-port`.
 * Otherwise the drawn condition is the endpoint's own (lib/topology/routing.ts). Pure.
 */
import type { EndpointCondition, EndpointNode, ServiceNode } from '../topology/model';
import { hasNoPort } from '../topology/routing';

export type DrawCondition = EndpointCondition | 'no-port';

export function endpointHasNoPort(
  endpoint: Pick<EndpointNode, 'ports'>,
  service: Pick<ServiceNode, 'ports' | 'serviceType'> | undefined,
): boolean {
  if (!service || service.serviceType === 'ExternalName') return false;
  return hasNoPort(endpoint, service.ports.length);
}

/** The condition every view shows for `endpoint` of `service`. */
export function drawCondition(
  endpoint: Pick<EndpointNode, 'ports' | 'condition'>,
  service: Pick<ServiceNode, 'ports' | 'serviceType'> | undefined,
): DrawCondition {
  return endpointHasNoPort(endpoint, service) ? 'no-port' : endpoint.condition;
}

/** How many of `endpoints` route traffic: ready and with a port. */
export function servingCount(
  endpoints: readonly Pick<EndpointNode, 'ports' | 'condition'>[],
  service: Pick<ServiceNode, 'ports' | 'serviceType'>,
): number {
  let n = 0;
  for (const ep of endpoints) if (drawCondition(ep, service) === 'ready') n++;
  return n;
}
