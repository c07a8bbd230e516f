/**
 * Test builders that produce slim records (records.ts) shaped the way a real cluster's objects slim
 * down: controller slices and Endpoints are derived from pods by the upstream rules
 * (k8s-api-semantics.md §3–4) — written here for tests, independently of emulator/ — and manual
 * objects look like what `kubectl apply` of a hand-written manifest leaves behind.
 *
 * Contract: deterministic (uids, IPs and generated names are derived from names, never random), so
 * tests can assert on ids.
 */
import type {
  ClusterSnapshot,
  ContainerPortRecord,
  ContainerStatusRecord,
  EndpointAddressRecord,
  EndpointPortRecord,
  EndpointSliceRecord,
  EndpointsRecord,
  EndpointSubsetRecord,
  NamespaceRecord,
  NodeRecord,
  PodRecord,
  ServicePortRecord,
  ServiceRecord,
  SliceEndpointRecord,
} from '../records';
import { CONTROLLER_MANAGED_BY, MIRRORING_MANAGED_BY } from '../routing';

/** A stable fake uid derived from what it names. */
export function uidFor(kind: string, namespace: string, name: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x12345678;
  const text = `${kind}/${namespace}/${name}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The 5-character suffix the apiserver appends to generateName, made deterministic. */
export function suffixFor(text: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) + i * 7919;
  }
  return out;
}

let rv = 1000;
function meta(
  kind: string,
  namespace: string,
  name: string,
  extra: Partial<PodRecord['meta']> = {},
) {
  return {
    uid: uidFor(kind, namespace, name),
    name,
    namespace,
    resourceVersion: String(++rv),
    creationTimestamp: '2026-11-26T09:00:00Z',
    ...extra,
  };
}

export function namespaceRecord(name: string): NamespaceRecord {
  return { kind: 'Namespace', meta: meta('Namespace', '', name), phase: 'Active' };
}

export function nodeRecord(
  name: string,
  opts: { zone?: string; internalIP?: string } = {},
): NodeRecord {
  const node: NodeRecord = {
    kind: 'Node',
    meta: meta('Node', '', name),
    ready: true,
    podCIDRs: [],
  };
  if (opts.zone) node.zone = opts.zone;
  if (opts.internalIP) node.internalIP = opts.internalIP;
  return node;
}

export interface ServiceOptions {
  selector?: Record<string, string>;
  ports?: ServicePortRecord[];
  type?: ServiceRecord['type'];
  clusterIP?: string;
  externalName?: string;
  publishNotReadyAddresses?: boolean;
  labels?: Record<string, string>;
}

let clusterIpCounter = 10;
/** A Service as the apiserver returns it after defaulting (clusterIP allocated, targetPort set). */
export function serviceRecord(
  namespace: string,
  name: string,
  opts: ServiceOptions = {},
): ServiceRecord {
  const type = opts.type ?? 'ClusterIP';
  const ports = (
    opts.ports ?? (type === 'ExternalName' ? [] : [{ protocol: 'TCP', port: 80 }])
  ).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port }));
  const svc: ServiceRecord = {
    kind: 'Service',
    meta: meta('Service', namespace, name, opts.labels ? { labels: opts.labels } : {}),
    type,
    ports,
  };
  if (type === 'ExternalName') {
    svc.externalName = opts.externalName ?? 'example.com';
  } else {
    const n = clusterIpCounter++;
    const ip = opts.clusterIP ?? `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    svc.clusterIP = ip;
    svc.clusterIPs = [ip];
  }
  if (opts.selector) svc.selector = opts.selector;
  if (opts.publishNotReadyAddresses) svc.publishNotReadyAddresses = true;
  return svc;
}

export interface PodOptions {
  labels?: Record<string, string>;
  ip?: string | null;
  nodeName?: string | null;
  ready?: boolean;
  phase?: PodRecord['phase'];
  containerPorts?: ContainerPortRecord[];
  containers?: ContainerStatusRecord[];
  terminating?: boolean;
  scheduled?: boolean;
  readyReason?: string;
  readyMessage?: string;
  owner?: { kind: string; name: string };
}

let podIpCounter = 0;
export function nextPodIp(): string {
  const n = podIpCounter++;
  return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
}

/** A pod as a kubelet reports it: Running and Ready unless told otherwise. */
export function podRecord(namespace: string, name: string, opts: PodOptions = {}): PodRecord {
  const ready = opts.ready ?? true;
  const scheduled = opts.scheduled ?? true;
  const phase = opts.phase ?? (scheduled ? 'Running' : 'Pending');
  const pod: PodRecord = {
    kind: 'Pod',
    meta: meta('Pod', namespace, name, {
      labels: opts.labels ?? {},
      ...(opts.terminating ? { deletionTimestamp: '2026-11-26T10:00:00Z' } : {}),
    }),
    phase,
    ready,
    scheduled,
    containerPorts: opts.containerPorts ?? [{ containerPort: 80, protocol: 'TCP' }],
    containers: opts.containers ?? [
      { name: 'main', ready, restartCount: 0, state: phase === 'Running' ? 'running' : 'waiting' },
    ],
  };
  const ip = opts.ip === null || !scheduled ? undefined : (opts.ip ?? nextPodIp());
  if (ip) {
    pod.podIP = ip;
    pod.podIPs = [ip];
  }
  const nodeName = opts.nodeName === null || !scheduled ? undefined : (opts.nodeName ?? 'node-1');
  if (nodeName) pod.nodeName = nodeName;
  if (!ready) {
    pod.readyReason = opts.readyReason ?? (scheduled ? 'ContainersNotReady' : 'Unschedulable');
    if (opts.readyMessage) pod.readyMessage = opts.readyMessage;
  }
  if (opts.owner) pod.owner = opts.owner;
  return pod;
}

/** `count` replicas of a Deployment's pods, named like a ReplicaSet names them. */
export function deploymentPods(
  namespace: string,
  deployment: string,
  count: number,
  opts: PodOptions = {},
): PodRecord[] {
  const hash = suffixFor(deployment + '-rs').slice(0, 5) + '9d';
  const out: PodRecord[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${deployment}-${hash}-${suffixFor(`${deployment}-${i}`)}`;
    out.push(
      podRecord(namespace, name, {
        ...opts,
        labels: { ...(opts.labels ?? {}), 'pod-template-hash': hash },
        owner: { kind: 'ReplicaSet', name: `${deployment}-${hash}` },
        nodeName: opts.nodeName ?? (i % 2 === 0 ? 'node-1' : 'node-2'),
      }),
    );
  }
  return out;
}

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
    meta: meta('EndpointSlice', namespace, name ?? `${serviceName}-${suffixFor(seed)}`, { labels }),
    serviceName,
    addressType,
    ports,
    endpoints,
  };
  if (managedBy !== undefined) slice.managedBy = managedBy;
  return slice;
}

/** What the EndpointSlice controller writes for `svc` (§4.1): terminating pods kept, placeholders. */
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

/** What the Endpoints controller writes for `svc` (§3.2–3.4): terminating pods dropped, 1000 cap. */
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
    meta: meta('Endpoints', svc.meta.namespace, svc.meta.name, { labels }),
    subsets,
  };
  const total = subsets.reduce((n, s) => n + s.addresses.length + s.notReadyAddresses.length, 0);
  if (total > 1000) {
    // Simplified truncation (§3.4): keep ready addresses first, up to 1000 in all.
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
  const m = meta('Endpoints', namespace, name);
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

/** What the mirroring controller writes for a selector-less Service's Endpoints (§4.3). */
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

export const DEFAULT_NODES = (): NodeRecord[] => [
  nodeRecord('node-1', { zone: 'zone-a', internalIP: '192.168.49.2' }),
  nodeRecord('node-2', { zone: 'zone-b', internalIP: '192.168.49.3' }),
];

/** A snapshot with defaults for what a test does not care about. */
export function snapshotOf(parts: Partial<ClusterSnapshot>): ClusterSnapshot {
  const namespaces = new Set<string>();
  for (const list of [parts.services, parts.pods, parts.endpointSlices, parts.endpoints]) {
    for (const r of list ?? []) namespaces.add(r.meta.namespace);
  }
  return {
    namespaces: parts.namespaces ?? [...namespaces].sort().map(namespaceRecord),
    nodes: parts.nodes ?? DEFAULT_NODES(),
    services: parts.services ?? [],
    endpointSlices: parts.endpointSlices ?? [],
    endpoints: parts.endpoints ?? [],
    pods: parts.pods ?? [],
  };
}

/**
 * Derives what the controllers would have written for every Service with a selector (slices and
 * Endpoints), and adds it to the snapshot — the common case of "a cluster at rest".
 */
export function withControllers(
  parts: Partial<ClusterSnapshot>,
  opts: { maxEndpointsPerSlice?: number } = {},
): ClusterSnapshot {
  const base = snapshotOf(parts);
  const slices = [...base.endpointSlices];
  const endpoints = [...base.endpoints];
  for (const svc of base.services) {
    if (svc.type === 'ExternalName' || !svc.selector || Object.keys(svc.selector).length === 0)
      continue;
    slices.push(...controllerSlices(svc, base.pods, base.nodes, opts));
    endpoints.push(controllerEndpoints(svc, base.pods));
  }
  return { ...base, endpointSlices: slices, endpoints };
}

/** The seed scenario (scenarios/seed): ingress-nginx → 2 nginx pods; external-web → 10.10.50.53. */
export function seedScenario(opts: { mirrored?: boolean } = {}): ClusterSnapshot {
  const pods = deploymentPods('default', 'nginx-deployment', 2, {
    labels: { app: 'nginx' },
    containerPorts: [{ containerPort: 80, protocol: 'TCP' }],
  });
  const ingress = serviceRecord('default', 'ingress-nginx', {
    type: 'NodePort',
    selector: { app: 'nginx' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30001 }],
  });
  const externalWeb = serviceRecord('default', 'external-web', {
    ports: [{ name: 'apache', protocol: 'TCP', port: 80, targetPort: 80 }],
  });
  const ep = manualEndpoints('default', 'external-web', [
    { addresses: ['10.10.50.53'], ports: [{ name: 'apache', port: 80, protocol: 'TCP' }] },
  ]);
  const snap = withControllers({ services: [ingress, externalWeb], pods, endpoints: [ep] });
  if (opts.mirrored ?? true) snap.endpointSlices.push(...mirroredSlices(ep));
  return snap;
}

/** Fisher–Yates with a seeded generator: the same shuffle for the same seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) >>> 0;
    s = (s + 0x6d2b79f5) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function shuffledSnapshot(snap: ClusterSnapshot, seed: number): ClusterSnapshot {
  return {
    namespaces: shuffled(snap.namespaces, seed),
    nodes: shuffled(snap.nodes, seed + 1),
    services: shuffled(snap.services, seed + 2),
    endpointSlices: shuffled(snap.endpointSlices, seed + 3).map((s) => ({
      ...s,
      endpoints: shuffled(s.endpoints, seed + 4),
    })),
    endpoints: shuffled(snap.endpoints, seed + 5),
    pods: shuffled(snap.pods, seed + 6),
  };
}
