import 'server-only';
/**
 * Raw Kubernetes objects (as served on the wire) → slim records (lib/topology/records.ts).
 *
 * Contract: `slimmer(kind)` returns a pure function that keeps only the fields records.ts
 * declares and drops everything else (managedFields once read for "who changed it"
 * (slim-managed-fields.ts), specs, most annotations) before anything
 * is stored, so a 150,000-pod cache stays within a few hundred MiB. List items carry no kind/apiVersion, so the kind comes from the
 * caller. Strings that repeat across many objects (namespaces, label keys and values, node
 * names, owner names, reasons) go through an intern pool so a 150k-pod cache holds one copy.
 * Objects without a uid are dropped (nothing in the cache can be keyed without one).
 */
import {
  SLIM_ANNOTATION_KEYS,
  type EndpointAddressRecord,
  type EndpointPortRecord,
  type EndpointSliceRecord,
  type EndpointsRecord,
  type EndpointSubsetRecord,
  type EventRecord,
  type NamespaceRecord,
  type NodeRecord,
  type RecordKind,
  type RecordMeta,
  type ServicePortRecord,
  type ServiceRecord,
  type SliceEndpointRecord,
  type SlimRecord,
  type TargetRefRecord,
} from '../topology/records';
import type { RawObject } from './watch-events';
import { InternPool, arr, bool, labelsOf, num, str, strings, type Any } from './slim-common';
import { changeOfPath, lastChangeOf } from './slim-managed-fields';
import { slimPod } from './slim-pod';
import { slimWorkload } from './slim-workloads';

export { InternPool } from './slim-common';

const KEEP_ANNOTATIONS = new Set<string>(SLIM_ANNOTATION_KEYS);
const SELECTOR_PATH = ['f:spec', 'f:selector'] as const;
/** The kinds whose records say who last wrote them (`meta.lastChange`). */
const STAMPED = new Set<RecordKind>([
  'Service',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
]);

function metaOf(raw: RawObject, pool: InternPool, stamped: boolean): RecordMeta | undefined {
  const m = (raw.metadata ?? {}) as Any;
  const uid = str(m.uid);
  if (!uid) return undefined;
  const name = str(m.name) ?? '';
  const namespace = pool.s(str(m.namespace) ?? '');
  const resourceVersion = str(m.resourceVersion) ?? '';
  const created = str(m.creationTimestamp);
  const creationTimestamp = created ? pool.s(created) : undefined;
  const deletionTimestamp = str(m.deletionTimestamp) || undefined;
  const labelMap = labelsOf(m.labels, pool);
  const labels = labelMap ? pool.v(labelMap) : undefined;
  let annotations: Record<string, string> | undefined;
  if (m.annotations && typeof m.annotations === 'object') {
    for (const [k, val] of Object.entries(m.annotations as Record<string, unknown>)) {
      if (KEEP_ANNOTATIONS.has(k) && typeof val === 'string') (annotations ??= {})[pool.s(k)] = val;
    }
    if (annotations) annotations = pool.v(annotations);
  }
  const lastChange = stamped ? lastChangeOf(m.managedFields, pool) : undefined;
  // The usual metadata in one literal (see targetRefOf), in the field order below.
  if (creationTimestamp && labels && !deletionTimestamp && !annotations) {
    return lastChange
      ? { uid, name, namespace, resourceVersion, creationTimestamp, labels, lastChange }
      : { uid, name, namespace, resourceVersion, creationTimestamp, labels };
  }
  const meta: RecordMeta = { uid, name, namespace, resourceVersion };
  if (creationTimestamp) meta.creationTimestamp = creationTimestamp;
  if (deletionTimestamp) meta.deletionTimestamp = deletionTimestamp;
  if (labels) meta.labels = labels;
  if (annotations) meta.annotations = annotations;
  if (lastChange) meta.lastChange = lastChange;
  return meta;
}

function targetRefOf(v: Any, pool: InternPool): TargetRefRecord | undefined {
  if (!v || typeof v !== 'object' || !str(v.name)) return undefined;
  const kind = pool.s(str(v.kind) ?? '');
  const name = str(v.name)!;
  const namespace = str(v.namespace) ? pool.s(str(v.namespace)) : undefined;
  const uid = str(v.uid) || undefined;
  // A pod's ref has every field: built in one literal, V8 keeps them all inside the object
  // (added one by one, the last two go to a separate array: ≈ 25 bytes more, per endpoint).
  if (namespace !== undefined && uid !== undefined) return { kind, name, namespace, uid };
  const ref: TargetRefRecord = { kind, name };
  if (namespace !== undefined) ref.namespace = namespace;
  if (uid !== undefined) ref.uid = uid;
  return ref;
}

function endpointPortsOf(v: unknown, pool: InternPool): EndpointPortRecord[] {
  return pool.v(
    arr(v).map((p: Any) => {
      const out: EndpointPortRecord = {};
      if (str(p?.name) !== undefined) out.name = pool.s(str(p.name));
      if (num(p?.port) !== undefined) out.port = num(p.port);
      if (str(p?.protocol)) out.protocol = pool.s(str(p.protocol));
      if (str(p?.appProtocol)) out.appProtocol = pool.s(str(p.appProtocol));
      return out;
    }),
  );
}

function slimService(raw: Any, meta: RecordMeta, pool: InternPool): ServiceRecord {
  const spec = raw.spec ?? {};
  const type = (['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const).find(
    (t) => t === spec.type,
  );
  const rec: ServiceRecord = {
    kind: 'Service',
    meta,
    type: type ?? 'ClusterIP',
    ports: pool.v(
      arr(spec.ports).map((p: Any) => {
        const port: ServicePortRecord = {
          protocol: pool.s(str(p?.protocol) ?? 'TCP'),
          port: num(p?.port) ?? 0,
        };
        if (str(p?.name)) port.name = pool.s(str(p.name));
        const tp = p?.targetPort;
        if (typeof tp === 'number' || typeof tp === 'string')
          port.targetPort = typeof tp === 'string' ? pool.s(tp) : tp;
        if (num(p?.nodePort) !== undefined) port.nodePort = num(p.nodePort);
        if (str(p?.appProtocol)) port.appProtocol = pool.s(str(p.appProtocol));
        return port;
      }),
    ),
  };
  if (str(spec.clusterIP)) rec.clusterIP = str(spec.clusterIP);
  const clusterIPs = strings(spec.clusterIPs);
  if (clusterIPs?.length) rec.clusterIPs = clusterIPs;
  if (str(spec.externalName)) rec.externalName = str(spec.externalName);
  const externalIPs = strings(spec.externalIPs);
  if (externalIPs?.length) rec.externalIPs = externalIPs;
  // Absent and {} differ (absent = hands off); keep {} as {}.
  if (spec.selector && typeof spec.selector === 'object')
    rec.selector = pool.v(labelsOf(spec.selector, pool) ?? {});
  if (spec.publishNotReadyAddresses === true) rec.publishNotReadyAddresses = true;
  const selectorChange = changeOfPath(raw.metadata?.managedFields, SELECTOR_PATH, pool);
  if (selectorChange) rec.selectorChange = selectorChange;
  const ingress = arr(raw.status?.loadBalancer?.ingress)
    .map((i: Any) => str(i?.ip) ?? str(i?.hostname))
    .filter((x): x is string => !!x);
  if (ingress.length) rec.loadBalancerIngress = ingress;
  return rec;
}

function slimEndpointSlice(raw: Any, meta: RecordMeta, pool: InternPool): EndpointSliceRecord {
  const addressType =
    (['IPv4', 'IPv6', 'FQDN'] as const).find((t) => t === raw.addressType) ?? 'IPv4';
  const rec: EndpointSliceRecord = {
    kind: 'EndpointSlice',
    meta,
    addressType,
    ports: endpointPortsOf(raw.ports, pool),
    endpoints: arr(raw.endpoints).map((e: Any) => {
      const ep: SliceEndpointRecord = { addresses: strings(e?.addresses) ?? [] };
      const c = e?.conditions ?? {};
      if (bool(c.ready) !== undefined) ep.ready = c.ready;
      if (bool(c.serving) !== undefined) ep.serving = c.serving;
      if (bool(c.terminating) !== undefined) ep.terminating = c.terminating;
      if (str(e?.hostname)) ep.hostname = str(e.hostname);
      if (str(e?.nodeName)) ep.nodeName = pool.s(str(e.nodeName));
      if (str(e?.zone)) ep.zone = pool.s(str(e.zone));
      const ref = targetRefOf(e?.targetRef, pool);
      if (ref) ep.targetRef = ref;
      return ep;
    }),
  };
  const labels = meta.labels ?? {};
  if (labels['kubernetes.io/service-name']) rec.serviceName = labels['kubernetes.io/service-name'];
  if (labels['endpointslice.kubernetes.io/managed-by']) {
    rec.managedBy = labels['endpointslice.kubernetes.io/managed-by'];
  }
  return rec;
}

function addressesOf(v: unknown, pool: InternPool): EndpointAddressRecord[] {
  return arr(v)
    .filter((a: Any) => str(a?.ip))
    .map((a: Any) => {
      const ip = str(a.ip)!;
      const nodeName = str(a.nodeName) ? pool.s(str(a.nodeName)) : undefined;
      const targetRef = targetRefOf(a.targetRef, pool);
      // The usual address in one literal, as in targetRefOf (same field order as below).
      if (!str(a.hostname) && nodeName !== undefined && targetRef)
        return { ip, nodeName, targetRef };
      const out: EndpointAddressRecord = { ip };
      if (str(a.hostname)) out.hostname = str(a.hostname);
      if (nodeName !== undefined) out.nodeName = nodeName;
      if (targetRef) out.targetRef = targetRef;
      return out;
    });
}

function slimEndpoints(raw: Any, meta: RecordMeta, pool: InternPool): EndpointsRecord {
  return {
    kind: 'Endpoints',
    meta,
    subsets: arr(raw.subsets).map((s: Any): EndpointSubsetRecord => ({
      addresses: addressesOf(s?.addresses, pool),
      notReadyAddresses: addressesOf(s?.notReadyAddresses, pool),
      ports: endpointPortsOf(s?.ports, pool),
    })),
  };
}

function slimNode(raw: Any, meta: RecordMeta, pool: InternPool): NodeRecord {
  const status = raw.status ?? {};
  const rec: NodeRecord = {
    kind: 'Node',
    meta,
    ready: arr(status.conditions).some((c: Any) => c?.type === 'Ready' && c?.status === 'True'),
  };
  const zone = meta.labels?.['topology.kubernetes.io/zone'];
  if (zone) rec.zone = zone;
  const cidrs =
    strings(raw.spec?.podCIDRs) ?? (str(raw.spec?.podCIDR) ? [str(raw.spec.podCIDR)!] : undefined);
  if (cidrs?.length) rec.podCIDRs = cidrs;
  const internal = arr(status.addresses).find((a: Any) => a?.type === 'InternalIP');
  if (str(internal?.address)) rec.internalIP = str(internal.address);
  const addresses = arr(status.addresses).flatMap((a: Any) =>
    (a?.type === 'InternalIP' || a?.type === 'ExternalIP') && str(a?.address)
      ? [{ type: a.type as 'InternalIP' | 'ExternalIP', address: str(a.address)! }]
      : [],
  );
  if (addresses.length > (rec.internalIP ? 1 : 0)) rec.addresses = addresses;
  void pool;
  return rec;
}

function slimNamespace(raw: Any, meta: RecordMeta): NamespaceRecord {
  return {
    kind: 'Namespace',
    meta,
    phase: raw.status?.phase === 'Terminating' || meta.deletionTimestamp ? 'Terminating' : 'Active',
  };
}

function slimEvent(raw: Any, meta: RecordMeta, pool: InternPool): EventRecord {
  const io = raw.involvedObject ?? raw.regarding ?? {};
  const involved: EventRecord['involved'] = {
    kind: pool.s(str(io.kind) ?? ''),
    name: str(io.name) ?? '',
  };
  if (str(io.namespace)) involved.namespace = pool.s(str(io.namespace));
  if (str(io.uid)) involved.uid = str(io.uid);
  const rec: EventRecord = {
    kind: 'Event',
    meta,
    involved,
    type: raw.type === 'Warning' ? 'Warning' : 'Normal',
    reason: pool.s(str(raw.reason) ?? ''),
    message: str(raw.message) ?? str(raw.note) ?? '',
    count: num(raw.count) ?? num(raw.series?.count) ?? 1,
  };
  const last = str(raw.lastTimestamp) ?? str(raw.eventTime) ?? str(raw.metadata?.creationTimestamp);
  if (last) rec.lastTimestamp = last;
  return rec;
}

/** Returns the raw → record function for one kind (undefined for objects without a uid). */
export function slimmer(
  kind: RecordKind,
  pool: InternPool = new InternPool(),
): (raw: RawObject) => SlimRecord | undefined {
  return (raw) => {
    const meta = metaOf(raw, pool, STAMPED.has(kind));
    if (!meta) return undefined;
    switch (kind) {
      case 'Service':
        return slimService(raw, meta, pool);
      case 'EndpointSlice':
        return slimEndpointSlice(raw, meta, pool);
      case 'Endpoints':
        return slimEndpoints(raw, meta, pool);
      case 'Pod':
        return slimPod(raw, meta, pool);
      case 'Node':
        return slimNode(raw, meta, pool);
      case 'Namespace':
        return slimNamespace(raw, meta);
      case 'Event':
        return slimEvent(raw, meta, pool);
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'DaemonSet':
        return slimWorkload(kind, raw, meta, pool);
    }
  };
}
