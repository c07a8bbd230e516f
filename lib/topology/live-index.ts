/**
 * The snapshot index kept up to date record by record: the same SnapshotIndex every consumer
 * reads (routing, build, diagnosis), whose maps and lists are edited in O(changed records)
 * instead of being rebuilt from the whole cluster. Used by the maintained model (live-model.ts).
 *
 * Contract:
 * - After any sequence of `update` calls, every answer equals that of `indexSnapshot` over the
 *   same records (proved by live-model.test.ts against fresh builds). Lists stay in the base
 *   index's order. A namespace's pods and the label postings are edited in place (copying a
 *   20,000-pod list per change filled the heap's large-object space and made every change pay
 *   for a full collection); everything else that changes is replaced. Callers read lists
 *   synchronously and keep none across a change: a Service's memoised selection is dropped
 *   before its answer is recomputed, and any change to a list it holds dirties that answer.
 * - Every read the routing and the diagnosis make goes through a tracked map (tracked-map.ts) or
 *   one of the overrides below, and every edit logs what it wrote, so the model knows which
 *   Services an edit can change. Log keys: the tracked maps' tags, plus `pair:<ns>\0<k>=<v>`
 *   (pods of a namespace with a label), `labels:<ns>` (all of a namespace's labels: the near
 *   misses) and `owner:<uid>` (pods a workload owns).
 * - Label postings are built for every namespace up front (they are edited, never rebuilt).
 * Pure and isomorphic.
 */
import type {
  ClusterSnapshot,
  EndpointSliceRecord,
  EndpointsRecord,
  NodeRecord,
  PodRecord,
  ReplicaSetRecord,
  ServiceRecord,
  SlimRecord,
  WorkloadRecord,
} from './records';
import type { Selector } from './selector';
import { byName, byNamespaceName, objectKey, SnapshotIndex } from './snapshot-index';
import {
  inserted,
  insertInPlace,
  insertionPoint,
  put,
  removeInPlace,
  without,
} from './sorted-lists';
import { TrackedMap, TrackedSet, type KeyLog } from './tracked-map';

const WORKLOAD_ORDER: Record<string, number> = {
  Deployment: 0,
  ReplicaSet: 1,
  StatefulSet: 2,
  DaemonSet: 3,
};

function pairKey(namespace: string, key: string, value: string): string {
  return `pair:${namespace}\0${key}=${value}`;
}

function kindKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** How a pod names its owner: the owner's uid, else kind/namespace/name (as resolveOwner reads it). */
function ownerRefKey(pod: PodRecord): string | undefined {
  const owner = pod.owner;
  if (!owner) return undefined;
  return owner.uid ?? kindKey(owner.kind, pod.meta.namespace, owner.name);
}

/** The IPs the base index files a pod under (terminal pods hold none). */
function podIps(pod: PodRecord): string[] {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return [];
  const ips = new Set<string>();
  if (pod.podIP) ips.add(pod.podIP);
  for (const ip of pod.podIPs ?? []) ips.add(ip);
  return [...ips];
}

function clusterIpsOf(svc: ServiceRecord): string[] {
  const ips = new Set<string>();
  if (svc.clusterIP) ips.add(svc.clusterIP);
  for (const ip of svc.clusterIPs ?? []) ips.add(ip);
  ips.delete('None');
  ips.delete('');
  return [...ips];
}

export class LiveIndex extends SnapshotIndex implements KeyLog {
  reading: Set<string> | undefined;
  written: Set<string> | undefined = new Set();
  private readonly byKey: TrackedMap<string, PodRecord> = new TrackedMap(this, 'key:');
  private readonly byIp: TrackedMap<string, PodRecord[]> = new TrackedMap(this, 'pip:');
  private readonly byClusterIp: TrackedMap<string, ServiceRecord> = new TrackedMap(this, 'cip:');
  private readonly ipHolders = new Map<string, ServiceRecord[]>();
  private readonly nodeIpSet = new TrackedSet(this, 'nip:');
  private readonly nodeIpCounts = new Map<string, number>();
  /** Pods by their owner reference (its uid, or kind/namespace/name), in namespace/name order. */
  private readonly podsByOwnerRef = new Map<string, PodRecord[]>();
  private readonly workloadsInNamespace = new Map<string, Map<string, WorkloadRecord>>();
  /** The Deployment uids `replicaSetsByOwner` holds for each namespace's ReplicaSets. */
  private readonly rsOwnersInNamespace = new Map<string, Set<string>>();

  constructor(snapshot: ClusterSnapshot) {
    super(snapshot);
    const written = this.written;
    this.written = undefined;
    // In bulk: filing pods one by one copies each sorted list per pod (quadratic for a
    // ReplicaSet of 20,000 pods).
    for (const pod of snapshot.pods) {
      this.byKey.set(objectKey(pod.meta.namespace, pod.meta.name), pod);
      for (const ip of podIps(pod)) {
        const list = this.byIp.get(ip);
        if (list) list.push(pod);
        else this.byIp.set(ip, [pod]);
      }
      const ref = ownerRefKey(pod);
      if (ref === undefined) continue;
      const owned = this.podsByOwnerRef.get(ref);
      if (owned) owned.push(pod);
      else this.podsByOwnerRef.set(ref, [pod]);
    }
    for (const list of this.podsByOwnerRef.values()) list.sort(byNamespaceName);
    for (const svc of this.services) this.fileServiceIps(svc);
    for (const node of snapshot.nodes) this.fileNodeIp(node.internalIP, 1);
    for (const w of this.workloadsByUid.values())
      this.workloadsOf(w.meta.namespace).set(w.meta.uid, w);
    for (const rsList of this.replicaSetsByOwner.values()) {
      for (const rs of rsList) this.rsOwnersOf(rs.meta.namespace).add(this.ownerOf(rs)!.meta.uid);
    }
    for (const ns of this.podsByNamespace.keys()) this.postingsOf(ns);
    this.written = written;
  }

  protected override newMap<K extends string, V>(tag: string): Map<K, V> {
    return new TrackedMap<K, V>(this, tag);
  }

  override podsByKey(): Map<string, PodRecord> {
    return this.byKey;
  }

  override podsByIp(): Map<string, PodRecord[]> {
    return this.byIp;
  }

  override clusterIps(): Map<string, ServiceRecord> {
    return this.byClusterIp;
  }

  override nodeIps(): Set<string> {
    return this.nodeIpSet;
  }

  override labelPostings(namespace: string): Map<string, Map<string, PodRecord[]>> {
    this.reading?.add('labels:' + namespace);
    return this.postingsOf(namespace);
  }

  override selectPods(namespace: string, selector: Selector): PodRecord[] {
    const reading = this.reading;
    if (reading && selector) {
      for (const key in selector) reading.add(pairKey(namespace, key, selector[key]!));
    }
    return super.selectPods(namespace, selector);
  }

  override podsOwnedBy(workload: WorkloadRecord): PodRecord[] {
    const { uid, namespace, name } = workload.meta;
    this.reading?.add('owner:' + uid);
    const out: PodRecord[] = [];
    for (const ref of [uid, kindKey(workload.kind, namespace, name)]) {
      for (const pod of this.podsByOwnerRef.get(ref) ?? [])
        if (this.ownerOf(pod) === workload) out.push(pod);
    }
    return out.sort(byNamespaceName);
  }

  /** Replaces `old` by `next` (either may be absent: an add, a delete). Same kind and uid. */
  update(old: SlimRecord | undefined, next: SlimRecord | undefined): void {
    const kind = (next ?? old)?.kind;
    switch (kind) {
      case 'Pod':
        if (old) this.unfilePod(old as PodRecord);
        if (next) this.filePod(next as PodRecord);
        break;
      case 'Service':
        if (old) this.removeService(old as ServiceRecord);
        if (next) this.addService(next as ServiceRecord);
        break;
      case 'EndpointSlice':
        if (old) this.fileSlice(old as EndpointSliceRecord, false);
        if (next) this.fileSlice(next as EndpointSliceRecord, true);
        break;
      case 'Endpoints':
        if (old) this.fileEndpoints(old as EndpointsRecord, false);
        if (next) this.fileEndpoints(next as EndpointsRecord, true);
        break;
      case 'Node':
        if (old) this.fileNode(old as NodeRecord, false);
        if (next) this.fileNode(next as NodeRecord, true);
        break;
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'DaemonSet':
        if (old) this.fileWorkload(old as WorkloadRecord, false);
        if (next) this.fileWorkload(next as WorkloadRecord, true);
        this.reindexWorkloads((next ?? old)!.meta.namespace);
        break;
      default:
        // Namespaces and Events are not part of the index.
        break;
    }
  }

  private noteWrite(key: string): void {
    this.written?.add(key);
  }

  private filePod(pod: PodRecord): void {
    const { uid, namespace } = pod.meta;
    // Postings first: built now for a new namespace, they must not already hold the pod.
    const postings = this.postingsOf(namespace);
    this.podsByUid.set(uid, pod);
    const inNamespace = this.podsByNamespace.get(namespace);
    if (inNamespace) {
      insertInPlace(inNamespace, pod, byName);
      this.noteWrite('pods-ns:' + namespace);
    } else {
      this.podsByNamespace.set(namespace, [pod]);
    }
    this.fileByKeys(pod, true);
    const labels = pod.meta.labels ?? {};
    for (const key in labels) {
      const value = labels[key]!;
      let values = postings.get(key);
      if (!values) postings.set(key, (values = new Map()));
      const list = values.get(value);
      if (list) insertInPlace(list, pod, byName);
      else values.set(value, [pod]);
      this.noteWrite(pairKey(namespace, key, value));
    }
    this.noteWrite('labels:' + namespace);
  }

  private unfilePod(pod: PodRecord): void {
    const { uid, namespace } = pod.meta;
    const postings = this.postingsOf(namespace);
    if (this.podsByUid.get(uid) === pod) this.podsByUid.delete(uid);
    const inNamespace = this.podsByNamespace.get(namespace);
    if (inNamespace) {
      removeInPlace(inNamespace, pod, byName);
      if (inNamespace.length === 0) this.podsByNamespace.delete(namespace);
      else this.noteWrite('pods-ns:' + namespace);
    }
    this.fileByKeys(pod, false);
    const labels = pod.meta.labels ?? {};
    for (const k in labels) {
      const value = labels[k]!;
      const values = postings.get(k);
      const list = values?.get(value);
      if (!values || !list) continue;
      removeInPlace(list, pod, byName);
      if (list.length === 0) values.delete(value);
      if (values.size === 0) postings.delete(k);
      this.noteWrite(pairKey(namespace, k, value));
    }
    this.noteWrite('labels:' + namespace);
  }

  /** A pod under its namespace/name, its IPs and its owner reference. */
  private fileByKeys(pod: PodRecord, add: boolean): void {
    const key = objectKey(pod.meta.namespace, pod.meta.name);
    if (add) this.byKey.set(key, pod);
    else if (this.byKey.get(key) === pod) this.byKey.delete(key);
    for (const ip of podIps(pod)) {
      const list = this.byIp.get(ip);
      put(this.byIp, ip, add ? [...(list ?? []), pod] : without(list, pod));
    }
    const owner = pod.owner;
    const ref = ownerRefKey(pod);
    if (!owner || ref === undefined) return;
    const list = this.podsByOwnerRef.get(ref);
    put(this.podsByOwnerRef, ref, add ? inserted(list, pod, byNamespaceName) : without(list, pod));
    if (owner.uid) this.noteWrite('owner:' + owner.uid);
    const resolved = this.ownerOf(pod);
    if (resolved) this.noteWrite('owner:' + resolved.meta.uid);
  }

  private addService(svc: ServiceRecord): void {
    this.services.splice(insertionPoint(this.services, svc, byNamespaceName), 0, svc);
    this.serviceByKey.set(objectKey(svc.meta.namespace, svc.meta.name), svc);
    this.fileServiceIps(svc);
  }

  private removeService(svc: ServiceRecord): void {
    const at = this.services.indexOf(svc);
    if (at >= 0) this.services.splice(at, 1);
    const key = objectKey(svc.meta.namespace, svc.meta.name);
    if (this.serviceByKey.get(key) === svc) this.serviceByKey.delete(key);
    for (const ip of clusterIpsOf(svc)) {
      const holders = without(this.ipHolders.get(ip), svc);
      put(this.ipHolders, ip, holders);
      if (holders) this.byClusterIp.set(ip, holders[0]!);
      else this.byClusterIp.delete(ip);
    }
    this.forget(svc);
  }

  private fileServiceIps(svc: ServiceRecord): void {
    for (const ip of clusterIpsOf(svc)) {
      const holders = inserted(this.ipHolders.get(ip), svc, byNamespaceName);
      this.ipHolders.set(ip, holders);
      this.byClusterIp.set(ip, holders[0]!);
    }
  }

  private fileSlice(slice: EndpointSliceRecord, add: boolean): void {
    if (!slice.serviceName) return;
    const key = objectKey(slice.meta.namespace, slice.serviceName);
    const list = this.slicesByService.get(key);
    put(
      this.slicesByService,
      key,
      add ? inserted(list, slice, byNamespaceName) : without(list, slice),
    );
  }

  private fileEndpoints(ep: EndpointsRecord, add: boolean): void {
    const key = objectKey(ep.meta.namespace, ep.meta.name);
    if (add) this.endpointsByKey.set(key, ep);
    else if (this.endpointsByKey.get(key) === ep) this.endpointsByKey.delete(key);
  }

  private fileNode(node: NodeRecord, add: boolean): void {
    if (add) this.nodesByName.set(node.meta.name, node);
    else if (this.nodesByName.get(node.meta.name) === node) this.nodesByName.delete(node.meta.name);
    this.fileNodeIp(node.internalIP, add ? 1 : -1);
  }

  private fileNodeIp(ip: string | undefined, delta: number): void {
    if (!ip) return;
    const count = (this.nodeIpCounts.get(ip) ?? 0) + delta;
    if (count > 0) {
      this.nodeIpCounts.set(ip, count);
      this.nodeIpSet.add(ip);
    } else {
      this.nodeIpCounts.delete(ip);
      this.nodeIpSet.delete(ip);
    }
  }

  private workloadsOf(namespace: string): Map<string, WorkloadRecord> {
    let m = this.workloadsInNamespace.get(namespace);
    if (!m) this.workloadsInNamespace.set(namespace, (m = new Map()));
    return m;
  }

  private rsOwnersOf(namespace: string): Set<string> {
    let s = this.rsOwnersInNamespace.get(namespace);
    if (!s) this.rsOwnersInNamespace.set(namespace, (s = new Set()));
    return s;
  }

  private fileWorkload(w: WorkloadRecord, add: boolean): void {
    const { uid, namespace, name } = w.meta;
    const key = kindKey(w.kind, namespace, name);
    if (add) {
      this.workloadsByUid.set(uid, w);
      this.workloadsByKindKey.set(key, w);
      this.workloadsOf(namespace).set(uid, w);
    } else {
      if (this.workloadsByUid.get(uid) === w) this.workloadsByUid.delete(uid);
      if (this.workloadsByKindKey.get(key) === w) this.workloadsByKindKey.delete(key);
      if (this.workloadsOf(namespace).get(uid) === w) this.workloadsOf(namespace).delete(uid);
    }
    this.noteWrite('owner:' + uid);
  }

  /** A namespace's workload list and its Deployments' ReplicaSets, from its workloads. */
  private reindexWorkloads(namespace: string): void {
    const list = [...this.workloadsOf(namespace).values()].sort(
      (a, b) => WORKLOAD_ORDER[a.kind]! - WORKLOAD_ORDER[b.kind]! || byName(a, b),
    );
    put(this.workloadsByNamespace, namespace, list.length > 0 ? list : undefined);
    const groups = new Map<string, ReplicaSetRecord[]>();
    for (const w of list) {
      if (w.kind !== 'ReplicaSet') continue;
      const owner = this.resolveOwner(namespace, w.owner);
      if (owner?.kind !== 'Deployment') continue;
      const group = groups.get(owner.meta.uid);
      if (group) group.push(w);
      else groups.set(owner.meta.uid, [w]);
    }
    const before = this.rsOwnersOf(namespace);
    for (const uid of before) if (!groups.has(uid)) this.replicaSetsByOwner.delete(uid);
    for (const [uid, group] of groups) {
      this.replicaSetsByOwner.set(uid, group.sort(byName));
    }
    this.rsOwnersInNamespace.set(namespace, new Set(groups.keys()));
  }
}
