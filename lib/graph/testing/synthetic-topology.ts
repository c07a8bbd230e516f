/**
 * Test support: synthetic topologies for the lib/graph tests, shaped like a busy cluster (many
 * small Services, a few big ones), built directly as lib/topology/model.ts values so the graph
 * code is tested independently of lib/topology/build.ts. Deterministic for a given input.
 */
import type {
  EndpointNode,
  ExternalNode,
  HealthState,
  PodNode,
  ServiceNode,
  Topology,
  TopologyEdge,
} from '../../topology/model';
import type { DrawInputs } from '../drawing';

export interface SyntheticService {
  namespace: string;
  name: string;
  endpoints: number;
  /** How many of the endpoints are not ready. */
  notReady?: number;
  /** Endpoints pointing at external IPs instead of pods. */
  external?: boolean;
  /**
   * External Services: the first endpoint's address. Services that name the same one share its
   * node, drawn in the first of their blocks (an edge from a later block reaches back to it).
   */
  sharedAddress?: string;
}

/** `topology` with each Service's health as `health` names it by Service name; the rest healthy. */
export function withHealth(topology: Topology, health: Record<string, HealthState>): Topology {
  return {
    ...topology,
    services: topology.services.map((s) => ({ ...s, health: health[s.name] ?? 'healthy' })),
  };
}

export function syntheticTopology(specs: readonly SyntheticService[]): Topology {
  const services: ServiceNode[] = [];
  const endpoints: EndpointNode[] = [];
  const pods: PodNode[] = [];
  const externals: ExternalNode[] = [];
  const edges: TopologyEdge[] = [];
  for (const [index, spec] of specs.entries()) {
    const uid = `u-${spec.namespace}-${spec.name}`;
    const id = `svc:${uid}`;
    const notReady = spec.notReady ?? 0;
    services.push({
      type: 'service',
      id,
      uid,
      namespace: spec.namespace,
      name: spec.name,
      serviceType: 'ClusterIP',
      clusterIP: `10.96.${(services.length >> 8) & 255}.${services.length & 255}`,
      headless: false,
      selector: spec.external ? undefined : { app: spec.name },
      selectorless: !!spec.external,
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
      labels: {},
      endpointCount: spec.endpoints,
      readyCount: spec.endpoints - notReady,
      health: spec.endpoints === 0 ? 'broken' : notReady > 0 ? 'warning' : 'healthy',
    });
    for (let i = 0; i < spec.endpoints; i++) {
      // Addresses depend only on (service index, endpoint index): adding to one Service does
      // not renumber the others.
      const address = spec.external
        ? i === 0 && spec.sharedAddress
          ? spec.sharedAddress
          : `192.0.${index & 255}.${i & 255}`
        : `10.${index % 250}.${(i >> 8) & 255}.${i & 255}`;
      const ready = i >= notReady;
      const epId = `ep:${uid}:${address}`;
      let targetId: string;
      if (spec.external) {
        targetId = `ext:${address}`;
        if (!externals.some((e) => e.id === targetId))
          externals.push({ type: 'external', id: targetId, address, kind: 'ip' });
      } else {
        const podUid = `p-${spec.namespace}-${spec.name}-${i}`;
        targetId = `pod:${podUid}`;
        pods.push({
          type: 'pod',
          id: targetId,
          uid: podUid,
          namespace: spec.namespace,
          name: `${spec.name}-${i.toString(36).padStart(5, '0')}`,
          ip: address,
          nodeName: `worker-${i % 3}`,
          phase: 'Running',
          ready,
          terminating: false,
          labels: { app: spec.name },
        });
      }
      endpoints.push({
        type: 'endpoint',
        id: epId,
        serviceId: id,
        namespace: spec.namespace,
        address,
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        condition: ready ? 'ready' : 'not-ready',
        ready,
        serving: ready,
        terminating: false,
        origin: spec.external ? 'manual' : 'controller',
        sources: [`${spec.name}-abcde`],
        targetId,
      });
      edges.push({
        id: `${id}->${epId}`,
        source: id,
        target: epId,
        kind: 'routes',
        condition: ready ? 'ready' : 'not-ready',
      });
      edges.push({ id: `${epId}->${targetId}`, source: epId, target: targetId, kind: 'targets' });
    }
  }
  return { services, endpoints, pods, externals, edges };
}

/** N Services over ⌈N/50⌉ namespaces with 1–3 endpoints each (≈ 5 drawn nodes per Service). */
export function syntheticCluster(serviceCount: number, endpointsEach = 2): SyntheticService[] {
  const out: SyntheticService[] = [];
  for (let i = 0; i < serviceCount; i++) {
    out.push({
      namespace: `ns-${String(Math.floor(i / 50)).padStart(4, '0')}`,
      name: `svc-${String(i).padStart(6, '0')}`,
      endpoints: i % 17 === 0 ? 0 : endpointsEach,
      notReady: i % 23 === 0 ? 1 : 0,
    });
  }
  return out;
}

/**
 * `syntheticTopology`, keeping every node and edge that did not change as the same object from
 * one call to the next, as the maintained model does for the map's pipeline: what the drawing's
 * block memo and row shifts depend on. One per sequence of calls.
 */
export function stableSyntheticTopology(): (specs: readonly SyntheticService[]) => Topology {
  const seen = new Map<string, { json: string; value: unknown }>();
  const intern = <T extends { id: string }>(item: T): T => {
    const json = JSON.stringify(item);
    const held = seen.get(item.id);
    if (held?.json === json) return held.value as T;
    seen.set(item.id, { json, value: item });
    return item;
  };
  return (specs) => {
    const t = syntheticTopology(specs);
    return {
      services: t.services.map(intern),
      endpoints: t.endpoints.map(intern),
      pods: t.pods.map(intern),
      externals: t.externals.map(intern),
      edges: t.edges.map(intern),
    };
  };
}

/** What the map draws of `topology` with nothing filtered and everything drawn. */
export function drawEverything(topology: Topology): DrawInputs {
  return {
    topology,
    namespaces: [],
    query: '',
    problemsOnly: false,
    drawAll: true,
    expanded: new Set(),
    keepServiceId: null,
  };
}

/**
 * One random change to a list of Services, for the seeded sequences that prove the drawing's
 * diffs and the canvas's patches: a Service added (namespace a, b or c; some external, half of
 * those sharing one address with each other), one removed, or one resized with some endpoints
 * not ready. `random` returns [0, 1).
 */
export function changeSpecs(
  specs: readonly SyntheticService[],
  random: () => number,
  step: number,
): SyntheticService[] {
  const pick = (n: number) => Math.floor(random() * n);
  const roll = random();
  if (roll < 0.4 || specs.length === 0) {
    const endpoints = 1 + pick(4);
    return [
      ...specs,
      {
        namespace: ['a', 'b', 'c'][pick(3)]!,
        name: `s${step}-${pick(1000)}`,
        endpoints,
        notReady: pick(endpoints + 1),
        ...(random() < 0.2
          ? { external: true, ...(random() < 0.5 ? { sharedAddress: '203.0.113.9' } : {}) }
          : {}),
      },
    ];
  }
  if (roll < 0.65) {
    const at = pick(specs.length);
    return specs.filter((_, i) => i !== at);
  }
  const at = pick(specs.length);
  const endpoints = 1 + pick(4);
  return specs.map((s, i) => (i === at ? { ...s, endpoints, notReady: pick(endpoints + 1) } : s));
}
