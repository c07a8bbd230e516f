/**
 * Lookups over a Topology that building the drawn graph needs: pods and external targets by id,
 * endpoints and overlay pods per Service, the DNS target of ExternalName Services, the endpoints
 * whose pod the selector does not match. Pure.
 */
import type { EndpointNode, ExternalNode, PodNode, Topology } from '../topology/model';

export interface TopologyIndex {
  pods: Map<string, PodNode>;
  externals: Map<string, ExternalNode>;
  endpointsByService: Map<string, EndpointNode[]>;
  /** Pods the selector matches that are not endpoints. */
  overlayByService: Map<string, PodNode[]>;
  externalNameTarget: Map<string, string>;
  /** Endpoints whose pod the Service's selector does not match (`endpoint-not-selected`). */
  strayEndpoints: Set<string>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexTopology(topology: Topology): TopologyIndex {
  const pods = new Map<string, PodNode>();
  for (const pod of topology.pods) pods.set(pod.id, pod);
  const externals = new Map<string, ExternalNode>();
  for (const ext of topology.externals) externals.set(ext.id, ext);
  const endpointsByService = new Map<string, EndpointNode[]>();
  for (const ep of topology.endpoints) push(endpointsByService, ep.serviceId, ep);
  const overlayByService = new Map<string, PodNode[]>();
  const externalNameTarget = new Map<string, string>();
  const strayEndpoints = new Set<string>();
  for (const edge of topology.edges) {
    if (edge.kind === 'selected-not-endpoint') {
      const pod = pods.get(edge.target);
      if (pod) push(overlayByService, edge.source, pod);
    } else if (edge.kind === 'external-name') {
      externalNameTarget.set(edge.source, edge.target);
    } else if (edge.kind === 'endpoint-not-selected') {
      strayEndpoints.add(edge.source);
    }
  }
  return {
    pods,
    externals,
    endpointsByService,
    overlayByService,
    externalNameTarget,
    strayEndpoints,
  };
}
