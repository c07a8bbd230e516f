/**
 * Tables for the cluster-level core kinds: Nodes, Namespaces and Events, as upstream's printNode,
 * printNamespace and printEvent (pkg/printers/internalversion/printers.go) print them.
 */
import { translateTimestampSince } from './duration';
import { ageCol, col, NAME_DESC, nameCol, type Printer, type ResourcePrinter } from './common';

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

export const CLUSTER_PRINTERS = {
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
} satisfies Record<string, ResourcePrinter>;
