/**
 * One cluster's line on the overview (`ClusterSummary`, lib/api/clusters.ts) from what its hub
 * knows, and the overview's order: the clusters in most trouble first.
 *
 * Contract: pure. `state` reads the hub's sync state: `live` once synced with every watch open,
 * `unreachable` while any required watch reconnects (down, slow, refusing — the hub's own hang
 * detection decides when a silent connection counts as lost), else `syncing`. Health counts and
 * problems are of the diagnoses given (what the viewer may see); a Service of `unknown` health
 * counts in `total` only. Problems: broken before warning, then namespace/name, at most
 * `MAX_CLUSTER_PROBLEMS`, each with its first (cause-first) reason's summary. `answer`
 * (lib/clusters/answer.ts) says whether they are the cluster now or last-known; a cluster never
 * read completely counts nothing (a partial cache is not "0 Services, no problems"), and one that
 * cannot be shown at all (`unconfiguredCluster`) claims nothing about itself, not even read-only.
 */
import {
  MAX_CLUSTER_PROBLEMS,
  type ClusterProblem,
  type ClusterState,
  type ClusterSummary,
  type ServiceHealthCounts,
} from '../api/clusters';
import type { ClusterInfo, SyncState } from '../stream/protocol';
import type { ServiceDiagnosis } from '../topology/diagnosis/types';
import { clusterAnswer } from './answer';

const NO_SERVICES: ServiceHealthCounts = { total: 0, healthy: 0, warning: 0, broken: 0 };

/** The state a hub's read-outs say (the other states are decided before there is a hub). */
export function clusterState(
  sync: SyncState,
  synced: boolean,
): Exclude<ClusterState, 'unconfigured' | 'signed-out'> {
  if (sync.connection === 'reconnecting') return 'unreachable';
  if (sync.connection === 'snapshot') return 'snapshot';
  return synced && sync.connection === 'live' ? 'live' : 'syncing';
}

export function healthCounts(diagnoses: readonly ServiceDiagnosis[]): ServiceHealthCounts {
  const counts = { total: diagnoses.length, healthy: 0, warning: 0, broken: 0 };
  for (const d of diagnoses) {
    if (d.health === 'healthy' || d.health === 'warning' || d.health === 'broken') {
      counts[d.health]++;
    }
  }
  return counts;
}

export function worstProblems(diagnoses: readonly ServiceDiagnosis[]): ClusterProblem[] {
  const rank = (h: string) => (h === 'broken' ? 0 : 1);
  return diagnoses
    .filter((d) => d.health === 'broken' || d.health === 'warning')
    .sort(
      (a, b) =>
        rank(a.health) - rank(b.health) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    )
    .slice(0, MAX_CLUSTER_PROBLEMS)
    .map((d) => ({
      namespace: d.namespace,
      name: d.name,
      health: d.health as ClusterProblem['health'],
      summary: d.reasons[0]?.summary ?? d.health,
    }));
}

export interface ClusterReadout {
  id: string;
  isDefault: boolean;
  info: ClusterInfo;
  sync: SyncState;
  synced: boolean;
  diagnoses: readonly ServiceDiagnosis[];
}

export function summarizeCluster(r: ClusterReadout): ClusterSummary {
  const answer = clusterAnswer(r.sync, r.synced);
  const known = answer !== 'unread';
  return {
    id: r.id,
    name: r.info.name,
    isDefault: r.isDefault,
    state: clusterState(r.sync, r.synced),
    connection: r.sync.connection,
    ...(r.sync.staleSince ? { staleSince: r.sync.staleSince } : {}),
    ...(r.sync.lastError ? { lastError: r.sync.lastError } : {}),
    answer,
    ...(r.info.access?.nothing ? { nothingVisible: true as const } : {}),
    simulated: r.info.simulated,
    readOnly: r.info.readOnly,
    services: known ? healthCounts(r.diagnoses) : NO_SERVICES,
    problems: known ? worstProblems(r.diagnoses) : [],
  };
}

/**
 * A cluster that cannot be shown at all: its kubeconfig entry cannot be used (`unconfigured`),
 * or it does not sign the person in (`signed-out`).
 */
export function unconfiguredCluster(
  id: string,
  isDefault: boolean,
  error: string,
  state: 'unconfigured' | 'signed-out' = 'unconfigured',
): ClusterSummary {
  return {
    id,
    name: id,
    isDefault,
    state,
    lastError: error,
    answer: 'none',
    services: NO_SERVICES,
    problems: [],
  };
}

const STATE_RANK: Record<ClusterState, number> = {
  unconfigured: 0,
  'signed-out': 1,
  unreachable: 1,
  syncing: 2,
  live: 2,
  snapshot: 2,
};

/** Most trouble first: cannot be read, then most broken, then most warnings; then by id. */
export function byTrouble(a: ClusterSummary, b: ClusterSummary): number {
  return (
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    b.services.broken - a.services.broken ||
    b.services.warning - a.services.warning ||
    a.id.localeCompare(b.id)
  );
}
