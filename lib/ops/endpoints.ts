import 'server-only';
/**
 * The three operational endpoints — `/healthz`, `/readyz`, `/metrics` — as one function of the
 * path, shared by the UI port's routes (app/healthz, app/readyz, app/metrics) and the metrics
 * port's own server (lib/ops/ops-server.ts), so both ports answer alike.
 *
 * Contract: every cluster of the process is probed, the default first (lib/k8s/clusters.ts);
 * probes start the hubs (a probe is often the first request) but never wait for them; a
 * configuration that cannot be loaded, or one cluster's unusable entry, is a cluster state here,
 * not an exception.
 */
import { errorMessage } from '../error-message';
import type { Hub } from '../k8s/hub';
import { clusterRegistry } from '../k8s/clusters';
import { liveness, readiness, type ClusterView, type OpsAnswer } from './health';
import { eventLoopReport, isDraining } from './process-state';
import { scrapeMetrics } from './scrape';

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;
export type OpsPath = (typeof OPS_PATHS)[number];

export function isOpsPath(path: string): path is OpsPath {
  return (OPS_PATHS as readonly string[]).includes(path);
}

interface Probed {
  /** The hubs that exist (for the metrics), in the clusters' order. */
  hubs: Hub[];
  views: ClusterView[];
}

function probeClusters(): Probed {
  let registry;
  try {
    registry = clusterRegistry();
  } catch (error) {
    const views: ClusterView[] = [
      {
        id: '',
        configured: false,
        error: `cannot load the cluster configuration: ${errorMessage(error)}`,
      },
    ];
    return { hubs: [], views };
  }
  const hubs: Hub[] = [];
  const views = registry.ids().map((id): ClusterView => {
    let hub: Hub;
    try {
      hub = registry.hub(id);
    } catch (error) {
      return {
        id,
        configured: false,
        error: `cannot load the cluster configuration: ${errorMessage(error)}`,
      };
    }
    hub.start();
    hubs.push(hub);
    return viewOf(hub);
  });
  return { hubs, views };
}

/** What liveness and readiness read of one hub. */
export function viewOf(hub: Hub): ClusterView {
  return {
    id: hub.clusterId,
    configured: true,
    sync: hub.getSyncState(),
    synced: hub.isSynced(),
    pending: hub.pendingKinds(),
    states: hub.watchStates(),
  };
}

export async function opsAnswer(path: OpsPath): Promise<OpsAnswer> {
  const { hubs, views } = probeClusters();
  const draining = isDraining();
  switch (path) {
    case '/healthz':
      return liveness(eventLoopReport(), views, draining);
    case '/readyz':
      return readiness(views, draining);
    case '/metrics': {
      const ready = readiness(views, draining).status === 200;
      const { contentType, body } = await scrapeMetrics(hubs, ready, draining, views);
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
