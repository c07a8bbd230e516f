/**
 * Test builders for the objects themselves — namespaces, nodes, Services, pods — as slim records
 * (records.ts) shaped the way the apiserver and the kubelet leave them: a Service after defaulting
 * (clusterIP allocated, targetPort set), a pod Running and Ready unless told otherwise.
 *
 * Contract: deterministic — uids and generated names are derived from names, ClusterIPs, pod IPs
 * and resourceVersions count up in call order — so tests can assert on ids. Test-only.
 */
import type {
  ContainerPortRecord,
  ContainerStatusRecord,
  NamespaceRecord,
  NodeRecord,
  PodRecord,
  ServicePortRecord,
  ServiceRecord,
} from '../records';

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
/** Metadata as the apiserver fills it in; resourceVersions count up across every builder. */
export function objectMeta(
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
  return { kind: 'Namespace', meta: objectMeta('Namespace', '', name), phase: 'Active' };
}

export function nodeRecord(
  name: string,
  opts: { zone?: string; internalIP?: string } = {},
): NodeRecord {
  const node: NodeRecord = {
    kind: 'Node',
    meta: objectMeta('Node', '', name),
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
    meta: objectMeta('Service', namespace, name, opts.labels ? { labels: opts.labels } : {}),
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
  owner?: PodRecord['owner'];
}

let podIpCounter = 0;
function nextPodIp(): string {
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
    meta: objectMeta('Pod', namespace, name, {
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

/** The pod-template-hash the builders give a Deployment's (first) ReplicaSet. */
export function templateHashOf(deployment: string): string {
  return suffixFor(deployment + '-rs').slice(0, 5) + '9d';
}

/**
 * `count` replicas of a Deployment's pods, named like a ReplicaSet names them (the ReplicaSet is
 * `<deployment>-<templateHash>`, see testing/workloads.ts for the records themselves).
 */
export function deploymentPods(
  namespace: string,
  deployment: string,
  count: number,
  opts: PodOptions & { templateHash?: string } = {},
): PodRecord[] {
  const hash = opts.templateHash ?? templateHashOf(deployment);
  const out: PodRecord[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${deployment}-${hash}-${suffixFor(`${deployment}-${i}`)}`;
    out.push(
      podRecord(namespace, name, {
        ...opts,
        labels: { ...(opts.labels ?? {}), 'pod-template-hash': hash },
        owner: {
          kind: 'ReplicaSet',
          name: `${deployment}-${hash}`,
          uid: uidFor('ReplicaSet', namespace, `${deployment}-${hash}`),
        },
        nodeName: opts.nodeName ?? (i % 2 === 0 ? 'node-1' : 'node-2'),
      }),
    );
  }
  return out;
}
