/**
 * What a drawn node carries of its topology object, and the node as it crosses to the page.
 *
 * The view model puts the topology's own objects on its nodes (a ServiceNode is a DrawnService),
 * which the pipeline's memo and diff compare by identity and value. The page reads of them only
 * what a label, an accessible name and a look need (lib/graph/describe.ts, the renderers): the
 * types below are those reads, so the compiler keeps the page to them. `drawnNode` cuts a node
 * down to them as it crosses to the page (lib/worker/update-wire.ts): a Service's labels,
 * selector and ports, a pod's labels and owner, an endpoint's slice names were about a quarter of
 * the first picture's bytes at 51k nodes, and every object the page decodes is paid for on its
 * main thread.
 *
 * Contract: `drawnNode(node)` is `node` itself when it carries no Service, endpoint or pod;
 * otherwise a new object whose `service`, `endpoint` and `pod` are new objects holding exactly
 * the fields listed here (absent ones stay absent), sharing their values with the original.
 * Pure.
 */
import type { EndpointNode, PodNode, ServiceNode } from '../topology/model';
import type { DrawNode } from './draw-types';

const SERVICE_FIELDS = [
  'id',
  'namespace',
  'name',
  'serviceType',
  'headless',
  'selectorless',
  'externalName',
  'readyCount',
  'endpointCount',
  'endpointsNotJudged',
  'health',
] as const satisfies readonly (keyof ServiceNode)[];

const ENDPOINT_FIELDS = [
  'namespace',
  'address',
  'addressType',
  'ports',
  'condition',
  'origin',
  'targetId',
  'targetHidden',
  'targetRef',
] as const satisfies readonly (keyof EndpointNode)[];

const POD_FIELDS = [
  'namespace',
  'name',
  'ip',
  'nodeName',
  'phase',
  'ready',
  'terminating',
] as const satisfies readonly (keyof PodNode)[];

export type DrawnService = Pick<ServiceNode, (typeof SERVICE_FIELDS)[number]>;
export type DrawnEndpoint = Pick<EndpointNode, (typeof ENDPOINT_FIELDS)[number]>;
export type DrawnPod = Pick<PodNode, (typeof POD_FIELDS)[number]>;

function pick<T extends object, K extends keyof T>(from: T, fields: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const field of fields) if (from[field] !== undefined) out[field] = from[field];
  return out;
}

export function drawnNode(node: DrawNode): DrawNode {
  const { service, endpoint, pod } = node;
  if (!service && !endpoint && !pod) return node;
  const out = { ...node };
  if (service) out.service = pick(service, SERVICE_FIELDS);
  if (endpoint) out.endpoint = pick(endpoint, ENDPOINT_FIELDS);
  if (pod) out.pod = pick(pod, POD_FIELDS);
  return out;
}
