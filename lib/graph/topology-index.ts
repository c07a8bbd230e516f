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
 * every endpoint and edge; and it says which pods and external targets are not the objects the
 * previous index held (`changed`), so the block memo need not compare every Service's targets.
 * The memo's last index is spent by the next call: read it before. Pure otherwise.
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
  /**
   * With a memo: the pods and external targets whose object is not the one the memo's previous
   * index held under that id (added, replaced or gone). Null when that is not known: no memo, the
   * memo's first index, an index after one made without fragments, or pods not in the same order.
   */
  changed: ReadonlySet<string> | null;
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
  externals: Map<string, ExternalNode> | null;
  /** Per fragment edge list (kept while the Service is unchanged): what its edges say. */
  facts: WeakMap<readonly TopologyEdge[], EdgeFacts>;
}

export function createIndexMemo(): IndexMemo {
  return { pods: null, podTable: null, externals: null, facts: new WeakMap() };
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

/**
 * The pod table: the memo's, when the pods are the same objects in the same order but a few,
 * with the ids of those few (null when the table is made anew).
 */
function podTableOf(
  pods: readonly PodNode[],
  memo: IndexMemo,
): { table: Map<string, PodNode>; changed: Set<string> | null } {
  const last = memo.pods;
  let table = memo.podTable;
  let changed: Set<string> | null = new Set();
  if (table && last && last.length === pods.length) {
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[i]!;
      if (pod === last[i]) continue;
      if (pod.id !== last[i]!.id) {
        table = null;
        break;
      }
      table.set(pod.id, pod);
      changed.add(pod.id);
    }
  } else table = null;
  if (!table) {
    table = new Map();
    for (const pod of pods) table.set(pod.id, pod);
    changed = null;
  }
  memo.pods = pods;
  memo.podTable = table;
  return { table, changed };
}

function externalsOf(topology: Topology): Map<string, ExternalNode> {
  const externals = new Map<string, ExternalNode>();
  for (const ext of topology.externals) externals.set(ext.id, ext);
  return externals;
}

/** An index over these pods and external targets, with nothing else yet. */
function startIndex(
  pods: Map<string, PodNode>,
  externals: Map<string, ExternalNode>,
  changed: Set<string> | null,
): TopologyIndex {
  return {
    pods,
    externals,
    endpointsByService: new Map(),
    overlayByService: new Map(),
    externalNameTarget: new Map(),
    strayEndpoints: new Set(),
    changed,
  };
}

function indexByFragments(
  topology: Topology,
  fragments: NonNullable<ReturnType<typeof topologyFragments>>,
  memo: IndexMemo,
): TopologyIndex {
  const pods = podTableOf(topology.pods, memo);
  const externals = externalsOf(topology);
  let changed = pods.changed;
  const last = memo.externals;
  memo.externals = externals;
  if (changed && last) {
    for (const [id, ext] of externals) if (last.get(id) !== ext) changed.add(id);
    for (const id of last.keys()) if (!externals.has(id)) changed.add(id);
  } else changed = null;
  const index = startIndex(pods.table, externals, changed);
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
  // The next index with this memo cannot say what changed since this one.
  if (memo) memo.pods = memo.podTable = memo.externals = null;
  const pods = new Map<string, PodNode>();
  for (const pod of topology.pods) pods.set(pod.id, pod);
  const index = startIndex(pods, externalsOf(topology), null);
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
