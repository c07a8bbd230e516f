/**
 * The baseline for bench/topology.ts: buildTopology as a first TypeScript implementation would
 * write it — for every Service, scan every EndpointSlice for its label, every Endpoints for its
 * name and every pod for its selector (O(services × (slices + pods))). Pods are looked up by uid
 * through a Map, as nearly everyone does; only the per-Service scans are naive. It builds the same
 * nodes and edges as lib/topology/build.ts (the benchmark checks the ids agree) without health.
 */
import type {
  EndpointNode,
  ExternalNode,
  PodNode,
  ServiceNode,
  Topology,
  TopologyEdge,
} from '../lib/topology/model';
import type { ClusterSnapshot, PodRecord } from '../lib/topology/records';

function matches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

const byKey = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);

export function buildTopologyNaive(snapshot: ClusterSnapshot): Topology {
  const podsByUid = new Map(snapshot.pods.map((p) => [p.meta.uid, p]));
  const services: ServiceNode[] = [];
  const endpoints: EndpointNode[] = [];
  const edges: TopologyEdge[] = [];
  const pods = new Map<string, PodRecord>();
  const externals = new Map<string, ExternalNode>();
  const sorted = [...snapshot.services].sort((a, b) => byKey(a.meta, b.meta));
  for (const svc of sorted) {
    const id = `svc:${svc.meta.uid}`;
    const selectorless = !svc.selector || Object.keys(svc.selector).length === 0;
    const node: ServiceNode = {
      type: 'service',
      id,
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
    services.push(node);
    if (svc.type === 'ExternalName') {
      const target = `dns:${svc.externalName}`;
      externals.set(target, {
        type: 'external',
        id: target,
        address: svc.externalName!,
        kind: 'external-name',
      });
      edges.push({ id: `${id}->${target}`, source: id, target, kind: 'external-name' });
      continue;
    }
    const slices = snapshot.endpointSlices
      .filter((s) => s.meta.namespace === svc.meta.namespace && s.serviceName === svc.meta.name)
      .sort((a, b) => a.meta.name.localeCompare(b.meta.name));
    const legacy = snapshot.endpoints.find(
      (e) => e.meta.namespace === svc.meta.namespace && e.meta.name === svc.meta.name,
    );
    const found = new Map<string, { ep: EndpointNode; pod?: PodRecord }>();
    const add = (
      address: string,
      ready: boolean,
      serving: boolean,
      terminating: boolean,
      origin: EndpointNode['origin'],
      source: string,
      addressType: EndpointNode['addressType'],
      ports: EndpointNode['ports'],
      uid?: string,
    ) => {
      const prev = found.get(address);
      if (prev) {
        prev.ep.ready ||= ready;
        if (!prev.ep.sources.includes(source)) prev.ep.sources.push(source);
        return;
      }
      const ep: EndpointNode = {
        type: 'endpoint',
        id: `ep:${svc.meta.uid}:${address}`,
        serviceId: id,
        namespace: svc.meta.namespace,
        address,
        addressType,
        ports,
        condition: terminating
          ? 'terminating'
          : ready
            ? 'ready'
            : serving
              ? 'serving'
              : 'not-ready',
        ready,
        serving,
        terminating,
        origin,
        sources: [source],
      };
      found.set(address, { ep, pod: uid ? podsByUid.get(uid) : undefined });
    };
    for (const slice of slices) {
      const origin =
        slice.managedBy === 'endpointslice-controller.k8s.io'
          ? 'controller'
          : slice.managedBy === 'endpointslicemirroring-controller.k8s.io'
            ? 'mirrored'
            : 'manual';
      for (const e of slice.endpoints) {
        const ready = e.ready ?? true;
        add(
          e.addresses[0]!,
          ready,
          e.serving ?? ready,
          e.terminating ?? false,
          origin,
          slice.meta.name,
          slice.addressType,
          slice.ports,
          e.targetRef?.uid,
        );
      }
    }
    if (slices.length === 0 && legacy) {
      for (const s of legacy.subsets) {
        for (const a of s.addresses)
          add(
            a.ip,
            true,
            true,
            false,
            'legacy-endpoints',
            legacy.meta.name,
            'IPv4',
            s.ports,
            a.targetRef?.uid,
          );
        for (const a of s.notReadyAddresses)
          add(
            a.ip,
            false,
            false,
            false,
            'legacy-endpoints',
            legacy.meta.name,
            'IPv4',
            s.ports,
            a.targetRef?.uid,
          );
      }
    }
    const list = [...found.values()].sort((a, b) => a.ep.address.localeCompare(b.ep.address));
    const targeted = new Set<string>();
    for (const { ep, pod } of list) {
      ep.targetId = pod ? `pod:${pod.meta.uid}` : `ext:${ep.address}`;
      endpoints.push(ep);
      node.endpointCount++;
      if (ep.ready) node.readyCount++;
      edges.push({
        id: `${id}->${ep.id}`,
        source: id,
        target: ep.id,
        kind: 'routes',
        condition: ep.condition,
      });
      if (pod) {
        pods.set(pod.meta.uid, pod);
        targeted.add(pod.meta.uid);
      } else {
        externals.set(ep.targetId, {
          type: 'external',
          id: ep.targetId,
          address: ep.address,
          kind: ep.addressType === 'FQDN' ? 'fqdn' : 'ip',
        });
      }
      const notSelected = pod && !selectorless && !matches(svc.selector, pod.meta.labels);
      edges.push({
        id: `${ep.id}->${ep.targetId}`,
        source: ep.id,
        target: ep.targetId,
        kind: notSelected ? 'endpoint-not-selected' : 'targets',
        condition: ep.condition,
      });
    }
    if (!selectorless) {
      // The naive part: every pod of the cluster, for every Service.
      for (const pod of snapshot.pods) {
        if (pod.meta.namespace !== svc.meta.namespace || !matches(svc.selector, pod.meta.labels))
          continue;
        if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || targeted.has(pod.meta.uid))
          continue;
        pods.set(pod.meta.uid, pod);
        edges.push({
          id: `${id}->pod:${pod.meta.uid}`,
          source: id,
          target: `pod:${pod.meta.uid}`,
          kind: 'selected-not-endpoint',
        });
      }
    }
  }
  const podNodes: PodNode[] = [...pods.values()]
    .map((p) => ({
      type: 'pod' as const,
      id: `pod:${p.meta.uid}`,
      uid: p.meta.uid,
      namespace: p.meta.namespace,
      name: p.meta.name,
      ip: p.podIP,
      nodeName: p.nodeName,
      phase: p.phase,
      ready: p.ready,
      terminating: !!p.meta.deletionTimestamp,
      labels: p.meta.labels ?? {},
    }))
    .sort(byKey);
  return { services, endpoints, pods: podNodes, externals: [...externals.values()], edges };
}
