/**
 * Where one Service routes: its endpoints merged over all its EndpointSlices (or its legacy
 * Endpoints when it has no slice at all), each resolved to a Pod or an external address.
 *
 * Contract (shared by build.ts and diagnosis/, so the map and the diagnosis never disagree):
 * - Slices belong to a Service by the `kubernetes.io/service-name` label in its namespace, never by
 *   owner reference (mirrored and hand-made slices have none).
 * - One endpoint per address per Service (`ep:<svcUid>:<address>`). Only `addresses[0]` of a slice
 *   endpoint is used: the API says the addresses are fungible and consumers may use only the first,
 *   which is what kube-proxy does — so that is what routes.
 * - Conditions as served, with the upstream nil rules: ready unset = ready; serving unset = ready;
 *   terminating unset = false. When several slices list one address, it is ready (serving) if any
 *   of them says so and terminating only if all do — it routes if any slice routes it.
 * - Legacy Endpoints (only when the Service has no slice, not even the controller's empty
 *   placeholder): `addresses` are ready, `notReadyAddresses` not ready; an IP in both is not ready
 *   (the RepackSubsets rule).
 * - Summary condition: terminating if terminating, else ready if ready, else serving if serving
 *   (only hand-made slices say serving-but-not-ready), else not-ready.
 * - Origin: slice managed-by endpointslice-controller.k8s.io → controller; …mirroring… → mirrored;
 *   any other value or none → manual; only v1 Endpoints → legacy-endpoints. For an address listed
 *   by several slices the most authoritative wins (controller, mirrored, manual).
 * - Target: a Pod by targetRef.uid (or targetRef namespace/name when it has no uid) → `pod:<uid>`.
 *   Anything else → the external node `ext:<address>`, including a targetRef to a Pod the cache
 *   does not hold (deleted, or not yet seen): the address still routes somewhere, so it is drawn as
 *   an address, and the endpoint keeps its `targetRef` so the UI can say "Pod x (not found)" —
 *   unless the snapshot cannot judge pods there (judgeable.ts: not visible to the viewer, or not
 *   read yet): then `targetHidden` says why, and no target is drawn.
 * - ExternalName Services route by DNS, never through endpoints: their slices are ignored here.
 */
import type { EndpointCondition, EndpointNode, EndpointOrigin } from './model';
import type {
  EndpointPortRecord,
  EndpointSliceRecord,
  EndpointsRecord,
  PodRecord,
  ServiceRecord,
  TargetRefRecord,
} from './records';
import { notJudged } from './judgeable';
import { compareAddresses, ipFamily, ipv4ToNumber } from './ip';
import { objectKey, type SnapshotIndex } from './snapshot-index';

export const CONTROLLER_MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MIRRORING_MANAGED_BY = 'endpointslicemirroring-controller.k8s.io';

export type EndpointPort = EndpointNode['ports'][number];

export interface ServiceRouting {
  service: ServiceRecord;
  /** The Service's EndpointSlices (name order); empty for ExternalName. */
  slices: EndpointSliceRecord[];
  /** The same-named v1 Endpoints, if any (whether or not it is what routes). */
  legacy?: EndpointsRecord;
  /** True when the endpoints below come from `legacy` because the Service has no slice. */
  usesLegacy: boolean;
  /** Endpoint nodes in address order. */
  endpoints: EndpointNode[];
  /** The Pod each endpoint targets, parallel to `endpoints` (undefined: external / not found). */
  targetPods: (PodRecord | undefined)[];
}

export function serviceId(service: ServiceRecord): string {
  return 'svc:' + service.meta.uid;
}

export function podId(pod: PodRecord): string {
  return 'pod:' + pod.meta.uid;
}

export function originOf(managedBy: string | undefined): EndpointOrigin {
  if (managedBy === CONTROLLER_MANAGED_BY) return 'controller';
  if (managedBy === MIRRORING_MANAGED_BY) return 'mirrored';
  return 'manual';
}

const ORIGIN_RANK: Record<EndpointOrigin, number> = {
  controller: 0,
  mirrored: 1,
  manual: 2,
  'legacy-endpoints': 3,
};

function conditionOf(ready: boolean, serving: boolean, terminating: boolean): EndpointCondition {
  if (terminating) return 'terminating';
  if (ready) return 'ready';
  if (serving) return 'serving';
  return 'not-ready';
}

export function isTerminalPod(pod: PodRecord): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed';
}

function toPorts(ports: EndpointPortRecord[]): EndpointPort[] {
  return ports.map((p) => {
    const out: EndpointPort = {};
    if (p.name !== undefined) out.name = p.name;
    if (p.port !== undefined) out.port = p.port;
    if (p.protocol !== undefined) out.protocol = p.protocol;
    return out;
  });
}

function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}/${p.port ?? ''}/${p.protocol ?? ''}`;
}

function mergePorts(a: EndpointPort[], b: EndpointPort[]): EndpointPort[] {
  if (a === b) return a;
  const seen = new Set(a.map(portKey));
  const out = a.slice();
  for (const p of b) if (!seen.has(portKey(p))) out.push(p);
  return out;
}

/** The Pod a targetRef names, if the cache holds it. */
function resolveTargetPod(
  index: SnapshotIndex,
  ref: TargetRefRecord | undefined,
  defaultNamespace: string,
): PodRecord | undefined {
  if (!ref || ref.kind !== 'Pod') return undefined;
  if (ref.uid) return index.podsByUid.get(ref.uid);
  return index.podsByKey().get(objectKey(ref.namespace ?? defaultNamespace, ref.name));
}

export function resolveServiceRouting(
  index: SnapshotIndex,
  service: ServiceRecord,
): ServiceRouting {
  const cached = index.routingMemo.get(service) as ServiceRouting | undefined;
  if (cached) return cached;

  const ns = service.meta.namespace;
  const key = objectKey(ns, service.meta.name);
  const svcId = serviceId(service);
  const isExternalName = service.type === 'ExternalName';
  const slices = isExternalName ? [] : (index.slicesByService.get(key) ?? []);
  const legacy = index.endpointsByKey.get(key);
  const usesLegacy = !isExternalName && slices.length === 0 && legacy !== undefined;
  // Parallel arrays and an address → position map: no per-endpoint wrapper objects.
  const positions = new Map<string, number>();
  const nodes: EndpointNode[] = [];
  const pods: (PodRecord | undefined)[] = [];

  // Built once per Service: each endpoint id is then a single concatenation.
  const idPrefix = 'ep:' + service.meta.uid + ':';
  const add = (
    address: string,
    addressType: EndpointNode['addressType'],
    ports: EndpointPort[],
    ready: boolean,
    serving: boolean,
    terminating: boolean,
    origin: EndpointOrigin,
    source: string,
    /** `[source]`, shared by every endpoint of that source until one gains a second source. */
    sources: string[],
    extra: { nodeName?: string; zone?: string; hostname?: string; targetRef?: TargetRefRecord },
    legacyMerge: boolean,
  ): void => {
    const at = positions.get(address);
    if (at === undefined) {
      const node: EndpointNode = {
        type: 'endpoint',
        id: idPrefix + address,
        serviceId: svcId,
        namespace: ns,
        address,
        addressType,
        ports,
        condition: 'ready',
        ready,
        serving,
        terminating,
        origin,
        sources,
      };
      if (extra.nodeName) node.nodeName = extra.nodeName;
      if (extra.zone) node.zone = extra.zone;
      if (extra.hostname) node.hostname = extra.hostname;
      // Records are never mutated, so the endpoint shares the record's targetRef object.
      if (extra.targetRef) node.targetRef = extra.targetRef;
      positions.set(address, nodes.length);
      nodes.push(node);
      pods.push(resolveTargetPod(index, extra.targetRef, ns));
      return;
    }
    const node = nodes[at]!;
    if (legacyMerge) {
      // RepackSubsets: not-ready wins for the same address.
      node.ready = node.ready && ready;
      node.serving = node.serving && serving;
    } else {
      node.ready = node.ready || ready;
      node.serving = node.serving || serving;
      node.terminating = node.terminating && terminating;
    }
    node.ports = mergePorts(node.ports, ports);
    // Copy on write: the array may be shared with other endpoints of the same slice.
    if (!node.sources.includes(source)) node.sources = [...node.sources, source];
    if (ORIGIN_RANK[origin] < ORIGIN_RANK[node.origin]) node.origin = origin;
    if (!node.nodeName && extra.nodeName) node.nodeName = extra.nodeName;
    if (!node.zone && extra.zone) node.zone = extra.zone;
    if (!node.hostname && extra.hostname) node.hostname = extra.hostname;
    if (!node.targetRef && extra.targetRef) {
      node.targetRef = extra.targetRef;
      pods[at] = resolveTargetPod(index, extra.targetRef, ns);
    }
  };

  for (const slice of slices) {
    const origin = originOf(slice.managedBy);
    const ports = toPorts(slice.ports);
    const sources = [slice.meta.name];
    for (const ep of slice.endpoints) {
      const address = ep.addresses[0];
      if (address === undefined) continue;
      const ready = ep.ready ?? true;
      add(
        address,
        slice.addressType,
        ports,
        ready,
        ep.serving ?? ready,
        ep.terminating ?? false,
        origin,
        slice.meta.name,
        sources,
        ep,
        false,
      );
    }
  }

  if (usesLegacy && legacy) {
    const sources = [legacy.meta.name];
    for (const subset of legacy.subsets) {
      const ports = toPorts(subset.ports);
      for (const [list, ready] of [
        [subset.addresses, true],
        [subset.notReadyAddresses, false],
      ] as const) {
        for (const a of list) {
          add(
            a.ip,
            ipFamily(a.ip) ?? 'IPv4',
            ports,
            ready,
            ready,
            false,
            'legacy-endpoints',
            legacy.meta.name,
            sources,
            a,
            true,
          );
        }
      }
    }
  }

  const order = nodes.map((_, i) => i);
  if (order.length > 1) {
    // Parse each address once: IPv4 as a number; anything else through its sort key.
    const numeric = nodes.map((n) => ipv4ToNumber(n.address));
    if (numeric.every((v) => v >= 0)) order.sort((a, b) => numeric[a]! - numeric[b]!);
    else order.sort((a, b) => compareAddresses(nodes[a]!.address, nodes[b]!.address));
  }
  const endpoints: EndpointNode[] = new Array(order.length);
  const targetPods: (PodRecord | undefined)[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const node = nodes[order[i]!]!;
    const pod = pods[order[i]!];
    node.condition = conditionOf(node.ready, node.serving, node.terminating);
    node.targetId = pod ? podId(pod) : 'ext:' + node.address;
    if (!pod && node.targetRef?.kind === 'Pod') {
      const why = notJudged(
        index.snapshot,
        'Pod',
        node.targetRef.namespace ?? service.meta.namespace,
      );
      if (why) node.targetHidden = why;
    }
    endpoints[i] = node;
    targetPods[i] = pod;
  }
  const routing: ServiceRouting = { service, slices, usesLegacy, endpoints, targetPods };
  if (legacy) routing.legacy = legacy;
  index.routingMemo.set(service, routing);
  return routing;
}

/**
 * Primes the routing memo of `index` from a Topology built from the same snapshot (its endpoint
 * nodes are exactly what resolveServiceRouting would produce), so a later diagnosis skips the merge.
 */
export function seedRoutingFromTopology(
  index: SnapshotIndex,
  topology: { endpoints: EndpointNode[] },
): void {
  // buildGraphModel emits each Service's endpoints contiguously; group without a lookup per endpoint.
  const byService = new Map<string, EndpointNode[]>();
  let current: EndpointNode[] | undefined;
  let currentId = '';
  for (const ep of topology.endpoints) {
    if (current === undefined || ep.serviceId !== currentId) {
      currentId = ep.serviceId;
      current = byService.get(currentId);
      if (!current) byService.set(currentId, (current = []));
    }
    current.push(ep);
  }
  for (const service of index.services) {
    if (index.routingMemo.has(service) || service.type === 'ExternalName') continue;
    const key = objectKey(service.meta.namespace, service.meta.name);
    const slices = index.slicesByService.get(key) ?? [];
    const legacy = index.endpointsByKey.get(key);
    const endpoints = byService.get(serviceId(service)) ?? [];
    let targetPods: (PodRecord | undefined)[] | undefined;
    const routing = {
      service,
      slices,
      usesLegacy: slices.length === 0 && legacy !== undefined,
      endpoints,
      // Resolved on first read: the diagnosis only needs targetId, buildGraphModel the records.
      get targetPods(): (PodRecord | undefined)[] {
        targetPods ??= endpoints.map((ep) =>
          ep.targetId !== undefined && ep.targetId.startsWith('pod:')
            ? resolveTargetPod(index, ep.targetRef, service.meta.namespace)
            : undefined,
        );
        return targetPods;
      },
    } as ServiceRouting;
    if (legacy) routing.legacy = legacy;
    index.routingMemo.set(service, routing);
  }
}

/**
 * An endpoint that carries no port number serves nothing for a Service that declares ports,
 * whatever its conditions say: the EndpointSlice controller lists a pod even when no Service port
 * resolves against it (a named targetPort the pod does not declare) and then writes the slice with
 * no ports, and kube-proxy programs no rule for an endpoint without a port. A Service with no
 * ports (headless, DNS only) needs none. The one rule the map's views (lib/graph/serving.ts) and
 * the diagnosis both read; `servicePorts` is how many ports the Service declares.
 */
export function hasNoPort(endpoint: Pick<EndpointNode, 'ports'>, servicePorts: number): boolean {
  return servicePorts > 0 && !endpoint.ports.some((p) => p.port !== undefined && p.port > 0);
}

/** True when the endpoint resolved to a Pod of the cache (its target is `pod:<uid>`). */
export function targetsPod(ep: EndpointNode): boolean {
  return ep.targetId !== undefined && ep.targetId.startsWith('pod:');
}
