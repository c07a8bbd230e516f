import 'server-only';
/**
 * The three operational endpoints — `/healthz`, `/readyz`, `/metrics` — as one function of the
 * path, shared by the UI port's routes (app/healthz, app/readyz, app/metrics) and the metrics
 * port's own server (lib/ops/ops-server.ts), so both ports answer alike.
 *
 * Contract: probes start the hub (a probe is often the first request) but never wait for it;
 * a configuration that cannot be loaded is a cluster state here, not an exception.
 */
import { errorMessage } from '../error-message';
import type { Hub } from '../k8s/hub';
import { getDashboardHub } from '../k8s/server';
import { liveness, readiness, type ClusterView, type OpsAnswer } from './health';
import { eventLoopReport, isDraining } from './process-state';
import { scrapeMetrics } from './scrape';

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;
export type OpsPath = (typeof OPS_PATHS)[number];

export function isOpsPath(path: string): path is OpsPath {
  return (OPS_PATHS as readonly string[]).includes(path);
}

function clusterView(): { hub?: Hub; view: ClusterView } {
  let hub: Hub;
  try {
    hub = getDashboardHub();
  } catch (error) {
    return {
      view: {
        configured: false,
        error: `cannot load the cluster configuration: ${errorMessage(error)}`,
      },
    };
  }
  hub.start();
  return { hub, view: viewOf(hub) };
}

/** What liveness and readiness read of one hub. */
export function viewOf(hub: Hub): ClusterView {
  return {
    configured: true,
    sync: hub.getSyncState(),
    synced: hub.isSynced(),
    pending: hub.pendingKinds(),
    states: hub.watchStates(),
  };
}

export async function opsAnswer(path: OpsPath): Promise<OpsAnswer> {
  const { hub, view } = clusterView();
  const draining = isDraining();
  switch (path) {
    case '/healthz':
      return liveness(eventLoopReport(), view, draining);
    case '/readyz':
      return readiness(view, draining);
    case '/metrics': {
      const ready = readiness(view, draining).status === 200;
      const { contentType, body } = await scrapeMetrics(hub, ready, draining);
      return { status: 200, contentType, body };
    }
  }
}

/** The same answer as a fetch `Response` (for the app routes). */
export async function opsResponse(path: OpsPath): Promise<Response> {
  const answer = await opsAnswer(path);
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'Content-Type': answer.contentType, 'Cache-Control': 'no-store' },
  });
}
