import 'server-only';
/**
 * The server's diagnostics for one cluster: the per-Service history (timeline), the ExternalName
 * DNS checker and on-demand reachability probes, all attached to the process-wide hub.
 *
 * Contract: `startDiagnostics()` is called once at server start (instrumentation.ts) so the
 * history records from the first sync on; everything else is safe to call lazily. One instance
 * per process, kept on globalThis so Next's module reloads do not duplicate it. The per-Service
 * functions take a Service the caller found in the cache (`findService`), so "no such Service"
 * is decided once, by the caller, the same way for every question about it.
 */
import type { ProbeResult, ServiceTimeline } from '../api/diagnostics';
import { getDashboardHub } from '../k8s/server';
import type { Hub } from '../k8s/hub';
import { buildGraphModel } from '../topology/build';
import {
  createDiagnosisContext,
  diagnoseService,
  type ServiceDiagnosis,
} from '../topology/diagnosis';
import type { ServiceRecord } from '../topology/records';
import { createDnsChecker, type DnsChecker, type DnsResult } from './dns';
import { probeEndpoints, type ProbeTarget } from './reachability';
import { ServiceHistory } from './service-history';

interface Diagnostics {
  history: ServiceHistory;
  dns: DnsChecker;
}

const KEY = Symbol.for('switchboard.diagnostics');
type WithDiagnostics = typeof globalThis & { [KEY]?: Diagnostics };

function diagnostics(): Diagnostics {
  const holder = globalThis as WithDiagnostics;
  let current = holder[KEY];
  if (!current) {
    const hub = getDashboardHub();
    const history = new ServiceHistory();
    history.apply({ upserts: hub.cache.records(), deletes: [] }, { initial: true });
    hub.cache.subscribe((batch) => history.apply(batch, { initial: !hub.isSynced() }));
    current = { history, dns: createDnsChecker({ simulated: hub.info.simulated }) };
    holder[KEY] = current;
  }
  return current;
}

export function startDiagnostics(): void {
  diagnostics();
}

export function findService(hub: Hub, namespace: string, name: string): ServiceRecord | undefined {
  return hub.cache
    .list('Service')
    .find((s) => s.meta.namespace === namespace && s.meta.name === name);
}

/** Resolves every ExternalName target of the cache (cached per name). */
export async function resolveExternalNames(): Promise<Record<string, DnsResult>> {
  const { dns } = diagnostics();
  const names = new Set(
    getDashboardHub()
      .cache.list('Service')
      .flatMap((s) => (s.type === 'ExternalName' && s.externalName ? [s.externalName] : [])),
  );
  const entries = await Promise.all(
    [...names].map(async (n) => [n, await dns.resolve(n)] as const),
  );
  return Object.fromEntries(entries);
}

/** The diagnosis of one Service with server-side facts (DNS for an ExternalName). */
export async function diagnoseOne(hub: Hub, service: ServiceRecord): Promise<ServiceDiagnosis> {
  const dnsResults: Record<string, DnsResult> = {};
  if (service.type === 'ExternalName' && service.externalName) {
    dnsResults[service.externalName] = await diagnostics().dns.resolve(service.externalName);
  }
  const context = createDiagnosisContext(hub.getClusterSnapshot(), { dnsResults });
  return diagnoseService(service, context);
}

export function serviceTimeline(
  service: ServiceRecord,
  options: { sinceMs?: number; at?: number },
): ServiceTimeline {
  const { history } = diagnostics();
  const { namespace, name } = service.meta;
  const retainedSince = history.retainedSince(namespace, name);
  return {
    service: `${namespace}/${name}`,
    ...(retainedSince ? { retainedSince } : {}),
    entries: history.entries(namespace, name, options.sinceMs),
    ...(options.at !== undefined
      ? {
          at: new Date(options.at).toISOString(),
          state: history.stateAt(namespace, name, options.at),
        }
      : {}),
  };
}

/** Probes the external endpoints of one Service (never pod or cluster IPs). */
export async function probeService(hub: Hub, service: ServiceRecord): Promise<ProbeResult[]> {
  const snapshot = hub.getClusterSnapshot();
  const topology = buildGraphModel(snapshot);
  const serviceId = `svc:${service.meta.uid}`;
  const internal = new Set<string>();
  for (const pod of snapshot.pods)
    for (const ip of pod.podIPs ?? (pod.podIP ? [pod.podIP] : [])) internal.add(ip);
  for (const svc of snapshot.services)
    for (const ip of svc.clusterIPs ?? (svc.clusterIP ? [svc.clusterIP] : [])) internal.add(ip);
  const targets: ProbeTarget[] = [];
  for (const endpoint of topology.endpoints) {
    if (endpoint.serviceId !== serviceId || endpoint.targetRef?.kind === 'Pod') continue;
    for (const port of endpoint.ports) {
      if (port.port === undefined) continue;
      targets.push({
        address: endpoint.address,
        port: port.port,
        protocol: port.protocol ?? 'TCP',
      });
    }
  }
  return probeEndpoints(targets, { simulated: hub.info.simulated, internalAddresses: internal });
}
