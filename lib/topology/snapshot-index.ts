/**
 * Indexes over a ClusterSnapshot, built once per snapshot and shared by buildTopology and the
 * diagnosis, so that neither ever scans all pods per Service (O(services × pods) is what makes
 * other maps fall over at a few thousand pods).
 *
 * Contract: pure; never mutates the snapshot; every list it returns is in a deterministic order
 * (namespace/name) whatever the order of the snapshot's arrays. Lazily built parts (label postings,
 * pod IPs, ClusterIPs, pods per owner) are computed on first use and cached on the index.
 * Owner chains (pod → ReplicaSet → Deployment, pod → StatefulSet/DaemonSet) follow the
 * controlling owner reference by uid, or by kind/namespace/name when a reference has no uid; an
 * owner the snapshot lacks (not watched, forbidden, deleted) ends the chain.
 */
import type {
  ClusterSnapshot,
  EndpointSliceRecord,
  EndpointsRecord,
  NodeRecord,
  OwnerRecord,
  PodRecord,
  ReplicaSetRecord,
  ServiceRecord,
  WorkloadRecord,
} from './records';
import type { Selector } from './selector';

/** key=value postings of one namespace: label key → value → pods (in namespace/name order). */
export type LabelPostings = Map<string, Map<string, PodRecord[]>>;

export function objectKey(namespace: string, name: string): string {
  return namespace + '/' + name;
}

export function byNamespaceName<T extends { meta: { namespace: string; name: string } }>(
  a: T,
  b: T,
): number {
  const an = a.meta.namespace;
  const bn = b.meta.namespace;
  if (an !== bn) return an < bn ? -1 : 1;
  const a2 = a.meta.name;
  const b2 = b.meta.name;
  return a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}

export function byName<T extends { meta: { name: string } }>(a: T, b: T): number {
  const a2 = a.meta.name;
  const b2 = b.meta.name;
  return a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}

export class SnapshotIndex {
  readonly snapshot: ClusterSnapshot;
  /** Services in namespace/name order. */
  readonly services: ServiceRecord[];
  readonly serviceByKey = new Map<string, ServiceRecord>();
  /** EndpointSlices by `namespace/serviceName`, each list in name order. */
  readonly slicesByService: Map<string, EndpointSliceRecord[]> = this.newMap('slices:');
  readonly endpointsByKey: Map<string, EndpointsRecord> = this.newMap('eps:');
  readonly podsByUid: Map<string, PodRecord> = this.newMap('uid:');
  /** Pods per namespace in name order. */
  readonly podsByNamespace: Map<string, PodRecord[]> = this.newMap('pods-ns:');
  readonly nodesByName = new Map<string, NodeRecord>();
  /** Every workload (Deployment, ReplicaSet, StatefulSet, DaemonSet) by uid. */
  readonly workloadsByUid: Map<string, WorkloadRecord> = this.newMap('wl:');
  /** Workloads per namespace, by kind (Deployment, ReplicaSet, StatefulSet, DaemonSet) then name. */
  readonly workloadsByNamespace: Map<string, WorkloadRecord[]> = this.newMap('wl-ns:');
  /** A Deployment's ReplicaSets by the Deployment's uid, in name order. */
  readonly replicaSetsByOwner: Map<string, ReplicaSetRecord[]> = this.newMap('rs-owner:');
  protected readonly workloadsByKindKey: Map<string, WorkloadRecord> = this.newMap('wlk:');
  private podsByOwnerCache?: Map<WorkloadRecord, PodRecord[]>;

  protected readonly postings = new Map<string, LabelPostings>();
  private podsByIpCache?: Map<string, PodRecord[]>;
  private podsByKeyCache?: Map<string, PodRecord>;
  private clusterIpCache?: Map<string, ServiceRecord>;
  private nodeIpCache?: Set<string>;
  /** Memos keyed by the Service record itself (identity hashing is cheaper than uid strings). */
  readonly routingMemo = new Map<ServiceRecord, unknown>();
  private readonly selectedMemo = new Map<ServiceRecord, PodRecord[]>();

  /**
   * How the index makes the maps the routing and the diagnosis read by key: plain maps here; the
   * maintained index (live-index.ts) records which keys each Service's answer read. `tag` names
   * the map in those keys.
   */
  protected newMap<K extends string, V>(tag: string): Map<K, V> {
    void tag;
    return new Map<K, V>();
  }

  /** Drops what the index memoised for this Service record (its routing and selected pods). */
  forget(service: ServiceRecord): void {
    this.routingMemo.delete(service);
    this.selectedMemo.delete(service);
  }

  constructor(snapshot: ClusterSnapshot) {
    this.snapshot = snapshot;
    this.services = snapshot.services.slice().sort(byNamespaceName);
    for (const svc of this.services)
      this.serviceByKey.set(objectKey(svc.meta.namespace, svc.meta.name), svc);

    for (const slice of snapshot.endpointSlices) {
      if (!slice.serviceName) continue;
      const key = objectKey(slice.meta.namespace, slice.serviceName);
      const list = this.slicesByService.get(key);
      if (list) list.push(slice);
      else this.slicesByService.set(key, [slice]);
    }
    for (const list of this.slicesByService.values()) {
      if (list.length > 1) list.sort(byNamespaceName);
    }
    for (const ep of snapshot.endpoints)
      this.endpointsByKey.set(objectKey(ep.meta.namespace, ep.meta.name), ep);

    for (const pod of snapshot.pods) {
      this.podsByUid.set(pod.meta.uid, pod);
      const list = this.podsByNamespace.get(pod.meta.namespace);
      if (list) list.push(pod);
      else this.podsByNamespace.set(pod.meta.namespace, [pod]);
    }
    // Sorting each namespace by name is cheaper than one global namespace/name sort.
    for (const list of this.podsByNamespace.values()) list.sort(byName);
    for (const node of snapshot.nodes) this.nodesByName.set(node.meta.name, node);
    this.indexWorkloads(snapshot);
  }

  private indexWorkloads(snapshot: ClusterSnapshot): void {
    // Older snapshots (and hand-made ones) may lack the workload arrays.
    const lists: WorkloadRecord[][] = [
      snapshot.deployments ?? [],
      snapshot.replicaSets ?? [],
      snapshot.statefulSets ?? [],
      snapshot.daemonSets ?? [],
    ];
    for (const list of lists) {
      for (const w of list.slice().sort(byNamespaceName)) {
        this.workloadsByUid.set(w.meta.uid, w);
        this.workloadsByKindKey.set(`${w.kind}/${w.meta.namespace}/${w.meta.name}`, w);
        const inNs = this.workloadsByNamespace.get(w.meta.namespace);
        if (inNs) inNs.push(w);
        else this.workloadsByNamespace.set(w.meta.namespace, [w]);
      }
    }
    for (const rs of snapshot.replicaSets ?? []) {
      const owner = this.resolveOwner(rs.meta.namespace, rs.owner);
      if (owner?.kind !== 'Deployment') continue;
      const list = this.replicaSetsByOwner.get(owner.meta.uid);
      if (list) list.push(rs);
      else this.replicaSetsByOwner.set(owner.meta.uid, [rs]);
    }
    for (const list of this.replicaSetsByOwner.values()) list.sort(byName);
  }

  protected resolveOwner(namespace: string, owner: OwnerRecord | undefined) {
    if (!owner) return undefined;
    const found = owner.uid
      ? this.workloadsByUid.get(owner.uid)
      : this.workloadsByKindKey.get(`${owner.kind}/${namespace}/${owner.name}`);
    // A uid names one object; a same-named object of another kind is not the owner.
    return found && found.kind === owner.kind ? found : undefined;
  }

  /** The workload that directly controls a pod or workload (a pod's ReplicaSet), if known. */
  ownerOf(record: PodRecord | WorkloadRecord): WorkloadRecord | undefined {
    return this.resolveOwner(record.meta.namespace, record.owner);
  }

  /**
   * The owner chain of a pod, nearest first: [ReplicaSet, Deployment], [StatefulSet], [] for a
   * bare pod or one whose owner the snapshot lacks.
   */
  ownerChain(pod: PodRecord): WorkloadRecord[] {
    const chain: WorkloadRecord[] = [];
    let next = this.ownerOf(pod);
    while (next && chain.length < 4 && !chain.includes(next)) {
      chain.push(next);
      next = this.ownerOf(next);
    }
    return chain;
  }

  /** The outermost workload of a pod (its Deployment, not the ReplicaSet), if any. */
  workloadOfPod(pod: PodRecord): WorkloadRecord | undefined {
    const chain = this.ownerChain(pod);
    return chain[chain.length - 1];
  }

  /** Pods whose controlling owner is this workload (a ReplicaSet's own pods), in name order. */
  podsOwnedBy(workload: WorkloadRecord): PodRecord[] {
    if (!this.podsByOwnerCache) {
      const map = new Map<WorkloadRecord, PodRecord[]>();
      if (this.workloadsByUid.size > 0) {
        for (const list of this.podsByNamespace.values()) {
          for (const pod of list) {
            const owner = this.ownerOf(pod);
            if (!owner) continue;
            const pods = map.get(owner);
            if (pods) pods.push(pod);
            else map.set(owner, [pod]);
          }
        }
      }
      this.podsByOwnerCache = map;
    }
    return this.podsByOwnerCache.get(workload) ?? [];
  }

  /** Label postings of one namespace, built on first use. */
  labelPostings(namespace: string): LabelPostings {
    return this.postingsOf(namespace);
  }

  protected postingsOf(namespace: string): LabelPostings {
    let postings = this.postings.get(namespace);
    if (postings) return postings;
    postings = new Map();
    for (const pod of this.podsByNamespace.get(namespace) ?? []) {
      const labels = pod.meta.labels;
      if (!labels) continue;
      for (const key in labels) {
        let values = postings.get(key);
        if (!values) postings.set(key, (values = new Map()));
        const value = labels[key]!;
        const list = values.get(value);
        if (list) list.push(pod);
        else values.set(value, [pod]);
      }
    }
    this.postings.set(namespace, postings);
    return postings;
  }

  /** selectPods for a Service, memoised per Service (the map and the diagnosis both ask). */
  selectedPods(service: ServiceRecord): PodRecord[] {
    const cached = this.selectedMemo.get(service);
    if (cached) return cached;
    const pods = this.selectPods(service.meta.namespace, service.selector);
    this.selectedMemo.set(service, pods);
    return pods;
  }

  /**
   * Pods of `namespace` the selector matches, in name order, including terminal and terminating
   * ones (callers decide what those mean). Starts from the shortest key=value posting list.
   */
  selectPods(namespace: string, selector: Selector): PodRecord[] {
    if (!selector) return [];
    const keys = Object.keys(selector);
    if (keys.length === 0) return [];
    const postings = this.postingsOf(namespace);
    let shortest: PodRecord[] | undefined;
    for (const key of keys) {
      const list = postings.get(key)?.get(selector[key]!);
      if (!list) return [];
      if (!shortest || list.length < shortest.length) shortest = list;
    }
    // One pair (the usual `app: x`): the posting list is the answer. Callers must not mutate it.
    if (keys.length === 1) return shortest!;
    return shortest!.filter((pod) => {
      const labels = pod.meta.labels!;
      for (const key of keys) if (labels[key] !== selector[key]) return false;
      return true;
    });
  }

  /** Pods by `namespace/name`, built on first use (only targetRefs without a uid need it). */
  podsByKey(): Map<string, PodRecord> {
    if (this.podsByKeyCache) return this.podsByKeyCache;
    const map = new Map<string, PodRecord>();
    for (const pod of this.snapshot.pods)
      map.set(objectKey(pod.meta.namespace, pod.meta.name), pod);
    this.podsByKeyCache = map;
    return map;
  }

  /** Pods by every IP they hold (podIP and podIPs). Several pods share one IP when on hostNetwork. */
  podsByIp(): Map<string, PodRecord[]> {
    if (this.podsByIpCache) return this.podsByIpCache;
    const map = new Map<string, PodRecord[]>();
    const add = (ip: string, pod: PodRecord) => {
      const list = map.get(ip);
      if (!list) map.set(ip, [pod]);
      else if (list[list.length - 1] !== pod) list.push(pod);
    };
    for (const pod of this.snapshot.pods) {
      if (pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
      const podIP = pod.podIP;
      if (podIP) add(podIP, pod);
      // podIPs usually repeats podIP, whose list already ends with this pod.
      if (pod.podIPs) for (const ip of pod.podIPs) if (!podIP || ip !== podIP) add(ip, pod);
    }
    this.podsByIpCache = map;
    return map;
  }

  /** ClusterIP (every family) → Service. Headless and ExternalName Services have none. */
  clusterIps(): Map<string, ServiceRecord> {
    if (this.clusterIpCache) return this.clusterIpCache;
    const map = new Map<string, ServiceRecord>();
    const add = (ip: string, svc: ServiceRecord) => {
      if (ip !== 'None' && ip !== '' && !map.has(ip)) map.set(ip, svc);
    };
    for (const svc of this.services) {
      if (svc.clusterIP) add(svc.clusterIP, svc);
      if (svc.clusterIPs) for (const ip of svc.clusterIPs) add(ip, svc);
    }
    this.clusterIpCache = map;
    return map;
  }

  /** Node internal IPs: hostNetwork pods carry them as pod IPs, so they are nobody's "pod IP". */
  nodeIps(): Set<string> {
    if (this.nodeIpCache) return this.nodeIpCache;
    const set = new Set<string>();
    for (const node of this.snapshot.nodes) if (node.internalIP) set.add(node.internalIP);
    this.nodeIpCache = set;
    return set;
  }
}

export function indexSnapshot(snapshot: ClusterSnapshot): SnapshotIndex {
  return new SnapshotIndex(snapshot);
}
