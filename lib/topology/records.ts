/**
 * Slim records: the only shape of cluster objects the dashboard keeps.
 *
 * Contract: the server cache (lib/k8s) turns every watched object into one of these and nothing
 * else; the topology model, the diagnosis, the SSE stream and the browser store all read these.
 * A field is here only if the map, the panel or the diagnosis reads it (memory: the cache holds
 * every pod of the cluster, and every change goes to every open stream).
 * Isomorphic and free of runtime imports; `toClusterSnapshot` is the one grouping of records by
 * kind that the server cache, the browser store and the CLI share. `resourceVersion` is opaque:
 * compare for equality only. The workload kinds' shapes live in workload-records.ts.
 */
import type {
  DaemonSetRecord,
  DeploymentRecord,
  FieldChange,
  OwnerRecord,
  ReplicaSetRecord,
  StatefulSetRecord,
} from './workload-records';

export type * from './workload-records';

export type RecordKind =
  | 'Namespace'
  | 'Node'
  | 'Service'
  | 'EndpointSlice'
  | 'Endpoints'
  | 'Pod'
  | 'Event'
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet';

export interface RecordMeta {
  uid: string;
  name: string;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  resourceVersion: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  /** Only the annotations the product reads (see SLIM_ANNOTATION_KEYS). */
  annotations?: Record<string, string>;
  /**
   * Who last wrote this object: its newest `metadata.managedFields` entry that is not a write of
   * the `status` subresource (ties go to the later entry). Kept on Services, pods and workloads
   * only; absent when the server keeps no managedFields.
   */
  lastChange?: FieldChange;
}

/**
 * Annotations kept on slim records; everything else is dropped at the cache. Not kept:
 * `endpoints.kubernetes.io/last-change-trigger-time` — nothing reads it, and the endpoint
 * controllers rewrite it on every change, so it cost ≈ 90 bytes of every slice and Endpoints
 * change on the stream.
 */
export const SLIM_ANNOTATION_KEYS = [
  'endpoints.kubernetes.io/over-capacity',
  'switchboard.dev/created-by',
  'switchboard.dev/allow-internal-target',
] as const;

export interface ServicePortRecord {
  name?: string;
  protocol: string;
  port: number;
  /** Number, or a container port name; absent means "same as port". */
  targetPort?: number | string;
  nodePort?: number;
  appProtocol?: string;
}

export interface ServiceRecord {
  kind: 'Service';
  meta: RecordMeta;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** 'None' for headless Services. */
  clusterIP?: string;
  clusterIPs?: string[];
  externalName?: string;
  externalIPs?: string[];
  /** Absent or empty: a selector-less Service (its endpoints are managed by hand). */
  selector?: Record<string, string>;
  ports: ServicePortRecord[];
  publishNotReadyAddresses?: boolean;
  loadBalancerIngress?: string[];
  /**
   * Who last set `spec.selector`: the newest managedFields entry owning any `f:spec.f:selector`
   * field (a changed value moves its ownership to the writer, so a `kubectl edit` of the selector
   * shows as manager `kubectl-edit`, operation `Update`).
   */
  selectorChange?: FieldChange;
}

export interface EndpointPortRecord {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface TargetRefRecord {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export interface SliceEndpointRecord {
  addresses: string[];
  /** Conditions as served; `undefined` means unknown, which consumers treat as ready (upstream rule). */
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: TargetRefRecord;
}

export interface EndpointSliceRecord {
  kind: 'EndpointSlice';
  meta: RecordMeta;
  /** `kubernetes.io/service-name` label, the link to the Service. */
  serviceName?: string;
  /** `endpointslice.kubernetes.io/managed-by` label. */
  managedBy?: string;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  ports: EndpointPortRecord[];
  endpoints: SliceEndpointRecord[];
}

export interface EndpointAddressRecord {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: TargetRefRecord;
}

export interface EndpointSubsetRecord {
  addresses: EndpointAddressRecord[];
  notReadyAddresses: EndpointAddressRecord[];
  ports: EndpointPortRecord[];
}

export interface EndpointsRecord {
  kind: 'Endpoints';
  meta: RecordMeta;
  subsets: EndpointSubsetRecord[];
}

export interface ContainerPortRecord {
  name?: string;
  containerPort: number;
  protocol: string;
}

export interface ContainerStatusRecord {
  name: string;
  ready: boolean;
  restartCount: number;
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  /** e.g. CrashLoopBackOff, ImagePullBackOff, Error, Completed. */
  reason?: string;
  message?: string;
}

export interface PodRecord {
  kind: 'Pod';
  meta: RecordMeta;
  nodeName?: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  podIP?: string;
  podIPs?: string[];
  /** `spec.hostNetwork`: the pod's IP is its node's, not one of its own. */
  hostNetwork?: true;
  /** The `Ready` condition. */
  ready: boolean;
  /**
   * Reason/message of the PodScheduled=False condition when there is one (`Unschedulable`, with
   * the scheduler's `0/3 nodes are available: …`), else of the Ready condition when not True.
   */
  readyReason?: string;
  readyMessage?: string;
  scheduled: boolean;
  containerPorts: ContainerPortRecord[];
  containers: ContainerStatusRecord[];
  /** The controlling owner (e.g. ReplicaSet/nginx-5d…): the first link of the pod's owner chain. */
  owner?: OwnerRecord;
}

export interface NodeRecord {
  kind: 'Node';
  meta: RecordMeta;
  ready: boolean;
  zone?: string;
  podCIDRs?: string[];
  internalIP?: string;
  /**
   * Every InternalIP and ExternalIP address in status order, kept only when there is more than
   * `internalIP` (dual-stack or cloud nodes): the form's internal-address check reads them all.
   */
  addresses?: { type: 'InternalIP' | 'ExternalIP'; address: string }[];
}

export interface NamespaceRecord {
  kind: 'Namespace';
  meta: RecordMeta;
  phase: 'Active' | 'Terminating';
}

/** A Kubernetes Event (core/v1), slimmed for the timeline. */
export interface EventRecord {
  kind: 'Event';
  meta: RecordMeta;
  involved: { kind: string; namespace?: string; name: string; uid?: string };
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count: number;
  lastTimestamp?: string;
}

export type SlimRecord =
  | NamespaceRecord
  | NodeRecord
  | ServiceRecord
  | EndpointSliceRecord
  | EndpointsRecord
  | PodRecord
  | EventRecord
  | DeploymentRecord
  | ReplicaSetRecord
  | StatefulSetRecord
  | DaemonSetRecord;

/** Everything the topology model needs, as plain arrays (what `/api/graph` is computed from). */
/**
 * What the viewer may list when that is not everything (lib/access/scope.ts `kinds`): per kind,
 * every namespace (`true`) or these; a kind absent is not visible at all.
 */
export type Visibility = Partial<Record<RecordKind, true | readonly string[]>>;

export interface ClusterSnapshot {
  /**
   * Absent: the snapshot is the whole cluster. Set: it holds only what the viewer may see, and
   * what it lacks is "not visible to you", never "missing" (the diagnosis does not call it a fault).
   */
  visibility?: Visibility;
  /**
   * Kinds the dashboard has not read (lib/topology/judgeable.ts `unreadKinds`): their first list
   * is under way, or the dashboard may not list them. What the snapshot lacks of them cannot be
   * judged yet, as what `visibility` leaves out; absent: every kind is read.
   */
  unread?: readonly RecordKind[];
  namespaces: NamespaceRecord[];
  nodes: NodeRecord[];
  services: ServiceRecord[];
  endpointSlices: EndpointSliceRecord[];
  endpoints: EndpointsRecord[];
  pods: PodRecord[];
  deployments: DeploymentRecord[];
  replicaSets: ReplicaSetRecord[];
  statefulSets: StatefulSetRecord[];
  daemonSets: DaemonSetRecord[];
}

/** A snapshot with no records, for callers that fill in only some kinds. */
export function emptySnapshot(): ClusterSnapshot {
  return {
    namespaces: [],
    nodes: [],
    services: [],
    endpointSlices: [],
    endpoints: [],
    pods: [],
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    daemonSets: [],
  };
}

/** Records of any kinds, grouped by kind in the order given; Events are not part of a snapshot. */
export function toClusterSnapshot(records: Iterable<SlimRecord>): ClusterSnapshot {
  const snapshot = emptySnapshot();
  for (const record of records) {
    switch (record.kind) {
      case 'Namespace':
        snapshot.namespaces.push(record);
        break;
      case 'Node':
        snapshot.nodes.push(record);
        break;
      case 'Service':
        snapshot.services.push(record);
        break;
      case 'EndpointSlice':
        snapshot.endpointSlices.push(record);
        break;
      case 'Endpoints':
        snapshot.endpoints.push(record);
        break;
      case 'Pod':
        snapshot.pods.push(record);
        break;
      case 'Deployment':
        snapshot.deployments.push(record);
        break;
      case 'ReplicaSet':
        snapshot.replicaSets.push(record);
        break;
      case 'StatefulSet':
        snapshot.statefulSets.push(record);
        break;
      case 'DaemonSet':
        snapshot.daemonSets.push(record);
        break;
      case 'Event':
        break;
    }
  }
  return snapshot;
}
