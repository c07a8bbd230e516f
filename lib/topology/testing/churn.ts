/**
 * Random change sequences over a small cluster, for proving the maintained model
 * (live-model.ts) equal to fresh builds: pods added, relabelled, flipped ready, terminating,
 * finished and deleted; selectors edited; Services added and deleted (ClusterIPs drawn from the
 * pod-IP pool so addresses collide); slices and Endpoints rewritten by the controllers, dropped,
 * or hand-made with targetRefs to pods that may not exist; Deployments and ReplicaSets scaled,
 * created and deleted; nodes gone and back with other IPs.
 *
 * Contract: deterministic for a seed (a small xorshift PRNG); `step()` returns the change batch it
 * made and keeps `records` (the truth) current. Test-only.
 */
import type {
  EndpointSliceRecord,
  EndpointsRecord,
  PodRecord,
  RecordKind,
  ServiceRecord,
  SlimRecord,
} from '../records';
import { controllerEndpoints, controllerSlices, manualEndpoints, manualSlice } from './endpoints';
import { nodeRecord, podRecord, serviceRecord, uidFor } from './objects';
import { deploymentRecord, replicaSetRecord } from './workloads';

export interface ChurnBatch {
  upserts: SlimRecord[];
  deletes: { kind: RecordKind; uid: string }[];
  what: string;
}

const NAMESPACES = ['ns-a', 'ns-b', 'ns-c'];
const APPS = ['web', 'wbe', 'api', 'apii', 'db'];
const TIERS = ['front', 'back'];
const NODES = ['node-1', 'node-2', 'node-3'];
/** Pod IPs, node IPs and ClusterIPs all come from here, so they collide. */
const IPS = Array.from({ length: 24 }, (_, i) => `10.1.0.${i + 1}`);

export class Churn {
  readonly records = new Map<string, SlimRecord>();
  private state: number;
  private serial = 0;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** A number in [0, n). */
  int(n: number): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  of<K extends RecordKind>(kind: K): Extract<SlimRecord, { kind: K }>[] {
    return [...this.records.values()].filter((r) => r.kind === kind) as Extract<
      SlimRecord,
      { kind: K }
    >[];
  }

  private labels(): Record<string, string> {
    const labels: Record<string, string> = { app: this.pick(APPS) };
    if (this.int(2)) labels.tier = this.pick(TIERS);
    return labels;
  }

  private stamp<R extends SlimRecord>(record: R): R {
    return { ...record, meta: { ...record.meta, resourceVersion: String(++this.serial) } };
  }

  /** The first batch: a cluster at rest. */
  seed(): ChurnBatch {
    const batch: ChurnBatch = { upserts: [], deletes: [], what: 'seed' };
    for (const name of NODES) this.put(batch, nodeRecord(name, { internalIP: this.pick(IPS) }));
    for (let i = 0; i < 6; i++) this.addService(batch);
    for (let i = 0; i < 16; i++) this.addPod(batch);
    for (const svc of this.of('Service')) this.runControllers(batch, svc);
    return batch;
  }

  private put(batch: ChurnBatch, record: SlimRecord): void {
    const stamped = this.stamp(record);
    this.records.set(stamped.meta.uid, stamped);
    // Like the cache's batches: one uid is either upserted or deleted, never both.
    batch.deletes = batch.deletes.filter((d) => d.uid !== stamped.meta.uid);
    batch.upserts.push(stamped);
  }

  private drop(batch: ChurnBatch, record: SlimRecord): void {
    if (!this.records.delete(record.meta.uid)) return;
    batch.upserts = batch.upserts.filter((r) => r.meta.uid !== record.meta.uid);
    batch.deletes.push({ kind: record.kind, uid: record.meta.uid });
  }

  private addPod(batch: ChurnBatch): void {
    const ns = this.pick(NAMESPACES);
    const sets = this.of('ReplicaSet').filter((rs) => rs.meta.namespace === ns);
    const rs = sets.length > 0 && this.int(2) ? this.pick(sets) : undefined;
    const pod = podRecord(ns, `pod-${++this.serial}`, {
      labels: rs ? { ...rs.templateLabels } : this.labels(),
      ip: this.int(5) === 0 ? null : this.pick(IPS),
      nodeName: this.pick(NODES),
      ready: this.int(4) > 0,
      containerPorts: [{ containerPort: this.pick([80, 8080]), protocol: 'TCP', name: 'http' }],
      ...(rs ? { owner: { kind: 'ReplicaSet', name: rs.meta.name, uid: rs.meta.uid } } : {}),
    });
    this.put(batch, pod);
  }

  private addService(batch: ChurnBatch): void {
    const ns = this.pick(NAMESPACES);
    const roll = this.int(10);
    const name = `svc-${++this.serial}`;
    const svc =
      roll === 0
        ? serviceRecord(ns, name, { type: 'ExternalName', externalName: 'db.example.com' })
        : serviceRecord(ns, name, {
            ...(roll === 1 ? {} : { selector: this.labels() }),
            clusterIP: this.pick(IPS),
            ports: [
              {
                port: 80,
                protocol: 'TCP',
                targetPort: this.pick<number | string>([80, 8080, 'http']),
              },
            ],
          });
    this.put(batch, svc);
  }

  /** What the controllers write for a Service now (slices replaced, Endpoints rewritten). */
  private runControllers(batch: ChurnBatch, svc: ServiceRecord): void {
    this.dropSlices(batch, svc);
    if (!svc.selector || svc.type === 'ExternalName') return;
    const pods = this.of('Pod');
    for (const slice of controllerSlices(svc, pods, this.of('Node'))) this.put(batch, slice);
    this.put(batch, controllerEndpoints(svc, pods));
  }

  private dropSlices(batch: ChurnBatch, svc: ServiceRecord): void {
    const { namespace, name } = svc.meta;
    for (const slice of this.of('EndpointSlice'))
      if (slice.meta.namespace === namespace && slice.serviceName === name) this.drop(batch, slice);
  }

  private handMade(batch: ChurnBatch, svc: ServiceRecord): void {
    const { namespace, name } = svc.meta;
    const pods = this.of('Pod');
    const pod = pods.length > 0 && this.int(2) ? this.pick(pods) : undefined;
    const address = pod?.podIP ?? this.pick(IPS);
    const targetRef = pod
      ? { kind: 'Pod', name: pod.meta.name, namespace: pod.meta.namespace, uid: pod.meta.uid }
      : this.int(2)
        ? { kind: 'Pod', name: 'gone', namespace, uid: uidFor('Pod', namespace, 'gone') }
        : undefined;
    const slice: EndpointSliceRecord = manualSlice(namespace, `${name}-manual`, name, {
      ports: [{ port: 80, protocol: 'TCP' }],
      endpoints: [
        { addresses: [address], ready: this.int(3) > 0, ...(targetRef ? { targetRef } : {}) },
      ],
    });
    this.put(batch, slice);
    if (this.int(2)) {
      const ep: EndpointsRecord = manualEndpoints(namespace, name, [
        { addresses: [this.pick(IPS)], ports: [{ port: 80, protocol: 'TCP' }] },
      ]);
      this.put(batch, ep);
    }
  }

  private editPod(batch: ChurnBatch, pod: PodRecord): string {
    const roll = this.int(6);
    if (roll === 0) {
      this.put(batch, { ...pod, meta: { ...pod.meta, labels: this.labels() } });
      return 'relabel pod';
    }
    if (roll === 1) {
      this.put(batch, { ...pod, ready: !pod.ready });
      return 'flip readiness';
    }
    if (roll === 2) {
      this.put(batch, { ...pod, meta: { ...pod.meta, deletionTimestamp: '2026-12-03T10:00:00Z' } });
      return 'pod terminating';
    }
    if (roll === 3) {
      this.put(batch, { ...pod, phase: 'Succeeded', ready: false });
      return 'pod finished';
    }
    if (roll === 4) {
      const ip = this.pick(IPS);
      this.put(batch, { ...pod, podIP: ip, podIPs: [ip] });
      return 'pod IP changed';
    }
    this.drop(batch, pod);
    return 'delete pod';
  }

  private editWorkloads(batch: ChurnBatch): string {
    const deployments = this.of('Deployment');
    const roll = this.int(4);
    if (roll === 0 || deployments.length === 0) {
      const ns = this.pick(NAMESPACES);
      // Half of them behind a Service: the template its selector matches.
      const behind = this.of('Service').filter((s) => s.meta.namespace === ns && s.selector);
      const d = deploymentRecord(ns, `deploy-${++this.serial}`, {
        labels:
          behind.length > 0 && this.int(2) ? { ...this.pick(behind).selector } : this.labels(),
        replicas: this.int(3),
      });
      this.put(batch, d);
      this.put(batch, replicaSetRecord(d));
      return 'add deployment';
    }
    const d = this.pick(deployments);
    if (roll === 1) {
      this.drop(batch, d);
      return 'delete deployment';
    }
    if (roll === 2) {
      const replicas = this.int(4);
      this.put(batch, { ...d, replicas, status: { ...d.status, replicas, ready: replicas } });
      for (const rs of this.of('ReplicaSet'))
        if (rs.owner?.uid === d.meta.uid) this.put(batch, { ...rs, replicas });
      return 'scale deployment';
    }
    const sets = this.of('ReplicaSet').filter((rs) => rs.owner?.uid === d.meta.uid);
    if (sets.length > 0) this.drop(batch, this.pick(sets));
    return 'delete replicaset';
  }

  /** One random change. */
  step(): ChurnBatch {
    const batch: ChurnBatch = { upserts: [], deletes: [], what: '' };
    const services = this.of('Service');
    const pods = this.of('Pod');
    const roll = this.int(20);
    if (roll < 4 || pods.length === 0) {
      this.addPod(batch);
      batch.what = 'add pod';
    } else if (roll < 9) {
      batch.what = this.editPod(batch, this.pick(pods));
    } else if (roll < 11 && services.length > 0) {
      const svc = this.pick(services);
      this.put(batch, { ...svc, selector: this.labels() });
      batch.what = 'edit selector';
    } else if (roll < 12) {
      this.addService(batch);
      batch.what = 'add service';
    } else if (roll < 13 && services.length > 0) {
      this.drop(batch, this.pick(services));
      batch.what = 'delete service';
    } else if (roll < 15 && services.length > 0) {
      this.runControllers(batch, this.pick(services));
      batch.what = 'controllers rewrite slices';
    } else if (roll < 16 && services.length > 0) {
      this.dropSlices(batch, this.pick(services));
      batch.what = 'slices gone';
    } else if (roll < 17 && services.length > 0) {
      this.handMade(batch, this.pick(services));
      batch.what = 'hand-made slice';
    } else if (roll < 19) {
      batch.what = this.editWorkloads(batch);
    } else {
      const node = this.pick(this.of('Node'));
      if (node && this.int(2)) this.drop(batch, node);
      else this.put(batch, nodeRecord(this.pick(NODES), { internalIP: this.pick(IPS) }));
      batch.what = 'node gone or back';
    }
    return batch;
  }
}
