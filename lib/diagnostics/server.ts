import 'server-only';
/**
 * The server's diagnostics per cluster: the per-Service history (timeline), the ExternalName
 * DNS checker and on-demand reachability probes, each attached to its cluster's hub.
 *
 * Contract: `startDiagnostics(clusterId)` is called at server start for every cluster
 * (instrumentation.ts), and for a cluster added later, so the history records from the first
 * sync on; everything else is safe to call lazily. One history and DNS checker per cluster hub,
 * one probe budget per process, kept on globalThis so Next's module reloads do not duplicate them. Services are found,
 * diagnosed and their endpoints read from the hub's maintained model (lib/k8s/hub-model.ts), in
 * O(what changed) rather than a rebuild of the whole cache per question. The per-Service
 * functions take a Service the caller found in the cache (`findService`), so "no such Service"
 * is decided once, by the caller, the same way for every question about it. Whether anything
 * is probed or looked up at all follows the hub's reading of the cluster's `/version`
 * (`Hub.identify()`): a simulated cluster never, and one whose identity could not be read yet
 * neither — no DNS results and every probe refused, until it can be; a recorded snapshot is
 * answered from the DNS answers it carries. The history is in memory
 * or durable as the SWITCHBOARD_* history settings say (lib/history/server.ts); a durable one
 * that cannot start (its directory held by another process) stops this process with the reason.
 */
import { networkInterfaces } from 'node:os';
import type { ProbeResult, ServiceTimeline } from '../api/diagnostics';
import { EVERYTHING, visibleRecords, visibleSnapshot, type AccessScope } from '../access/scope';
import { visibleTimeline } from '../access/timeline';
import { errorMessage } from '../error-message';
import { getDashboardHub } from '../k8s/server';
import type { Hub } from '../k8s/hub';
import { hubModel, modelOf } from '../k8s/hub-model';
import { buildTopologyWithDiagnoses, type TopologyWithDiagnoses } from '../topology';
import {
  createDiagnosisContext,
  diagnoseService,
  type ServiceDiagnosis,
} from '../topology/diagnosis';
import type { ServiceRecord } from '../topology/records';
import { createDnsChecker, recordedDnsChecker, type DnsChecker, type DnsResult } from './dns';
import { withTrailFixes } from './trail-fixes';
import { fail } from '../http/api-route';
import { ClientBudget } from '../http/client-budget';
import {
  MAX_PROBE_TARGETS,
  probeEndpoints,
  probePolicy,
  refusedAddresses,
  type ProbeTarget,
} from './reachability';
import { getClusterConnection } from '../k8s/connection';
import { serverHistory, type ServerHistory } from '../history/server';

/** One per cluster hub. */
interface Diagnostics {
  history: ServerHistory;
  /**
   * Made once the cluster's identity is known (simulated clusters are never looked up), and made
   * again when another cluster at the address answers otherwise.
   */
  dns?: { simulated: boolean; checker: DnsChecker };
  /** A recorded snapshot's: its own answers, never looked up now. */
  recordedDns?: DnsChecker;
}

/**
 * Reachability probes one client may have sent per minute: without a limit the "check
 * reachability" button is a port scanner driven from the dashboard's network position.
 */
const PROBE_BUDGET = { limit: 256, windowMs: 60_000 };

const KEY = Symbol.for('switchboard.diagnostics');
type WithDiagnostics = typeof globalThis & {
  [KEY]?: { perHub: WeakMap<Hub, Diagnostics>; probeBudget: ClientBudget };
};

function shared() {
  const holder = globalThis as WithDiagnostics;
  // One probe budget per process: the limit is on what this server sends, whichever cluster.
  holder[KEY] ??= { perHub: new WeakMap(), probeBudget: new ClientBudget(PROBE_BUDGET) };
  return holder[KEY];
}

/** The diagnostics of cluster `clusterId`'s hub (default: the default cluster's). */
function diagnostics(hub: Hub = getDashboardHub(), clusterId?: string): Diagnostics {
  const { perHub } = shared();
  let current = perHub.get(hub);
  if (!current) {
    const apiServer =
      getClusterConnection(clusterId ?? hub.info.name).kubeConfig.getCurrentCluster()?.server ?? '';
    current = { history: serverHistory(hub, process.env, apiServer) };
    perHub.set(hub, current);
  }
  return current;
}

/** Starts recording the timeline of cluster `clusterId` (default: the default cluster). */
export function startDiagnostics(clusterId?: string): void {
  diagnostics(getDashboardHub(clusterId), clusterId).history.ready.catch((error: unknown) => {
    console.error(`[switchboard] ${errorMessage(error)}`);
    process.exit(1);
  });
}

/** The DNS checker for this cluster, or undefined while its identity cannot be read. */
async function dnsChecker(hub: Hub): Promise<DnsChecker | undefined> {
  const current = diagnostics(hub);
  // A recorded snapshot is diagnosed with the answers the live dashboard had, never looked up now.
  const recorded = hub.info.snapshot;
  if (recorded)
    return (current.recordedDns ??= recordedDnsChecker(hub.recordedDns, recorded.takenAt));
  try {
    // Asked every time (the hub keeps the answer): the cluster at the address may have changed.
    const { simulated } = await hub.identify();
    if (current.dns?.simulated !== simulated)
      current.dns = { simulated, checker: createDnsChecker({ simulated }) };
    return current.dns.checker;
  } catch {
    return undefined;
  }
}

/** O(1): by namespace/name in the hub's model, which holds the cache's very records. */
export function findService(hub: Hub, namespace: string, name: string): ServiceRecord | undefined {
  return modelOf(hub.cache).service(namespace, name);
}

/** Resolves every ExternalName target of the Services `scope` sees (cached per name). */
export async function resolveExternalNames(
  scope: AccessScope = EVERYTHING,
  hub: Hub = getDashboardHub(),
): Promise<Record<string, DnsResult>> {
  const dns = await dnsChecker(hub);
  if (!dns) return {};
  const names = new Set(
    visibleRecords(scope, hub.cache.list('Service')).flatMap((s) =>
      s.type === 'ExternalName' && s.externalName ? [s.externalName] : [],
    ),
  );
  const entries = await Promise.all(
    [...names].map(async (n) => [n, await dns.resolve(n)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * The map of what `scope` sees in `hub`'s cluster with every Service's diagnosis and the server's
 * DNS answers: the dashboard's own view (`EVERYTHING`) from the hub's maintained model
 * (lib/k8s/hub-model.ts), a person's narrower one built from what they may see.
 */
export async function diagnosedTopology(
  hub: Hub,
  scope: AccessScope = EVERYTHING,
): Promise<TopologyWithDiagnoses> {
  // The same DNS answers the map gets (/api/dns), so scripts and the page agree on ExternalNames.
  const dnsResults = await resolveExternalNames(scope, hub);
  return scope.everything
    ? hubModel(hub).topologyWithDiagnoses(dnsResults)
    : buildTopologyWithDiagnoses(visibleSnapshot(scope, hub.getClusterSnapshot()), { dnsResults });
}

/**
 * The diagnosis of one Service with server-side facts: DNS for an ExternalName, and its scale
 * fixes completed from the Service's trail as the panel completes them (trail-fixes.ts), so the
 * fix previewed is the fix shown.
 */
export async function diagnoseOne(
  hub: Hub,
  service: ServiceRecord,
  scope: AccessScope = EVERYTHING,
): Promise<ServiceDiagnosis> {
  const diagnosis = await diagnoseFromRecords(hub, service, scope);
  return withTrailFixes(diagnosis, (await serviceTimeline(service, {}, scope, hub)).entries);
}

async function diagnoseFromRecords(
  hub: Hub,
  service: ServiceRecord,
  scope: AccessScope,
): Promise<ServiceDiagnosis> {
  const dnsResults: Record<string, DnsResult> = {};
  const dns = service.type === 'ExternalName' ? await dnsChecker(hub) : undefined;
  if (dns && service.externalName) {
    dnsResults[service.externalName] = await dns.resolve(service.externalName);
  }
  // The dashboard's own view is the hub's model, kept current change by change; a person's
  // narrower view is built from what they may see, as the map's own snapshot for them is.
  if (scope.everything) return hubModel(hub).diagnose(service, dnsResults);
  const context = createDiagnosisContext(visibleSnapshot(scope, hub.getClusterSnapshot()), {
    dnsResults,
  });
  return diagnoseService(service, context);
}

/**
 * A cluster's history (the Service trails and the whole map's record journal); by default the
 * default cluster's.
 */
export function currentHistory(hub: Hub = getDashboardHub()): ServerHistory {
  return diagnostics(hub).history;
}

export async function serviceTimeline(
  service: ServiceRecord,
  options: { sinceMs?: number; at?: number },
  scope: AccessScope = EVERYTHING,
  hub: Hub = getDashboardHub(),
  kept: Pick<ServerHistory, 'current' | 'gap' | 'ready'> = diagnostics(hub).history,
): Promise<ServiceTimeline> {
  // A durable history is read back at start; until it is, the trail is empty, which would read
  // as "nothing happened" (and leave a scale fix without the count from before).
  await kept.ready;
  const history = kept.current();
  const gap = kept.gap();
  const { namespace, name } = service.meta;
  const retainedSince = history.retainedSince(namespace, name);
  return visibleTimeline(scope, namespace, {
    service: `${namespace}/${name}`,
    ...(retainedSince ? { retainedSince } : {}),
    ...(gap && (gap.droppedFacts > 0 || gap.storeUnavailable) ? { historyGap: gap } : {}),
    entries: history.entries(namespace, name, options.sinceMs),
    ...(options.at !== undefined
      ? {
          at: new Date(options.at).toISOString(),
          state: history.stateAt(namespace, name, options.at),
        }
      : {}),
  });
}

/** The socket addresses of this server's own interfaces. */
function serverAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/**
 * Probes the external endpoints of one Service (never pod, cluster, node, API server or own
 * addresses: lib/diagnostics/reachability.ts), charged to `client`'s probe budget; a `rate-limited`
 * problem when that is spent.
 */
export async function probeService(
  hub: Hub,
  service: ServiceRecord,
  client: string,
): Promise<ProbeResult[]> {
  const model = modelOf(hub.cache);
  // The model's own arrays: read here, synchronously, before anything can change them.
  const snapshot = model.snapshot();
  const apiServerService = model.service('default', 'kubernetes');
  const refused = refusedAddresses({
    cluster: [
      ...snapshot.pods.flatMap((pod) => pod.podIPs ?? (pod.podIP ? [pod.podIP] : [])),
      ...snapshot.services.flatMap(
        (svc) => svc.clusterIPs ?? (svc.clusterIP ? [svc.clusterIP] : []),
      ),
    ],
    nodes: snapshot.nodes.flatMap((node) => (node.internalIP ? [node.internalIP] : [])),
    apiServer: apiServerService ? model.endpointsOf(apiServerService).map((e) => e.address) : [],
    server: serverAddresses(),
  });
  const targets: ProbeTarget[] = [];
  for (const endpoint of model.endpointsOf(service)) {
    if (endpoint.targetRef?.kind === 'Pod') continue;
    for (const port of endpoint.ports) {
      if (port.port === undefined) continue;
      targets.push({
        address: endpoint.address,
        port: port.port,
        protocol: port.protocol ?? 'TCP',
      });
    }
  }
  let simulated: boolean | { unknown: string };
  try {
    ({ simulated } = await hub.identify());
  } catch (error) {
    simulated = { unknown: errorMessage(error) };
  }
  const context = { simulated, refused };
  // Charged for what would really be sent: refused targets cost nothing.
  const sendable = targets.slice(0, MAX_PROBE_TARGETS).filter((t) => !probePolicy(t, context));
  const spent = shared().probeBudget.take(client, sendable.length, Date.now());
  if (!spent.ok) {
    const seconds = Math.ceil(spent.retryAfterMs / 1000);
    fail(
      'rate-limited',
      `Too many reachability checks from ${client}: at most ${PROBE_BUDGET.limit} addresses a minute. Try again in ${seconds} s.`,
      { retryAfterSeconds: seconds },
    );
  }
  return probeEndpoints(targets, context);
}
