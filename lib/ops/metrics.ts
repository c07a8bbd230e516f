import 'server-only';
/**
 * The process's Prometheus metrics (`prom-client`): one registry per process, whatever bundle
 * asks for it (Next loads instrumentation and each route in its own bundle, so the registry lives
 * on globalThis like the hub), and the counters the code that knows a fact increments in place:
 * watch loops (lib/k8s/watch-loop.ts via the hub), the SSE fan-out (lib/k8s/fanout.ts), the hub's
 * change→frame latency, and the API route wrapper (lib/http/api-route.ts).
 *
 * Contract: every metric is prefixed `switchboard_` and documented in docs/metrics.md; label
 * values are bounded (clusters, kinds, watch event types, route patterns, write outcomes); every
 * metric of a watch, a hub's streams, its Services or its history carries `cluster` (the
 * cluster's id, lib/k8s/clusters.ts), in one registry, so no name is ever defined twice; gauges that
 * describe state (watch state, cache sizes, clients, Service health) are filled at scrape time by
 * lib/ops/scrape.ts, never per request.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface OpsMetrics {
  registry: Registry;
  watchState: Gauge<'cluster' | 'kind' | 'state'>;
  watchSynced: Gauge<'cluster' | 'kind'>;
  watchForbidden: Gauge<'cluster' | 'kind'>;
  watchRelists: Counter<'cluster' | 'kind'>;
  watchGone: Counter<'cluster' | 'kind'>;
  watchRestarts: Counter<'cluster' | 'kind'>;
  watchEvents: Counter<'cluster' | 'kind' | 'type'>;
  cacheObjects: Gauge<'cluster' | 'kind'>;
  sseClients: Gauge<'cluster'>;
  sseBytes: Counter<'cluster'>;
  sseTextBytes: Counter<'cluster'>;
  sseResets: Counter<'cluster'>;
  sseDisconnects: Counter<'cluster' | 'by'>;
  changeToSse: Histogram<'cluster' | 'kind'>;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  writes: Counter<'mode' | 'action' | 'outcome'>;
  serviceHealth: Gauge<'cluster' | 'namespace' | 'service' | 'reason'>;
  clusterState: Gauge<'cluster' | 'state'>;
  ready: Gauge;
  shuttingDown: Gauge;
  historyWrites: Counter<'cluster' | 'outcome'>;
  historyDropped: Counter<'cluster'>;
}

function create(): OpsMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    watchState: new Gauge({
      name: 'switchboard_watch_state',
      help: '1 for the state each watched kind is in (listing, watching, backoff, forbidden, stopped).',
      labelNames: ['cluster', 'kind', 'state'],
      registers,
    }),
    watchSynced: new Gauge({
      name: 'switchboard_watch_synced',
      help: '1 once the kind has completed a list.',
      labelNames: ['cluster', 'kind'],
      registers,
    }),
    watchForbidden: new Gauge({
      name: 'switchboard_watch_forbidden',
      help: '1 while RBAC forbids listing or watching the kind (403).',
      labelNames: ['cluster', 'kind'],
      registers,
    }),
    watchRelists: new Counter({
      name: 'switchboard_watch_relists_total',
      help: 'Completed lists after the first one (after a 410 or a restart).',
      labelNames: ['cluster', 'kind'],
      registers,
    }),
    watchGone: new Counter({
      name: 'switchboard_watch_gone_total',
      help: 'Watches or lists ended by 410 Gone (resourceVersion too old): each forces a relist.',
      labelNames: ['cluster', 'kind'],
      registers,
    }),
    watchRestarts: new Counter({
      name: 'switchboard_watch_restarts_total',
      help: 'List or watch failures after which the loop backed off and retried.',
      labelNames: ['cluster', 'kind'],
      registers,
    }),
    watchEvents: new Counter({
      name: 'switchboard_watch_events_total',
      help: 'Watch events received, by kind and type (ADDED, MODIFIED, DELETED).',
      labelNames: ['cluster', 'kind', 'type'],
      registers,
    }),
    cacheObjects: new Gauge({
      name: 'switchboard_cache_objects',
      help: 'Objects held in the cache, by kind.',
      labelNames: ['cluster', 'kind'],
      registers,
    }),
    sseClients: new Gauge({
      name: 'switchboard_sse_clients',
      help: 'Open /api/stream connections.',
      labelNames: ['cluster'],
      registers,
    }),
    sseBytes: new Counter({
      name: 'switchboard_sse_bytes_sent_total',
      help: 'Bytes the /api/stream connections put on the wire (gzip-compressed for tabs that accept it).',
      labelNames: ['cluster'],
      registers,
    }),
    sseTextBytes: new Counter({
      name: 'switchboard_sse_uncompressed_bytes_total',
      help: 'SSE text handed to the /api/stream connections before compression (against bytes sent: the compression ratio).',
      labelNames: ['cluster'],
      registers,
    }),
    sseResets: new Counter({
      name: 'switchboard_sse_client_resets_total',
      help: 'Stream clients whose queue overflowed (a stalled tab): their backlog was dropped and they get a fresh snapshot.',
      labelNames: ['cluster'],
      registers,
    }),
    sseDisconnects: new Counter({
      name: 'switchboard_sse_disconnects_total',
      help: 'Stream connections ended, by who ended them (client, server).',
      labelNames: ['cluster', 'by'],
      registers,
    }),
    changeToSse: new Histogram({
      name: 'switchboard_change_to_sse_seconds',
      help: 'From a change reaching the cache to its frame being queued to the open streams, by kind.',
      labelNames: ['cluster', 'kind'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    httpRequests: new Counter({
      name: 'switchboard_http_requests_total',
      help: 'API and probe requests answered, by route pattern, method and status code.',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    writes: new Counter({
      name: 'switchboard_writes_total',
      help: 'Write attempts through the dashboard, by sign-in mode, action and outcome (as the audit line records them; never by user: unbounded).',
      labelNames: ['mode', 'action', 'outcome'],
      registers,
    }),
    serviceHealth: new Gauge({
      name: 'switchboard_service_health',
      help: 'One series per reason of each Service that is not healthy (1 = warning, 2 = broken); healthy Services have none.',
      labelNames: ['cluster', 'namespace', 'service', 'reason'],
      registers,
    }),
    clusterState: new Gauge({
      name: 'switchboard_cluster_state',
      help: '1 for the state each cluster is in (live, syncing, unreachable, unconfigured), 0 for the others.',
      labelNames: ['cluster', 'state'],
      registers,
    }),
    ready: new Gauge({
      name: 'switchboard_ready',
      help: '1 when /readyz answers 200.',
      registers,
    }),
    shuttingDown: new Gauge({
      name: 'switchboard_shutting_down',
      help: '1 once SIGTERM was received and the server drains.',
      registers,
    }),
    historyWrites: new Counter({
      name: 'switchboard_history_write_batches_total',
      help: 'Batches of history facts written to the history database, by outcome (ok, error).',
      labelNames: ['cluster', 'outcome'],
      registers,
    }),
    historyDropped: new Counter({
      name: 'switchboard_history_dropped_facts_total',
      help: 'History facts dropped because the write backlog was full (the database slow or down) or unwritten at shutdown.',
      labelNames: ['cluster'],
      registers,
    }),
  };
}

const KEY = Symbol.for('switchboard.metrics');
type MetricsGlobal = typeof globalThis & { [KEY]?: OpsMetrics };

/** The metrics of this process (created on first use). */
export function opsMetrics(): OpsMetrics {
  const g = globalThis as MetricsGlobal;
  g[KEY] ??= create();
  return g[KEY];
}
