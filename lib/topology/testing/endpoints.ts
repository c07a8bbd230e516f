/**
 * Test builders for what routes: EndpointSlices and v1 Endpoints as the controllers derive them
 * from pods, and as a person (or Switchboard's form) writes them by hand. Written here from the
 * upstream rules, independently of emulator/, so the two implementations check each other:
 * - the EndpointSlice controller: staging/src/k8s.io/endpointslice/reconciler.go;
 * - the Endpoints controller: pkg/controller/endpoint/endpoints_controller.go;
 * - the mirroring controller: pkg/controller/endpointslicemirroring/.
 * A hand-written object looks like what `kubectl apply` of a manifest leaves (no managed-by).
 *
 * Contract: deterministic (names derived from what they name), slim records as the cache holds
 * them. Test-only.
 */
import type {
  EndpointAddressRecord,
  EndpointPortRecord,
  EndpointSliceRecord,
  EndpointsRecord,
  EndpointSubsetRecord,
  NodeRecord,
  PodRecord,
  ServicePortRecord,
  ServiceRecord,
  SliceEndpointRecord,
} from '../records';
import { CONTROLLER_MANAGED_BY, MIRRORING_MANAGED_BY } from '../routing';
import { objectMeta, suffixFor } from './objects';

function selects(svc: ServiceRecord, pod: PodRecord): boolean {
  const sel = svc.selector;
  if (!sel || Object.keys(sel).length === 0) return false;
  if (pod.meta.namespace !== svc.meta.namespace) return false;
  return Object.entries(sel).every(([k, v]) => pod.meta.labels?.[k] === v);
}

/** findPort: a number is used verbatim; a name must match a container port's name and protocol. */
function findPort(pod: PodRecord, port: ServicePortRecord): number | undefined {
  const tp = port.targetPort ?? port.port;
  if (typeof tp === 'number') return tp;
  const found = pod.containerPorts.find((c) => c.name === tp && c.protocol === port.protocol);
  return found?.containerPort;
}

function endpointPorts(svc: ServiceRecord, pod: PodRecord): EndpointPortRecord[] {
  const out: EndpointPortRecord[] = [];
  for (const p of svc.ports) {
    const port = findPort(pod, p);
    if (port === undefined) continue;
    out.push({ name: p.name ?? '', port, protocol: p.protocol });
  }
  return out;
}

function sliceLabels(svc: ServiceRecord, managedBy: string): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.meta.labels ?? {}) };
  labels['kubernetes.io/service-name'] = svc.meta.name;
  labels['endpointslice.kubernetes.io/managed-by'] = managedBy;
  if (svc.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  return labels;
}

function makeSlice(
  namespace: string,
  serviceName: string,
  seed: string,
  managedBy: string | undefined,
  labels: Record<string, string>,
  addressType: EndpointSliceRecord['addressType'],
  ports: EndpointPortRecord[],
  endpoints: SliceEndpointRecord[],
  name?: string,
): EndpointSliceRecord {
  const slice: EndpointSliceRecord = {
    kind: 'EndpointSlice',
    meta: objectMeta('EndpointSlice', namespace, name ?? `${serviceName}-${suffixFor(seed)}`, {
      labels,
    }),
    serviceName,
    addressType,
    ports,
    endpoints,
  };
  if (managedBy !== undefined) slice.managedBy = managedBy;
  return slice;
}

/** What the EndpointSlice controller writes for `svc`: terminating pods kept, a placeholder when empty. */
export function controllerSlices(
  svc: ServiceRecord,
  pods: PodRecord[],
  nodes: NodeRecord[] = [],
  opts: { maxEndpointsPerSlice?: number } = {},
): EndpointSliceRecord[] {
  const max = opts.maxEndpointsPerSlice ?? 100;
  const zones = new Map(nodes.map((n) => [n.meta.name, n.zone]));
  const groups = new Map<
    string,
    { ports: EndpointPortRecord[]; endpoints: SliceEndpointRecord[] }
  >();
  for (const pod of pods) {
    if (!selects(svc, pod)) continue;
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || !pod.podIP) continue;
    const terminating = pod.meta.deletionTimestamp !== undefined;
    const ports = endpointPorts(svc, pod);
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: [] }));
    const ep: SliceEndpointRecord = {
      addresses: [pod.podIP],
      ready: (svc.publishNotReadyAddresses ?? false) || (pod.ready && !terminating),
      serving: pod.ready,
      terminating,
      targetRef: {
        kind: 'Pod',
        namespace: pod.meta.namespace,
        name: pod.meta.name,
        uid: pod.meta.uid,
      },
    };
    if (pod.nodeName) ep.nodeName = pod.nodeName;
    const zone = pod.nodeName ? zones.get(pod.nodeName) : undefined;
    if (zone) ep.zone = zone;
    group.endpoints.push(ep);
  }
  const labels = sliceLabels(svc, CONTROLLER_MANAGED_BY);
  const ns = svc.meta.namespace;
  const name = svc.meta.name;
  if (groups.size === 0) {
    return [
      makeSlice(
        ns,
        name,
        `${ns}/${name}/placeholder`,
        CONTROLLER_MANAGED_BY,
        labels,
        'IPv4',
        [],
        [],
      ),
    ];
  }
  const out: EndpointSliceRecord[] = [];
  let n = 0;
  for (const group of groups.values()) {
    for (let i = 0; i < group.endpoints.length; i += max) {
      out.push(
        makeSlice(
          ns,
          name,
          `${ns}/${name}/${n++}`,
          CONTROLLER_MANAGED_BY,
          labels,
          'IPv4',
          group.ports,
          group.endpoints.slice(i, i + max),
        ),
      );
    }
  }
  return out;
}

/** What the Endpoints controller writes for `svc`: terminating pods dropped, 1000 addresses at most. */
export function controllerEndpoints(svc: ServiceRecord, pods: PodRecord[]): EndpointsRecord {
  const publish = svc.publishNotReadyAddresses ?? false;
  const groups = new Map<string, EndpointSubsetRecord>();
  for (const pod of pods) {
    if (!selects(svc, pod)) continue;
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || !pod.podIP) continue;
    if (pod.meta.deletionTimestamp && !publish) continue;
    const ports = endpointPorts(svc, pod);
    if (ports.length === 0 && svc.ports.length > 0) continue;
    const key = JSON.stringify(ports);
    let subset = groups.get(key);
    if (!subset) groups.set(key, (subset = { addresses: [], notReadyAddresses: [], ports }));
    const address: EndpointAddressRecord = {
      ip: pod.podIP,
      targetRef: {
        kind: 'Pod',
        namespace: pod.meta.namespace,
        name: pod.meta.name,
        uid: pod.meta.uid,
      },
    };
    if (pod.nodeName) address.nodeName = pod.nodeName;
    (publish || pod.ready ? subset.addresses : subset.notReadyAddresses).push(address);
  }
  const subsets = [...groups.values()];
  const labels: Record<string, string> = {
    ...(svc.meta.labels ?? {}),
    'endpoints.kubernetes.io/managed-by': 'endpoint-controller',
  };
  const ep: EndpointsRecord = {
    kind: 'Endpoints',
    meta: objectMeta('Endpoints', svc.meta.namespace, svc.meta.name, { labels }),
    subsets,
  };
  const total = subsets.reduce((n, s) => n + s.addresses.length + s.notReadyAddresses.length, 0);
  if (total > 1000) {
    // Simplified truncation: keep ready addresses first, up to 1000 in all.
    let left = 1000;
    for (const s of subsets) {
      s.addresses = s.addresses.slice(0, left);
      left -= s.addresses.length;
    }
    for (const s of subsets) {
      s.notReadyAddresses = s.notReadyAddresses.slice(0, left);
      left -= s.notReadyAddresses.length;
    }
    ep.meta.annotations = { 'endpoints.kubernetes.io/over-capacity': 'truncated' };
  }
  return ep;
}

/** A hand-written v1 Endpoints (what `kubectl apply` of a manifest leaves: no managed-by label). */
export function manualEndpoints(
  namespace: string,
  name: string,
  subsets: {
    addresses?: (string | EndpointAddressRecord)[];
    notReadyAddresses?: (string | EndpointAddressRecord)[];
    ports: EndpointPortRecord[];
  }[],
  opts: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): EndpointsRecord {
  const toAddr = (a: string | EndpointAddressRecord): EndpointAddressRecord =>
    typeof a === 'string' ? { ip: a } : a;
  const m = objectMeta('Endpoints', namespace, name);
  if (opts.labels) m.labels = opts.labels;
  if (opts.annotations) m.annotations = opts.annotations;
  return {
    kind: 'Endpoints',
    meta: m,
    subsets: subsets.map((s) => ({
      addresses: (s.addresses ?? []).map(toAddr),
      notReadyAddresses: (s.notReadyAddresses ?? []).map(toAddr),
      ports: s.ports.map((p) => ({ protocol: 'TCP', ...p })),
    })),
  };
}

function isValidIpForMirroring(ip: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) && ip.split('.').every((o) => Number(o) <= 255);
}

/** What the mirroring controller writes for a selector-less Service's Endpoints. */
export function mirroredSlices(ep: EndpointsRecord): EndpointSliceRecord[] {
  if (ep.meta.labels?.['endpointslice.kubernetes.io/skip-mirror'] === 'true') return [];
  const out: EndpointSliceRecord[] = [];
  const labels = {
    ...(ep.meta.labels ?? {}),
    'kubernetes.io/service-name': ep.meta.name,
    'endpointslice.kubernetes.io/managed-by': MIRRORING_MANAGED_BY,
  };
  ep.subsets.forEach((subset, i) => {
    const endpoints: SliceEndpointRecord[] = [];
    for (const [list, ready] of [
      [subset.addresses, true],
      [subset.notReadyAddresses, false],
    ] as const) {
      for (const a of list) {
        if (!isValidIpForMirroring(a.ip)) continue;
        const e: SliceEndpointRecord = { addresses: [a.ip], ready };
        if (a.hostname) e.hostname = a.hostname;
        if (a.nodeName) e.nodeName = a.nodeName;
        if (a.targetRef) e.targetRef = a.targetRef;
        endpoints.push(e);
      }
    }
    const kept = endpoints.slice(0, 1000);
    if (kept.length === 0) return;
    out.push(
      makeSlice(
        ep.meta.namespace,
        ep.meta.name,
        `${ep.meta.namespace}/${ep.meta.name}/mirror/${i}`,
        MIRRORING_MANAGED_BY,
        labels,
        'IPv4',
        subset.ports.map((p) => ({ ...p })),
        kept,
      ),
    );
  });
  return out;
}

/** A hand-made EndpointSlice (what Switchboard's form or a person writes). */
export function manualSlice(
  namespace: string,
  name: string,
  serviceName: string,
  opts: {
    addressType?: EndpointSliceRecord['addressType'];
    ports?: EndpointPortRecord[];
    endpoints: SliceEndpointRecord[];
    managedBy?: string;
  },
): EndpointSliceRecord {
  const labels: Record<string, string> = { 'kubernetes.io/service-name': serviceName };
  if (opts.managedBy) labels['endpointslice.kubernetes.io/managed-by'] = opts.managedBy;
  return makeSlice(
    namespace,
    serviceName,
    name,
    opts.managedBy,
    labels,
    opts.addressType ?? 'IPv4',
    (opts.ports ?? [{ name: '', port: 80, protocol: 'TCP' }]).map((p) => ({
      protocol: 'TCP',
      ...p,
    })),
    opts.endpoints,
    name,
  );
}
