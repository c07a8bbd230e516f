/**
 * `/healthz` (liveness) and `/readyz` (readiness) as pure functions of what the process knows
 * about each of its clusters, so the UI port's routes and the metrics port's server answer the
 * same bytes.
 *
 * Contract (the clusters in the registry's order, the default first):
 * - liveness is 200 while the process runs and its event loop turns; 503 only when the loop is
 *   stuck (lib/ops/process-state.ts). A cluster that cannot be read, or kinds RBAC forbids, never
 *   fail liveness (a restart would not fix them): they are reported in the JSON — the default
 *   cluster's per kind watch state, count, error and `forbidden` (what the map loses) at the top,
 *   as with one cluster, and every cluster's the same way under `clusters`;
 * - readiness: a replica is ready when it can serve. 200 once no cluster is still in its first
 *   read — each has listed every required kind (forbidden kinds settle, degraded) or is known
 *   down (unreachable: its watches are reconnecting; unconfigured: its entry cannot be used) —
 *   and at least one has listed; so one broken cluster never takes the dashboard off its
 *   Service, while with a single cluster the replica is ready exactly when that cluster has
 *   synced. Else a 503 problem: `shutting-down` while draining, else `cluster-unavailable`
 *   naming the clusters still waited for, with the default cluster's `pending` kinds,
 *   `connection` and `lastError` as with one cluster. Both answers list every cluster's state
 *   under `clusters` (`live`, `syncing`, `unreachable`, `unconfigured`, `snapshot`:
 *   lib/clusters/summary.ts);
 * - bodies are JSON; `Cache-Control: no-store`.
 */
import { problem, PROBLEM_CONTENT_TYPE, type Problem } from '../api/problem';
import type { RecordKind } from '../topology/records';
import type { SyncState } from '../stream/protocol';
import type { WatchLoopState } from '../k8s/watch-loop';
import type { ClusterState } from '../api/clusters';
import { clusterState } from '../clusters/summary';
import type { EventLoopReport } from './process-state';

export interface OpsAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** One cluster as the probes see it: its hub's read-outs, or why there is no hub. */
export type ClusterView =
  | { id: string; configured: false; error: string }
  | {
      id: string;
      configured: true;
      sync: SyncState;
      synced: boolean;
      pending: RecordKind[];
      states: ReadonlyMap<RecordKind, WatchLoopState>;
    };

function json(status: number, body: unknown): OpsAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

function problemAnswer(p: Problem, instance: string): OpsAnswer {
  return {
    status: p.status,
    contentType: PROBLEM_CONTENT_TYPE,
    body: JSON.stringify({ ...p, instance }),
  };
}

/** A cluster's state in the overview's words (lib/api/clusters.ts). */
export function probeState(cluster: ClusterView): Exclude<ClusterState, 'signed-out'> {
  if (!cluster.configured) return 'unconfigured';
  return clusterState(cluster.sync, cluster.synced);
}

function watchReport(cluster: ClusterView): Record<string, unknown> {
  if (!cluster.configured) return { configError: cluster.error };
  const kinds: Record<string, unknown> = {};
  for (const [kind, s] of cluster.states) {
    kinds[kind] = {
      phase: s.forbidden ? 'forbidden' : s.phase,
      synced: s.synced,
      count: cluster.sync.kinds[kind]?.count ?? 0,
      ...(s.error ? { error: s.error } : {}),
    };
  }
  return {
    connection: cluster.sync.connection,
    forbidden: cluster.sync.forbidden ?? [],
    kinds,
    ...(cluster.sync.lastError ? { lastError: cluster.sync.lastError } : {}),
  };
}

/** `clusters`: the first is the default cluster (the answer's top level speaks for it). */
export function liveness(
  loop: EventLoopReport,
  clusters: readonly ClusterView[],
  draining: boolean,
): OpsAnswer {
  return json(loop.stuck ? 503 : 200, {
    ok: !loop.stuck,
    eventLoop: loop,
    draining,
    ...(clusters[0] ? watchReport(clusters[0]) : {}),
    clusters: clusters.map((c) => ({ cluster: c.id, state: probeState(c), ...watchReport(c) })),
  });
}

/** Has listed every required kind (`ready`), is known down, or is still in its first read. */
function readinessOf(cluster: ClusterView): 'ready' | 'down' | 'waiting' {
  if (!cluster.configured) return 'down';
  if (cluster.synced) return 'ready';
  return cluster.sync.connection === 'reconnecting' ? 'down' : 'waiting';
}

function readinessReport(cluster: ClusterView): Record<string, unknown> {
  const base = { cluster: cluster.id, state: probeState(cluster) };
  if (!cluster.configured) return { ...base, lastError: cluster.error };
  return {
    ...base,
    ...(cluster.synced ? {} : { pending: cluster.pending }),
    ...(cluster.sync.forbidden?.length ? { forbidden: cluster.sync.forbidden } : {}),
    ...(cluster.sync.lastError ? { lastError: cluster.sync.lastError } : {}),
  };
}

/** `clusters`: the first is the default cluster. */
export function readiness(clusters: readonly ClusterView[], draining: boolean): OpsAnswer {
  const instance = '/readyz';
  if (draining) {
    return problemAnswer(
      problem('shutting-down', 'The dashboard is draining before it exits; use another replica.'),
      instance,
    );
  }
  const report = clusters.map(readinessReport);
  const first = clusters[0];
  const waiting = clusters.filter((c) => readinessOf(c) === 'waiting');
  const anyReady = clusters.some((c) => readinessOf(c) === 'ready');
  if (waiting.length === 0 && anyReady) {
    const sync = first?.configured ? first.sync : undefined;
    return json(200, {
      ok: true,
      ...(sync ? { connection: sync.connection } : {}),
      ...(sync?.forbidden?.length ? { forbidden: sync.forbidden } : {}),
      clusters: report,
    });
  }
  const several = clusters.length > 1;
  let detail: string;
  if (!first) detail = 'No cluster is configured.';
  else if (waiting.length === 0) {
    detail = several
      ? 'No cluster can be read yet: every one is unreachable or not configured.'
      : first.configured
        ? `Still waiting for the first list of ${first.pending.join(', ')}.`
        : first.error;
  } else {
    const what = (c: ClusterView) => (c.configured ? c.pending.join(', ') : '');
    detail = several
      ? `Still waiting for the first read of ${waiting.map((c) => `cluster ${c.id} (${what(c)})`).join(', ')}.`
      : `Still waiting for the first list of ${what(waiting[0]!)}.`;
  }
  const defaults = first?.configured
    ? {
        pending: first.pending,
        connection: first.sync.connection,
        ...(first.sync.lastError ? { lastError: first.sync.lastError } : {}),
      }
    : {};
  return problemAnswer(
    problem('cluster-unavailable', detail, { ...defaults, clusters: report }),
    instance,
  );
}
