/**
 * buildGraphModel: the cluster cache → the graph the map draws (model.ts), without health. Each
 * Service's health is the diagnosis's verdict; lib/topology/index.ts runs the diagnosis
 * (diagnosis/) over the built graph and paints it in. Nothing here diagnoses.
 *
 * Contract (model.ts): pure and deterministic — the same snapshot in any array order gives the
 * same Topology, sorted by namespace/name (endpoints by address), with ids stable across updates:
 * `svc:<uid>`, `ep:<svcUid>:<address>`, `pod:<uid>`, `ext:<address>`, `dns:<externalName>`, edges
 * `<source>-><target>`. Isomorphic (browser and server).
 *
 * Draw what routes, overlay what the selector says:
 * - `routes` Service → endpoint and `targets` endpoint → Pod / external address come from the
 *   EndpointSlices (or legacy Endpoints), see routing.ts for the merge rules.
 * - `selected-not-endpoint` Service → Pod: a non-terminal pod of the Service's namespace that the
 *   selector matches but that is not one of its endpoints (not ready, no IP, missing named port…).
 * - `endpoint-not-selected` endpoint → Pod *replaces* the `targets` edge (same source and target,
 *   so one edge id) when the endpoint's Pod is not (or no longer) matched by the Service selector,
 *   or lives in another namespace. Only for Services with a selector.
 * - ExternalName Services get one `external-name` edge to `dns:<externalName>`.
 * - Pods appear only when some Service targets or selects them; a pod behind two Services is one
 *   PodNode with two incoming paths. External addresses are shared the same way.
 *
 * Cost: O(size of the snapshot) plus sorting; selector matching goes through per-namespace label
 * postings (snapshot-index.ts), never a scan of all pods per Service.
 */
import type {
  EndpointNode,
  ExternalNode,
  PodNode,
  ServiceNode,
  Topology,
  TopologyEdge,
} from './model';
import type { ClusterSnapshot, PodRecord, ServiceRecord } from './records';
import { compareAddresses } from './ip';
import { endpointsNotJudged } from './judgeable';
import { isTerminalPod, podId, resolveServiceRouting, serviceId } from './routing';
import { isSelectorless, selectorMatches } from './selector';
import { indexSnapshot, type SnapshotIndex } from './snapshot-index';

export interface BuildGraphOptions {
  /** Reuse an index already built for this very snapshot. */
  index?: SnapshotIndex;
}

/**
 * Each pod record's node, made once: a record is immutable (a new resourceVersion is a new
 * object), so its node is too, and the maintained model's next topology hands the drawing the same
 * PodNode for a pod that did not change — which the drawing diff then settles by identity instead
 * of walking ~25k pods' labels per batch at 51k drawn nodes. Nothing mutates a PodNode.
 */
const podNodes = new WeakMap<PodRecord, PodNode>();

function toPodNode(pod: PodRecord): PodNode {
  let node = podNodes.get(pod);
  if (!node) podNodes.set(pod, (node = newPodNode(pod)));
  return node;
}

function newPodNode(pod: PodRecord): PodNode {
  const node: PodNode = {
    type: 'pod',
    id: podId(pod),
    uid: pod.meta.uid,
    namespace: pod.meta.namespace,
    name: pod.meta.name,
    phase: pod.phase,
    ready: pod.ready,
    terminating: pod.meta.deletionTimestamp !== undefined,
    labels: pod.meta.labels ?? {},
  };
  const ip = pod.podIP ?? pod.podIPs?.[0];
  if (ip) node.ip = ip;
  if (pod.nodeName) node.nodeName = pod.nodeName;
  if (pod.owner) node.owner = { kind: pod.owner.kind, name: pod.owner.name };
  return node;
}

function toServiceNode(svc: ServiceRecord): ServiceNode {
  const selectorless = isSelectorless(svc.selector);
  const node: ServiceNode = {
    type: 'service',
    id: serviceId(svc),
    uid: svc.meta.uid,
    namespace: svc.meta.namespace,
    name: svc.meta.name,
    serviceType: svc.type,
    headless: svc.clusterIP === 'None',
    selectorless,
    ports: svc.ports,
    labels: svc.meta.labels ?? {},
    endpointCount: 0,
    readyCount: 0,
    health: 'unknown',
  };
  if (svc.clusterIP) node.clusterIP = svc.clusterIP;
  if (svc.externalName) node.externalName = svc.externalName;
  if (!selectorless) node.selector = svc.selector;
  return node;
}

/** One Service's share of the graph: its node, endpoints and edges, the pods and externals it draws. */
export interface ServiceFragment {
  node: ServiceNode;
  endpoints: EndpointNode[];
  edges: TopologyEdge[];
  pods: PodRecord[];
  externals: ExternalNode[];
}

/**
 * The part of the graph one Service draws, from the index alone: what buildGraphModel assembles
 * for every Service, and what the maintained model (live-model.ts) recomputes for one Service.
 */
export function serviceFragment(index: SnapshotIndex, svc: ServiceRecord): ServiceFragment {
  const node = toServiceNode(svc);
  const endpoints: EndpointNode[] = [];
  const edges: TopologyEdge[] = [];
  // Sets of records (identity hashing) rather than maps keyed by uid strings.
  const pods = new Set<PodRecord>();
  const externals = new Map<string, ExternalNode>();
  const fragment = {
    node,
    endpoints,
    edges,
    pods: [] as PodRecord[],
    externals: [] as ExternalNode[],
  };

  if (svc.type === 'ExternalName') {
    if (svc.externalName) {
      const id = 'dns:' + svc.externalName;
      externals.set(id, { type: 'external', id, address: svc.externalName, kind: 'external-name' });
      edges.push({ id: node.id + '->' + id, source: node.id, target: id, kind: 'external-name' });
    }
  } else {
    const routing = resolveServiceRouting(index, svc);
    const routePrefix = node.id + '->';
    const hasSelector = !node.selectorless;
    let ready = 0;
    for (let i = 0; i < routing.endpoints.length; i++) {
      const ep = routing.endpoints[i]!;
      const pod = routing.targetPods[i];
      endpoints.push(ep);
      if (ep.ready) ready++;
      edges.push({
        id: routePrefix + ep.id,
        source: node.id,
        target: ep.id,
        kind: 'routes',
        condition: ep.condition,
      });
      if (ep.targetHidden) continue;
      const targetId = ep.targetId!;
      let kind: TopologyEdge['kind'] = 'targets';
      if (pod) {
        pods.add(pod);
        if (
          hasSelector &&
          (pod.meta.namespace !== svc.meta.namespace ||
            !selectorMatches(svc.selector, pod.meta.labels))
        ) {
          kind = 'endpoint-not-selected';
        }
      } else if (!externals.has(targetId)) {
        externals.set(targetId, {
          type: 'external',
          id: targetId,
          address: ep.address,
          kind: ep.addressType === 'FQDN' ? 'fqdn' : 'ip',
        });
      }
      edges.push({
        id: ep.id + '->' + targetId,
        source: ep.id,
        target: targetId,
        kind,
        condition: ep.condition,
      });
    }
    node.endpointCount = routing.endpoints.length;
    node.readyCount = ready;
    const unjudged = endpointsNotJudged(index.snapshot, svc.meta.namespace, {
      slices: routing.slices.length,
      endpoints: routing.endpoints.length,
    });
    if (unjudged) node.endpointsNotJudged = unjudged.why;

    if (hasSelector) {
      // Pods targeted so far are exactly this Service's: the set is fresh per fragment.
      for (const pod of index.selectedPods(svc)) {
        if (isTerminalPod(pod) || pods.has(pod)) continue;
        pods.add(pod);
        const target = podId(pod);
        edges.push({
          id: node.id + '->' + target,
          source: node.id,
          target,
          kind: 'selected-not-endpoint',
        });
      }
    }
  }
  fragment.pods = [...pods];
  fragment.externals = [...externals.values()];
  return fragment;
}

/**
 * The Topology of `fragments` (one per `index.services`, in that order): Services, endpoints and
 * edges in Service order, each pod and external once (the first Service to draw an external
 * address names its kind), pods in namespace/name order, externals by kind then address.
 */
/**
 * The per-Service fragments a topology was assembled from, in its Services' order: what an index
 * over it can take per Service instead of regrouping every endpoint and edge (the map's drawing,
 * lib/graph/topology-index.ts). Undefined for a topology made otherwise (a replay's, a parsed one).
 */
const fragmentsOf = new WeakMap<Topology, readonly ServiceFragment[]>();

export function topologyFragments(topology: Topology): readonly ServiceFragment[] | undefined {
  return fragmentsOf.get(topology);
}

/** Lists joined in order. Native `concat` copies several times faster than a push per item. */
function joined<T>(lists: readonly (readonly T[])[]): T[] {
  let out: T[] = [];
  // A bounded number of arguments per call: a cluster may have tens of thousands of Services.
  for (let i = 0; i < lists.length; i += 8192) out = out.concat(...lists.slice(i, i + 8192));
  return out;
}

/** Where each drawn pod sits in a topology's `pods`, by uid: made when a later assembly asks. */
const podPlaces = new WeakMap<readonly PodNode[], Map<string, number>>();

function podPlacesOf(pods: readonly PodNode[]): Map<string, number> {
  let places = podPlaces.get(pods);
  if (!places) {
    places = new Map();
    for (let i = 0; i < pods.length; i++) places.set(pods[i]!.uid, i);
    podPlaces.set(pods, places);
  }
  return places;
}

/**
 * The drawn pods of `fragments` made from `previous`'s (an assembly of the same index before its
 * last edits), when the fragments reach the same pods as its fragments did: the same records, or
 * new records of the same pods (a readiness flip), which replace theirs in place. Null when the
 * set of pods may differ: a fragment reaching other pods, or gone while it reached some. The
 * maintained model makes a Service's fragment again whenever a pod it reached changed, so a pod's
 * new record is in the fragments whenever the index holds it.
 */
function keptPods(
  index: SnapshotIndex,
  fragments: readonly ServiceFragment[],
  previous: Topology,
): PodNode[] | null {
  const before = fragmentsOf.get(previous);
  if (!before) return null;
  const old = new Map<string, ServiceFragment>();
  for (const f of before) old.set(f.node.id, f);
  const replaced: PodRecord[] = [];
  let kept = 0;
  for (const f of fragments) {
    const was = old.get(f.node.id);
    if (was) kept++;
    if (was?.pods === f.pods) continue;
    const wasPods = was?.pods ?? [];
    if (wasPods.length !== f.pods.length) return null;
    for (let i = 0; i < f.pods.length; i++) {
      const pod = f.pods[i]!;
      if (pod === wasPods[i]) continue;
      if (pod.meta.uid !== wasPods[i]!.meta.uid || index.podsByUid.get(pod.meta.uid) !== pod)
        return null;
      replaced.push(pod);
    }
  }
  if (kept !== before.length) {
    const now = new Set(fragments.map((f) => f.node.id));
    for (const f of before) if (!now.has(f.node.id) && f.pods.length > 0) return null;
  }
  if (replaced.length === 0) return previous.pods;
  const places = podPlacesOf(previous.pods);
  const pods = previous.pods.slice();
  for (const pod of replaced) {
    const at = places.get(pod.meta.uid);
    if (at === undefined) return null;
    pods[at] = toPodNode(pod);
  }
  podPlaces.set(pods, places);
  return pods;
}

/** The drawn pods of `fragments`, in namespace/name order. */
function podsOf(index: SnapshotIndex, fragments: readonly ServiceFragment[]): PodNode[] {
  const reached = new Set<PodRecord>();
  for (const f of fragments) for (const pod of f.pods) reached.add(pod);
  // The index keeps each namespace's pods in name order: walking it in namespace order yields the
  // drawn pods already sorted, without sorting 150,000 of them again.
  const pods: PodNode[] = [];
  if (reached.size > 0) {
    for (const ns of [...index.podsByNamespace.keys()].sort()) {
      for (const pod of index.podsByNamespace.get(ns)!)
        if (reached.has(pod)) pods.push(toPodNode(pod));
    }
  }
  return pods;
}

/**
 * `previous`, when given, is a topology assembled before from the same index (the maintained
 * model's last answer): its drawn pods are kept, or patched, where the fragments allow
 * (`keptPods`), instead of walking every pod of the index per batch.
 */
export function assembleTopology(
  index: SnapshotIndex,
  fragments: readonly ServiceFragment[],
  previous?: Topology,
): Topology {
  const services: ServiceNode[] = [];
  const externals = new Map<string, ExternalNode>();
  for (const f of fragments) {
    services.push(f.node);
    for (const ext of f.externals) if (!externals.has(ext.id)) externals.set(ext.id, ext);
  }
  const endpoints = joined(fragments.map((f) => f.endpoints));
  const edges = joined(fragments.map((f) => f.edges));
  const pods = (previous && keptPods(index, fragments, previous)) ?? podsOf(index, fragments);
  const externalNodes = [...externals.values()].sort((a, b) =>
    a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : compareAddresses(a.address, b.address),
  );
  const topology = { services, endpoints, pods, externals: externalNodes, edges };
  fragmentsOf.set(topology, fragments);
  return topology;
}

/**
 * The graph of `snapshot`. Every Service's `health` is 'unknown': health is the diagnosis's
 * verdict (diagnosis/), which lib/topology/index.ts adds after the build.
 */
export function buildGraphModel(
  snapshot: ClusterSnapshot,
  options: BuildGraphOptions = {},
): Topology {
  const index = options.index ?? indexSnapshot(snapshot);
  return assembleTopology(
    index,
    index.services.map((svc) => serviceFragment(index, svc)),
  );
}
