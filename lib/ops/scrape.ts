import 'server-only';
/**
 * `GET /metrics`: the state gauges filled from the hub at scrape time, then the registry in
 * Prometheus text format (lib/ops/metrics.ts holds the counters that are kept as things happen).
 *
 * Contract: a scrape never starts anything and never waits for the cluster; without a hub only
 * the process metrics are there. `switchboard_service_health` has one series per reason of each
 * Service whose health is not `healthy` (1 warning, 2 broken; `unknown` is left out) — so its size
 * is bounded by the problems, not by the cluster — and is recomputed only when the stream's
 * sequence moved (something changed) since the last scrape.
 */
import { resolveExternalNames } from '../diagnostics/server';
import type { Hub } from '../k8s/hub';
import { buildTopologyWithDiagnoses } from '../topology';
import type { ServiceDiagnosis } from '../topology/diagnosis';
import { opsMetrics } from './metrics';

const STATES = ['listing', 'watching', 'backoff', 'forbidden', 'stopped'] as const;

let healthMemo: { seq: string; hub: Hub; diagnoses: ServiceDiagnosis[] } | undefined;

async function unhealthy(hub: Hub): Promise<ServiceDiagnosis[]> {
  const seq = hub.stats().seq;
  if (healthMemo?.hub === hub && healthMemo.seq === seq) return healthMemo.diagnoses;
  hub.flush();
  // The same DNS answers the page's diagnosis gets, so the metric and the map agree.
  const dnsResults = await resolveExternalNames().catch(() => ({}));
  const { diagnoses } = buildTopologyWithDiagnoses(hub.cache.snapshot(), { dnsResults });
  const bad = diagnoses.filter((d) => d.health === 'warning' || d.health === 'broken');
  healthMemo = { seq: hub.stats().seq, hub, diagnoses: bad };
  return bad;
}

async function fillFromHub(hub: Hub): Promise<void> {
  const m = opsMetrics();
  m.watchState.reset();
  for (const [kind, s] of hub.watchStates()) {
    const current = s.forbidden ? 'forbidden' : s.phase;
    for (const state of STATES) m.watchState.set({ kind, state }, state === current ? 1 : 0);
    m.watchSynced.set({ kind }, s.synced ? 1 : 0);
    m.watchForbidden.set({ kind }, s.forbidden ? 1 : 0);
    m.cacheObjects.set({ kind }, hub.cache.size(kind));
  }
  m.sseClients.set(hub.stats().subscribers);
  if (!hub.isSynced()) {
    m.serviceHealth.reset();
    return;
  }
  const bad = await unhealthy(hub);
  m.serviceHealth.reset();
  for (const d of bad) {
    const value = d.health === 'broken' ? 2 : 1;
    const codes = new Set<string>(
      d.reasons.filter((r) => r.severity !== 'info').map((r) => r.code),
    );
    if (codes.size === 0) codes.add('unknown');
    for (const reason of codes) {
      m.serviceHealth.set({ namespace: d.namespace, service: d.name, reason }, value);
    }
  }
}

/** The Prometheus text exposition of this process. */
export async function scrapeMetrics(
  hub: Hub | undefined,
  ready: boolean,
  draining: boolean,
): Promise<{ contentType: string; body: string }> {
  const m = opsMetrics();
  if (hub) await fillFromHub(hub);
  m.ready.set(ready ? 1 : 0);
  m.shuttingDown.set(draining ? 1 : 0);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
