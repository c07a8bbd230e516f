import 'server-only';
/**
 * `GET /metrics`: the state gauges filled from every cluster's hub at scrape time, then the
 * registry in Prometheus text format (lib/ops/metrics.ts holds the counters that are kept as
 * things happen).
 *
 * Contract: a scrape never starts anything and never waits for a cluster; without a hub only
 * the process metrics are there. Every gauge of a hub carries its `cluster` label, and a cluster
 * that went away leaves no series behind (the gauges are reset before each fill);
 * `switchboard_cluster_state` says each cluster's state as the overview and /readyz do. `switchboard_service_health` has one series per reason of each
 * Service whose health is not `healthy` (1 warning, 2 broken; `unknown` is left out) — so its size
 * is bounded by the problems, not by the cluster — and is recomputed only when the stream's
 * sequence moved (something changed) or a kind was read since the last scrape.
 */
import { resolveExternalNames } from '../diagnostics/server';
import type { Hub } from '../k8s/hub';
import { buildTopologyWithDiagnoses } from '../topology';
import type { ServiceDiagnosis } from '../topology/diagnosis';
import { probeState, type ClusterView } from './health';
import { opsMetrics } from './metrics';

const STATES = ['listing', 'watching', 'backoff', 'forbidden', 'stopped'] as const;
const CLUSTER_STATES = ['live', 'syncing', 'unreachable', 'unconfigured', 'snapshot'] as const;

const healthMemo = new WeakMap<Hub, { key: string; diagnoses: ServiceDiagnosis[] }>();

/** What the diagnoses depend on: the stream's sequence, and the kinds not read yet. */
const healthKey = (hub: Hub) => `${hub.stats().seq} ${hub.unreadKinds().join()}`;

async function unhealthy(hub: Hub): Promise<ServiceDiagnosis[]> {
  const memo = healthMemo.get(hub);
  if (memo?.key === healthKey(hub)) return memo.diagnoses;
  hub.flush();
  // The same DNS answers the page's diagnosis gets, so the metric and the map agree.
  const dnsResults = await resolveExternalNames().catch(() => ({}));
  // With the kinds not read yet (lib/topology/judgeable.ts), as the map's diagnosis has them.
  const { diagnoses } = buildTopologyWithDiagnoses(hub.getClusterSnapshot(), { dnsResults });
  const bad = diagnoses.filter((d) => d.health === 'warning' || d.health === 'broken');
  healthMemo.set(hub, { key: healthKey(hub), diagnoses: bad });
  return bad;
}

/** Sets one hub's gauges (synchronously: no scrape ever reads them half filled). */
function fillFromHub(hub: Hub, bad: readonly ServiceDiagnosis[]): void {
  const m = opsMetrics();
  const cluster = hub.clusterId;
  for (const [kind, s] of hub.watchStates()) {
    const current = s.forbidden ? 'forbidden' : s.phase;
    for (const state of STATES) {
      m.watchState.set({ cluster, kind, state }, state === current ? 1 : 0);
    }
    m.watchSynced.set({ cluster, kind }, s.synced ? 1 : 0);
    m.watchForbidden.set({ cluster, kind }, s.forbidden ? 1 : 0);
    m.cacheObjects.set({ cluster, kind }, hub.cache.size(kind));
  }
  m.sseClients.set({ cluster }, hub.stats().subscribers);
  for (const d of bad) {
    const value = d.health === 'broken' ? 2 : 1;
    const codes = new Set<string>(
      d.reasons.filter((r) => r.severity !== 'info').map((r) => r.code),
    );
    if (codes.size === 0) codes.add('unknown');
    for (const reason of codes) {
      m.serviceHealth.set({ cluster, namespace: d.namespace, service: d.name, reason }, value);
    }
  }
}

/**
 * The Prometheus text exposition of this process: `hubs` those that exist, `clusters` every
 * cluster as the probes saw it (lib/ops/endpoints.ts), for `switchboard_cluster_state`.
 */
export async function scrapeMetrics(
  hubs: readonly Hub[],
  ready: boolean,
  draining: boolean,
  clusters: readonly ClusterView[] = [],
): Promise<{ contentType: string; body: string }> {
  const m = opsMetrics();
  const bad = await Promise.all(hubs.map((h) => (h.isSynced() ? unhealthy(h) : [])));
  // Reset, then filled without a pause: a cluster that went away leaves no series behind.
  for (const gauge of [
    m.watchState,
    m.watchSynced,
    m.watchForbidden,
    m.cacheObjects,
    m.sseClients,
    m.serviceHealth,
    m.clusterState,
  ]) {
    gauge.reset();
  }
  hubs.forEach((hub, i) => fillFromHub(hub, bad[i]!));
  for (const c of clusters) {
    if (!c.id) continue;
    const current = probeState(c);
    for (const state of CLUSTER_STATES) {
      m.clusterState.set({ cluster: c.id, state }, state === current ? 1 : 0);
    }
  }
  m.ready.set(ready ? 1 : 0);
  m.shuttingDown.set(draining ? 1 : 0);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
