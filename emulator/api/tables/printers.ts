/**
 * Server-side Table conversion (`kubectl get`): the columns and cell rules of upstream's
 * `pkg/printers/internalversion/printers.go` for each served kind. The server always produces
 * every column (its printers run with Wide: true); kubectl hides priority-1 columns unless
 * `-o wide`.
 */
import type { KubeObject, ResourceName } from '../../core/types';
import { translateTimestampSince } from './duration';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: (string | number)[];
  conditions?: TableRowCondition[];
}

type Printer = (obj: KubeObject, now: Date) => PrintedRow;

const NAME_DESC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function col(
  name: string,
  description: string,
  priority = 0,
  type: ColumnDefinition['type'] = 'string',
  format = '',
): ColumnDefinition {
  return { name, type, format, description, priority };
}
const nameCol = () => col('Name', NAME_DESC, 0, 'string', 'name');
const ageCol = () => col('Age', AGE_DESC);

// Loose views of the wire objects; every field is optional because clients send anything.
interface Port {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}
interface Svc {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: Port[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}
interface Address {
  ip?: string;
}
interface Eps {
  subsets?: { addresses?: Address[]; ports?: Port[] }[];
}
interface Slice {
  addressType?: string;
  ports?: { name?: string | null; port?: number | null }[] | null;
  endpoints?: { addresses?: string[] }[] | null;
}
interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}
interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}
interface Container {
  name?: string;
  image?: string;
  restartPolicy?: string;
}
interface PodView {
  metadata: { name?: string; deletionTimestamp?: string };
  spec?: {
    nodeName?: string;
    containers?: Container[];
    initContainers?: Container[];
    readinessGates?: { conditionType?: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    podIP?: string;
    podIPs?: { ip?: string }[];
    nominatedNodeName?: string;
    conditions?: { type?: string; status?: string; reason?: string }[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}
interface Workload {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: { spec?: { containers?: Container[] } };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/** metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const key = e.key ?? '';
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

function joinHostPort(ip: string, port: number | string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function listWithMore(list: string[], more: boolean, count: number, max: number, empty: string) {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? empty : ret;
}

// --- services ------------------------------------------------------------------------------

export function makePortString(ports: Port[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      p.nodePort && p.nodePort > 0
        ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}`
        : `${p.port}/${p.protocol ?? ''}`,
    )
    .join(',');
}

function serviceExternalIP(svc: Svc): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = (svc.status?.loadBalancer?.ingress ?? [])
        .map((i) => i.ip || i.hostname || '')
        .filter((s) => s !== '');
      const all = [...lb, ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

const printService: Printer = (obj, now) => {
  const svc = obj as unknown as Svc;
  const spec = svc.spec ?? {};
  const clusterIPs = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  const ports = makePortString(spec.ports);
  return {
    cells: [
      obj.metadata.name ?? '',
      spec.type ?? '',
      clusterIPs[0] ?? '<none>',
      serviceExternalIP(svc),
      ports || '<none>',
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ],
  };
};

// --- endpoints -----------------------------------------------------------------------------

export function formatEndpoints(eps: Eps): string {
  const subsets = eps.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports: print bare addresses.
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip ?? '');
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip ?? '', port.port ?? 0));
      }
    }
  }
  return listWithMore(list, more, count, max, '<none>');
}

const printEndpoints: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    formatEndpoints(obj as unknown as Eps),
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

// --- endpointslices ------------------------------------------------------------------------

export function formatDiscoveryPorts(ports: Slice['ports']): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < max) {
      let portNum = '*';
      if (typeof p.port === 'number') portNum = String(p.port);
      else if (typeof p.name === 'string') portNum = p.name;
      list.push(portNum);
    } else if (list.length === max) more = true;
    count++;
  }
  return listWithMore(list, more, count, max, '<unset>');
}

export function formatDiscoveryEndpoints(endpoints: Slice['endpoints']): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ep of endpoints ?? []) {
    for (const address of ep.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max, '<unset>');
}

const printEndpointSlice: Printer = (obj, now) => {
  const slice = obj as unknown as Slice;
  return {
    cells: [
      obj.metadata.name ?? '',
      slice.addressType ?? '',
      formatDiscoveryPorts(slice.ports),
      formatDiscoveryEndpoints(slice.endpoints),
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ],
  };
};

// --- pods ----------------------------------------------------------------------------------

const podSuccessConditions: TableRowCondition[] = [
  {
    type: 'Completed',
    status: 'True',
    reason: 'Succeeded',
    message: 'The pod has completed successfully.',
  },
];
const podFailedConditions: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

function laterOf(a: number, b: string | undefined): number {
  if (!b) return a;
  const t = Date.parse(b);
  return Number.isNaN(t) ? a : Math.max(a, t);
}

/** printPod: Ready, Status (reason), Restarts as kubectl shows them. */
export function printPodRow(obj: KubeObject, now: Date): PrintedRow {
  const pod = obj as unknown as PodView;
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const containers = spec.containers ?? [];
  const initContainers = spec.initContainers ?? [];
  const isRestartable = (name: string | undefined) =>
    initContainers.find((c) => c.name === name)?.restartPolicy === 'Always';

  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = containers.length;
  let readyContainers = 0;
  let lastRestart = 0;
  let reason = status.reason || status.phase || '';

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  let conditions: TableRowCondition[] | undefined;
  if (status.phase === 'Succeeded') conditions = podSuccessConditions;
  else if (status.phase === 'Failed') conditions = podFailedConditions;

  for (const c of initContainers) if (c.restartPolicy === 'Always') totalContainers++;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    restarts += cs.restartCount ?? 0;
    lastRestart = laterOf(lastRestart, cs.lastState?.terminated?.finishedAt);
    if (isRestartable(cs.name)) restartableInitRestarts += cs.restartCount ?? 0;
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (isRestartable(cs.name) && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) {
        reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      } else reason = `Init:${term.reason}`;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some(
    (c) => c.type === 'Initialized' && c.status === 'True',
  );
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += cs.restartCount ?? 0;
      lastRestart = laterOf(lastRestart, cs.lastState?.terminated?.finishedAt);
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting && waiting.reason) reason = waiting.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term && !term.reason)
        reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart > 0)
    restartsStr = `${restarts} (${translateTimestampSince(new Date(lastRestart).toISOString(), now)} ago)`;

  const podIP = status.podIPs?.[0]?.ip || status.podIP || '<none>';
  let readinessGates = '<none>';
  const gates = spec.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const g of gates) {
      const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
      if (c?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  const row: PrintedRow = {
    cells: [
      pod.metadata.name ?? '',
      `${readyContainers}/${totalContainers}`,
      reason,
      restartsStr,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      podIP,
      spec.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      readinessGates,
    ],
  };
  if (conditions) row.conditions = conditions;
  return row;
}

// --- nodes, namespaces, events ----------------------------------------------------------------

interface NodeView {
  metadata: { labels?: Record<string, string> };
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type?: string; status?: string }[];
    addresses?: { type?: string; address?: string }[];
    nodeInfo?: {
      kubeletVersion?: string;
      osImage?: string;
      kernelVersion?: string;
      containerRuntimeVersion?: string;
    };
  };
}

const printNode: Printer = (obj, now) => {
  const node = obj as unknown as NodeView;
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  const addr = (type: string) =>
    (node.status?.addresses ?? []).find((a) => a.type === type)?.address || '<none>';
  const info = node.status?.nodeInfo ?? {};
  return {
    cells: [
      obj.metadata.name ?? '',
      status.join(','),
      [...roles].sort().join(',') || '<none>',
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      addr('InternalIP'),
      addr('ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ],
  };
};

const printNamespace: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    String((obj.status as { phase?: string } | undefined)?.phase ?? ''),
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

interface EventView {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

const printEvent: Printer = (obj, now) => {
  const ev = obj as unknown as EventView;
  let first = translateTimestampSince(ev.firstTimestamp, now);
  if (!ev.firstTimestamp) first = translateTimestampSince(ev.eventTime, now);
  let last = translateTimestampSince(ev.lastTimestamp, now);
  if (!ev.lastTimestamp) last = first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = translateTimestampSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) count = 1;
  const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
  const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
  let source = ev.source?.component ?? '';
  if (!source) source = ev.reportingComponent ?? '';
  const host = ev.source?.host || ev.reportingInstance || '';
  if (host) source = source ? `${source}, ${host}` : host;
  return {
    cells: [
      last,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      ev.involvedObject?.fieldPath ?? '',
      source,
      (ev.message ?? '').trim(),
      first,
      count,
      obj.metadata.name ?? '',
    ],
  };
};

// --- apps ----------------------------------------------------------------------------------

function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

const printDeployment: Printer = (obj, now) => {
  const d = obj as unknown as Workload;
  const [names, images] = containerCells(d.spec?.template?.spec?.containers);
  return {
    cells: [
      obj.metadata.name ?? '',
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(d.spec?.selector),
    ],
  };
};

const printReplicaSet: Printer = (obj, now) => {
  const rs = obj as unknown as Workload;
  const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
  return {
    cells: [
      obj.metadata.name ?? '',
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ],
  };
};

// --- registry ------------------------------------------------------------------------------

export const PRINTERS: Record<ResourceName, { columns: ColumnDefinition[]; print: Printer }> = {
  services: {
    columns: [
      nameCol(),
      col(
        'Type',
        'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
      ),
      col(
        'Cluster-IP',
        'clusterIP is the IP address of the service and is usually assigned randomly.',
      ),
      col(
        'External-IP',
        'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
      ),
      col('Port(s)', 'The list of ports that are exposed by this service.'),
      ageCol(),
      col(
        'Selector',
        'Route service traffic to pods with label keys and values matching this selector.',
        1,
      ),
    ],
    print: printService,
  },
  endpoints: {
    columns: [
      nameCol(),
      col('Endpoints', 'Endpoints is the list of endpoints which implement the service.'),
      ageCol(),
    ],
    print: printEndpoints,
  },
  endpointslices: {
    columns: [
      nameCol(),
      col(
        'AddressType',
        'addressType specifies the type of address carried by this EndpointSlice.',
      ),
      col(
        'Ports',
        'ports specifies the list of network ports exposed by each endpoint in this slice.',
      ),
      col('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
      ageCol(),
    ],
    print: printEndpointSlice,
  },
  pods: {
    columns: [
      nameCol(),
      col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'The aggregate status of the containers in this pod.'),
      col(
        'Restarts',
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      ),
      ageCol(),
      col(
        'IP',
        'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
        1,
      ),
      col('Node', 'NodeName is a request to schedule this pod onto a specific node.', 1),
      col(
        'Nominated Node',
        'nominatedNodeName is set only when this pod preempts other pods on the node.',
        1,
      ),
      col(
        'Readiness Gates',
        'If specified, all readiness gates will be evaluated for pod readiness.',
        1,
      ),
    ],
    print: printPodRow,
  },
  nodes: {
    columns: [
      nameCol(),
      col('Status', 'The status of the node'),
      col('Roles', 'The roles of the node'),
      ageCol(),
      col('Version', 'Kubelet Version reported by the node.'),
      col(
        'Internal-IP',
        'List of addresses reachable to the node. Queried from cloud provider, if available.',
        1,
      ),
      col(
        'External-IP',
        'List of addresses reachable to the node. Queried from cloud provider, if available.',
        1,
      ),
      col(
        'OS-Image',
        'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
        1,
      ),
      col(
        'Kernel-Version',
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
        1,
      ),
      col(
        'Container-Runtime',
        'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
        1,
      ),
    ],
    print: printNode,
  },
  namespaces: {
    columns: [nameCol(), col('Status', 'The status of the namespace'), ageCol()],
    print: printNamespace,
  },
  events: {
    columns: [
      col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
      col('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
      col(
        'Reason',
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      ),
      col('Object', 'The object that this event is about.'),
      col('Subobject', 'The field of the involved object this event is about.', 1),
      col(
        'Source',
        'The component reporting this event. Should be a short machine understandable string.',
        1,
      ),
      col('Message', 'A human-readable description of the status of this operation.'),
      col(
        'First Seen',
        'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
        1,
      ),
      col('Count', 'The number of times this event has occurred.', 1),
      col('Name', NAME_DESC, 1, 'string', 'name'),
    ],
    print: printEvent,
  },
  deployments: {
    columns: [
      nameCol(),
      col('Ready', 'Number of the pod with ready state'),
      col(
        'Up-to-date',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
        0,
        'integer',
      ),
      col(
        'Available',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
        0,
        'integer',
      ),
      ageCol(),
      col('Containers', 'Names of each container in the template.', 1),
      col('Images', 'Images referenced by each container in the template.', 1),
      col(
        'Selector',
        'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
        1,
      ),
    ],
    print: printDeployment,
  },
  replicasets: {
    columns: [
      nameCol(),
      col('Desired', 'Replicas is the number of desired replicas.', 0, 'integer'),
      col('Current', 'Replicas is the most recently observed number of replicas.', 0, 'integer'),
      col('Ready', 'The number of ready replicas for this replica set.', 0, 'integer'),
      ageCol(),
      col('Containers', 'Names of each container in the template.', 1),
      col('Images', 'Images referenced by each container in the template.', 1),
      col(
        'Selector',
        'Selector is a label query over pods that should match the replica count.',
        1,
      ),
    ],
    print: printReplicaSet,
  },
};
