/**
 * Test support: a small cluster with workloads for the lib/graph tests, built from the records
 * the controllers would leave (lib/topology/testing) and run through the real topology build:
 * - `shop/api`: Deployment api mid-rollout — rev 7 (new, 2 replicas, none ready, a bad image)
 *   beside rev 6 (3 of 3 ready);
 * - `shop/db`: StatefulSet db, 2 of 3 ready, updating from one revision to another;
 * - `shop/web`: one selector over Deployment web-a, DaemonSet web-b and a bare pod.
 * Deterministic. Test-only.
 */
import { buildTopology } from '../../topology';
import type { Topology } from '../../topology/model';
import type { ClusterSnapshot, PodRecord } from '../../topology/records';
import { podRecord, serviceRecord, uidFor } from '../../topology/testing/objects';
import { withControllers } from '../../topology/testing/snapshots';
import {
  daemonSetRecord,
  deploymentRecord,
  replicaSetWithPods,
  statefulSetRecord,
} from '../../topology/testing/workloads';
import { indexWorkloads, type WorkloadLookup } from '../workloads';

export interface WorkloadCluster {
  snapshot: ClusterSnapshot;
  topology: Topology;
  workloads: WorkloadLookup;
  serviceId(name: string): string;
}

function ownedPods(
  kind: 'StatefulSet' | 'DaemonSet',
  name: string,
  count: number,
  ready: number,
  labels: Record<string, string>,
): PodRecord[] {
  const owner = { kind, name, uid: uidFor(kind, 'shop', name) };
  return Array.from({ length: count }, (_, i) =>
    podRecord('shop', kind === 'StatefulSet' ? `${name}-${i}` : `${name}-x${i}`, {
      labels,
      owner,
      ready: i < ready,
    }),
  );
}

export function workloadCluster(): WorkloadCluster {
  const api = deploymentRecord('shop', 'api', {
    replicas: 3,
    revision: '7',
    images: ['api:bad'],
    ready: 3,
    updated: 2,
    statusReplicas: 5,
  });
  const newRs = replicaSetWithPods(api, {
    replicas: 2,
    ready: 0,
    revision: '7',
    templateHash: 'new7a',
    images: ['api:bad'],
  });
  const oldRs = replicaSetWithPods(api, {
    replicas: 3,
    ready: 3,
    revision: '6',
    templateHash: 'old6b',
    images: ['api:1.0'],
  });
  const db = statefulSetRecord('shop', 'db', { replicas: 3, ready: 2 });
  const dbRolling = { ...db, updateRevision: 'db-8e1f2a', status: { ...db.status, updated: 1 } };
  const webA = deploymentRecord('shop', 'web-a', { replicas: 1, labels: { tier: 'web' } });
  const webARs = replicaSetWithPods(webA, { replicas: 1 });
  const webB = { ...daemonSetRecord('shop', 'web-b'), templateLabels: { tier: 'web' } };
  const bare = podRecord('shop', 'web-bare', { labels: { tier: 'web' } });
  const snapshot = withControllers({
    services: [
      serviceRecord('shop', 'api', { selector: { app: 'api' } }),
      serviceRecord('shop', 'db', { selector: { app: 'db' } }),
      serviceRecord('shop', 'web', { selector: { tier: 'web' } }),
    ],
    pods: [
      ...newRs.pods,
      ...oldRs.pods,
      ...ownedPods('StatefulSet', 'db', 3, 2, { app: 'db' }),
      ...webARs.pods,
      ...ownedPods('DaemonSet', 'web-b', 2, 2, { tier: 'web' }),
      bare,
    ],
    deployments: [api, webA],
    replicaSets: [newRs.replicaSet, oldRs.replicaSet, webARs.replicaSet],
    statefulSets: [dbRolling],
    daemonSets: [webB],
  });
  const topology = buildTopology(snapshot);
  return {
    snapshot,
    topology,
    workloads: indexWorkloads(snapshot),
    serviceId: (name) => topology.services.find((s) => s.name === name)!.id,
  };
}
