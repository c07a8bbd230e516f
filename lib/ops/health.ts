/**
 * `/healthz` (liveness) and `/readyz` (readiness) as pure functions of what the process knows, so
 * the UI port's routes and the metrics port's server answer the same bytes.
 *
 * Contract:
 * - liveness is 200 while the process runs and its event loop turns; 503 only when the loop is
 *   stuck (lib/ops/process-state.ts). A cluster that cannot be read, or kinds RBAC forbids, never
 *   fail liveness (a restart would not fix them): they are reported in the JSON — per kind its
 *   watch state, count, error, and `forbidden` with what the map loses;
 * - readiness is 200 once every required kind has listed or is forbidden (settled, degraded),
 *   and not draining; otherwise a 503 problem: `shutting-down` while draining, else
 *   `cluster-unavailable` with the kinds still `pending`, the `connection` and `lastError`;
 * - bodies are JSON; `Cache-Control: no-store`.
 */
import { problem, PROBLEM_CONTENT_TYPE, type Problem } from '../api/problem';
import type { RecordKind } from '../topology/records';
import type { SyncState } from '../stream/protocol';
import type { WatchLoopState } from '../k8s/watch-loop';
import type { EventLoopReport } from './process-state';

export interface OpsAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** The cluster side of the process: the hub's read-outs, or why there is no hub. */
export type ClusterView =
  | { configured: false; error: string }
  | {
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

export function liveness(
  loop: EventLoopReport,
  cluster: ClusterView,
  draining: boolean,
): OpsAnswer {
  const base = { ok: !loop.stuck, eventLoop: loop, draining };
  if (!cluster.configured)
    return json(loop.stuck ? 503 : 200, { ...base, configError: cluster.error });
  const kinds: Record<string, unknown> = {};
  for (const [kind, s] of cluster.states) {
    kinds[kind] = {
      phase: s.forbidden ? 'forbidden' : s.phase,
      synced: s.synced,
      count: cluster.sync.kinds[kind]?.count ?? 0,
      ...(s.error ? { error: s.error } : {}),
    };
  }
  return json(loop.stuck ? 503 : 200, {
    ...base,
    connection: cluster.sync.connection,
    forbidden: cluster.sync.forbidden ?? [],
    kinds,
    ...(cluster.sync.lastError ? { lastError: cluster.sync.lastError } : {}),
  });
}

export function readiness(cluster: ClusterView, draining: boolean): OpsAnswer {
  const instance = '/readyz';
  if (draining) {
    return problemAnswer(
      problem('shutting-down', 'The dashboard is draining before it exits; use another replica.'),
      instance,
    );
  }
  if (!cluster.configured) {
    return problemAnswer(problem('cluster-unavailable', cluster.error), instance);
  }
  const { sync } = cluster;
  if (cluster.synced) {
    return json(200, {
      ok: true,
      connection: sync.connection,
      ...(sync.forbidden?.length ? { forbidden: sync.forbidden } : {}),
    });
  }
  return problemAnswer(
    problem(
      'cluster-unavailable',
      `Still waiting for the first list of ${cluster.pending.join(', ')}.`,
      {
        pending: cluster.pending,
        connection: sync.connection,
        ...(sync.lastError ? { lastError: sync.lastError } : {}),
      },
    ),
    instance,
  );
}
