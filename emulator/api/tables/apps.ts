/**
 * Tables for apps/v1 workloads: upstream's printDeployment, printReplicaSet, printStatefulSet,
 * printDaemonSet and printControllerRevision (pkg/printers/internalversion/printers.go).
 */
import type { KubeObject } from '../../core/types';
import { translateTimestampSince } from './duration';
import {
  ageCol,
  col,
  containerCells,
  formatLabels,
  formatLabelSelector,
  formatLabelSelectorOrNone,
  nameCol,
  type Container,
  type LabelSelector,
  type Printer,
  type ResourcePrinter,
} from './common';

interface Workload {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: { spec?: { containers?: Container[]; nodeSelector?: Record<string, string> } };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
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

const printStatefulSet: Printer = (obj, now) => {
  const sts = obj as unknown as Workload;
  const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
  return {
    cells: [
      obj.metadata.name ?? '',
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      names,
      images,
    ],
  };
};

const printDaemonSet: Printer = (obj, now) => {
  const ds = obj as unknown as Workload;
  const status = ds.status ?? {};
  const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
  return {
    cells: [
      obj.metadata.name ?? '',
      status.desiredNumberScheduled ?? 0,
      status.currentNumberScheduled ?? 0,
      status.numberReady ?? 0,
      status.updatedNumberScheduled ?? 0,
      status.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelectorOrNone(ds.spec?.selector),
    ],
  };
};

/** upstream formatResourceName with a GroupKind: `statefulset.apps/web`. */
function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const slash = (ref.apiVersion ?? '').indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  if (!ref.kind && !group) return ref.name;
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

const printControllerRevision: Printer = (obj, now) => ({
  cells: [
    obj.metadata.name ?? '',
    controllerName(obj),
    typeof obj.revision === 'number' ? obj.revision : 0,
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
});

const containersCol = () => col('Containers', 'Names of each container in the template.', 1);
const imagesCol = () => col('Images', 'Images referenced by each container in the template.', 1);

export const APPS_PRINTERS = {
  deployments: {
    columns: [
      nameCol(),
      col('Ready', 'Number of the pod with ready state'),
      col(
        'Up-to-date',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
      col(
        'Available',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      ageCol(),
      containersCol(),
      imagesCol(),
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
      containersCol(),
      imagesCol(),
      col(
        'Selector',
        'Selector is a label query over pods that should match the replica count.',
        1,
      ),
    ],
    print: printReplicaSet,
  },
  statefulsets: {
    columns: [
      nameCol(),
      col('Ready', 'Number of the pod with ready state'),
      ageCol(),
      containersCol(),
      imagesCol(),
    ],
    print: printStatefulSet,
  },
  daemonsets: {
    columns: [
      nameCol(),
      col(
        'Desired',
        'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
        0,
        'integer',
      ),
      col(
        'Current',
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
        0,
        'integer',
      ),
      col(
        'Ready',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
        0,
        'integer',
      ),
      col(
        'Up-to-date',
        'The total number of nodes that are running updated daemon pod',
        0,
        'integer',
      ),
      col(
        'Available',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
        0,
        'integer',
      ),
      col(
        'Node Selector',
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
      ),
      ageCol(),
      containersCol(),
      imagesCol(),
      col(
        'Selector',
        'A label query over pods that are managed by the daemon set. Must match in order to be controlled.',
        1,
      ),
    ],
    print: printDaemonSet,
  },
  controllerrevisions: {
    columns: [
      nameCol(),
      col('Controller', 'Controller of the object'),
      col('Revision', 'Revision indicates the revision of the state represented by Data.'),
      ageCol(),
    ],
    print: printControllerRevision,
  },
} satisfies Record<string, ResourcePrinter>;
