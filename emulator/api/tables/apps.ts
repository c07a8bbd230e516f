/**
 * Tables for apps/v1 workloads: upstream's printDeployment and printReplicaSet
 * (pkg/printers/internalversion/printers.go).
 */
import { translateTimestampSince } from './duration';
import {
  ageCol,
  col,
  containerCells,
  formatLabelSelector,
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
    template?: { spec?: { containers?: Container[] } };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
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

export const APPS_PRINTERS = {
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
} satisfies Record<string, ResourcePrinter>;
