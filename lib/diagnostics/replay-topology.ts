/**
 * Replay on the map: the topology with one Service's endpoints as they were at a chosen time
 * (from the server's history, `EndpointsAt`), so the graph and the outline draw the past state
 * of that Service while the rest of the map stays live.
 *
 * Contract: pure and isomorphic; returns the input unchanged when the Service is not in it.
 * Only that Service's endpoint nodes and their edges are replaced; other Services, pods and
 * externals are untouched (a pod that no longer exists is not invented: its endpoint is drawn
 * without a target). Endpoint ids keep the model's scheme (`ep:<service uid>:<address>`), so
 * an endpoint that still exists keeps its place. A replayed Service has no diagnosis of its
 * own — only its endpoints are known then — so its health is read from them: none ready is
 * broken, some not ready a warning; "no data" is unknown, drawn with no endpoints at all.
 */
import type { EndpointSnapshot, EndpointsAt } from '../api/diagnostics';
import type {
  EndpointNode,
  HealthState,
  ServiceNode,
  Topology,
  TopologyEdge,
} from '../topology/model';

export interface ReplayOverride {
  /** `<namespace>/<name>` of the replayed Service. */
  service: string;
  /** The replayed moment (RFC 3339). */
  at: string;
  state: EndpointsAt;
}

function replayHealth(state: EndpointsAt): HealthState {
  if (state.noData) return 'unknown';
  const ready = state.endpoints.filter((e) => e.state === 'ready').length;
  if (ready === 0) return 'broken';
  return ready < state.endpoints.length ? 'warning' : 'healthy';
}

function endpointNode(
  service: ServiceNode,
  snapshot: EndpointSnapshot,
  targetId: string | undefined,
): EndpointNode {
  const { state } = snapshot;
  return {
    type: 'endpoint',
    id: `ep:${service.uid}:${snapshot.address}`,
    serviceId: service.id,
    namespace: service.namespace,
    address: snapshot.address,
    addressType: snapshot.address.includes(':') ? 'IPv6' : 'IPv4',
    ports: [],
    condition: state,
    ready: state === 'ready',
    serving: state === 'ready' || state === 'serving',
    terminating: state === 'terminating',
    ...(snapshot.nodeName ? { nodeName: snapshot.nodeName } : {}),
    origin: 'controller',
    sources: [],
    ...(targetId ? { targetId } : {}),
    ...(snapshot.pod
      ? { targetRef: { kind: 'Pod', namespace: service.namespace, name: snapshot.pod } }
      : {}),
  };
}

export function replayTopology(topology: Topology, replay: ReplayOverride): Topology {
  const slash = replay.service.indexOf('/');
  const namespace = replay.service.slice(0, slash);
  const name = replay.service.slice(slash + 1);
  const service = topology.services.find((s) => s.namespace === namespace && s.name === name);
  if (!service) return topology;
  const podIds = new Map<string, string>();
  for (const pod of topology.pods) if (pod.namespace === namespace) podIds.set(pod.name, pod.id);

  const replaced = new Set<string>();
  const kept: EndpointNode[] = [];
  for (const e of topology.endpoints) {
    if (e.serviceId === service.id) replaced.add(e.id);
    else kept.push(e);
  }
  const edges: TopologyEdge[] = topology.edges.filter(
    (e) => e.source !== service.id && !replaced.has(e.source),
  );
  const shown = replay.state.noData ? [] : replay.state.endpoints;
  const added: EndpointNode[] = [];
  for (const snapshot of shown) {
    const targetId = snapshot.pod ? podIds.get(snapshot.pod) : undefined;
    const node = endpointNode(service, snapshot, targetId);
    added.push(node);
    const condition = node.condition;
    edges.push({
      id: `${service.id}->${node.id}`,
      source: service.id,
      target: node.id,
      kind: 'routes',
      condition,
    });
    if (targetId)
      edges.push({
        id: `${node.id}->${targetId}`,
        source: node.id,
        target: targetId,
        kind: 'targets',
        condition,
      });
  }
  // Endpoints stay in Service order, as the model lists them.
  const order = new Map(topology.services.map((s, i) => [s.id, i]));
  const own = order.get(service.id) ?? 0;
  let at = kept.findIndex((e) => (order.get(e.serviceId) ?? 0) > own);
  if (at < 0) at = kept.length;
  const endpoints = [...kept.slice(0, at), ...added, ...kept.slice(at)];
  const replayed: ServiceNode = {
    ...service,
    endpointCount: shown.length,
    readyCount: shown.filter((e) => e.state === 'ready').length,
    health: replayHealth(replay.state),
  };
  return {
    ...topology,
    services: topology.services.map((s) => (s === service ? replayed : s)),
    endpoints,
    edges,
  };
}
