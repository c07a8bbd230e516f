/**
 * Lookups over a Topology that building the drawn graph needs: pods and external targets by id,
 * endpoints and overlay pods per Service, the DNS target of ExternalName Services, the endpoints
 * whose pod the selector does not match.
 *
 * Contract: `indexTopology(topology, memo?)` gives the same lookups with or without `memo`. With
 * one (kept across builds by the drawing's block memo), a topology assembled from per-Service
 * fragments (lib/topology/build.ts) is indexed per Service: each Service's endpoint list is its
 * fragment's own array, its edges are read once per fragment, and the pod table of the last
 * index is kept when the pods are the same objects in the same order (updated in place where
 * one changed). Per batch that is O(Services + pods compared by identity), not a regrouping of
 * every endpoint and edge. The memo's last index is spent by the next call: read it before.
 * Pure otherwise.
 */
import type {
  EndpointNode,
  ExternalNode,
  PodNode,
  Topology,
  TopologyEdge,
} from '../topology/model';
import { topologyFragments } from '../topology/build';

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

/** What one Service's edges say for the index. */
interface EdgeFacts {
  overlay: string[];
  externalName: string | undefined;
  stray: string[];
}

export interface IndexMemo {
  pods: readonly PodNode[] | null;
  podTable: Map<string, PodNode> | null;
  /** Per fragment edge list (kept while the Service is unchanged): what its edges say. */
  facts: WeakMap<readonly TopologyEdge[], EdgeFacts>;
}

export function createIndexMemo(): IndexMemo {
  return { pods: null, podTable: null, facts: new WeakMap() };
}

function edgeFacts(edges: readonly TopologyEdge[]): EdgeFacts {
  const facts: EdgeFacts = { overlay: [], externalName: undefined, stray: [] };
  for (const edge of edges) {
    if (edge.kind === 'selected-not-endpoint') facts.overlay.push(edge.target);
    else if (edge.kind === 'external-name') facts.externalName = edge.target;
    else if (edge.kind === 'endpoint-not-selected') facts.stray.push(edge.source);
  }
  return facts;
}

/** The pod table: the memo's, when the pods are the same objects in the same order but a few. */
function podTableOf(pods: readonly PodNode[], memo: IndexMemo): Map<string, PodNode> {
  const last = memo.pods;
  let table = memo.podTable;
  if (table && last && last.length === pods.length) {
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[i]!;
      if (pod === last[i]) continue;
      if (pod.id !== last[i]!.id) {
        table = null;
        break;
      }
      table.set(pod.id, pod);
    }
  } else table = null;
  if (!table) {
    table = new Map();
    for (const pod of pods) table.set(pod.id, pod);
  }
  memo.pods = pods;
  memo.podTable = table;
  return table;
}

/** An index over these pods, with the topology's external targets and nothing else yet. */
function startIndex(pods: Map<string, PodNode>, topology: Topology): TopologyIndex {
  const externals = new Map<string, ExternalNode>();
  for (const ext of topology.externals) externals.set(ext.id, ext);
  return {
    pods,
    externals,
    endpointsByService: new Map(),
    overlayByService: new Map(),
    externalNameTarget: new Map(),
    strayEndpoints: new Set(),
  };
}

function indexByFragments(
  topology: Topology,
  fragments: NonNullable<ReturnType<typeof topologyFragments>>,
  memo: IndexMemo,
): TopologyIndex {
  const index = startIndex(podTableOf(topology.pods, memo), topology);
  for (const fragment of fragments) {
    const id = fragment.node.id;
    if (fragment.endpoints.length > 0) index.endpointsByService.set(id, fragment.endpoints);
    let facts = memo.facts.get(fragment.edges);
    if (!facts) memo.facts.set(fragment.edges, (facts = edgeFacts(fragment.edges)));
    for (const target of facts.overlay) {
      const pod = index.pods.get(target);
      if (pod) push(index.overlayByService, id, pod);
    }
    if (facts.externalName !== undefined) index.externalNameTarget.set(id, facts.externalName);
    for (const source of facts.stray) index.strayEndpoints.add(source);
  }
  return index;
}

export function indexTopology(topology: Topology, memo?: IndexMemo): TopologyIndex {
  const fragments = memo && topologyFragments(topology);
  if (fragments) return indexByFragments(topology, fragments, memo!);
  const pods = new Map<string, PodNode>();
  for (const pod of topology.pods) pods.set(pod.id, pod);
  const index = startIndex(pods, topology);
  for (const ep of topology.endpoints) push(index.endpointsByService, ep.serviceId, ep);
  for (const edge of topology.edges) {
    if (edge.kind === 'selected-not-endpoint') {
      const pod = pods.get(edge.target);
      if (pod) push(index.overlayByService, edge.source, pod);
    } else if (edge.kind === 'external-name') {
      index.externalNameTarget.set(edge.source, edge.target);
    } else if (edge.kind === 'endpoint-not-selected') {
      index.strayEndpoints.add(edge.source);
    }
  }
  return index;
}
