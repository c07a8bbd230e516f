/**
 * What the Service panel shows about one Service, gathered from the topology and the snapshot:
 * its endpoints, the pods they point at (and their records, for readiness reasons), the pods the
 * selector matches that are not endpoints, the objects behind it as slim YAML, and the kubectl
 * commands that show the same. An ExternalName Service has no endpoints at all (it is a DNS
 * alias): for it the panel says what name it points at and what the server's DNS lookup said
 * (the diagnosis's evidence), and nothing about endpoints or a selector's role. Pure.
 */
import { stringify } from 'yaml';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import { endpointCountText, fmt } from '@/lib/graph/describe';
import type { EndpointNode, PodNode, ServiceNode, Topology } from '@/lib/topology/model';
import { notVisible } from '@/lib/topology/judgeable';
import type { ClusterSnapshot, PodRecord, RecordKind, SlimRecord } from '@/lib/topology/records';
import { commandList, kubectl, serviceSlicesCommand } from '@/lib/topology/shell-quote';

export interface ServiceDetails {
  endpoints: EndpointNode[];
  pods: Map<string, PodNode>;
  /** Pod records by topology id (`pod:<uid>`). */
  podRecords: Map<string, PodRecord>;
  /** Pods the selector matches that are not endpoints. */
  overlayPods: PodNode[];
  /** The Service, its EndpointSlices and its legacy Endpoints. */
  records: SlimRecord[];
}

export function serviceDetails(
  service: ServiceNode,
  topology: Topology,
  snapshot: ClusterSnapshot,
): ServiceDetails {
  const { namespace: ns, name } = service;
  const endpoints = topology.endpoints.filter((e) => e.serviceId === service.id);
  const pods = new Map<string, PodNode>(topology.pods.map((p) => [p.id, p]));
  const podRecords = new Map<string, PodRecord>(snapshot.pods.map((p) => [`pod:${p.meta.uid}`, p]));
  const overlayPods = topology.edges
    .filter((e) => e.source === service.id && e.kind === 'selected-not-endpoint')
    .map((e) => pods.get(e.target))
    .filter((p): p is PodNode => !!p);
  const svcRecord = snapshot.services.find((s) => s.meta.uid === service.uid);
  const slices = snapshot.endpointSlices.filter(
    (s) => s.meta.namespace === ns && s.serviceName === name,
  );
  const legacy = snapshot.endpoints.filter((e) => e.meta.namespace === ns && e.meta.name === name);
  const records: SlimRecord[] = [...(svcRecord ? [svcRecord] : []), ...slices, ...legacy];
  return { endpoints, pods, podRecords, overlayPods, records };
}

/** `k=v,k2=v2`, or '' for a Service without a selector. */
export function selectorText(service: Pick<ServiceNode, 'selector'>, separator = ','): string {
  return Object.entries(service.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(separator);
}

type Shown = Pick<ServiceNode, 'serviceType'>;

/** An ExternalName Service routes by DNS: it has no endpoints, and no selector that gives any. */
export function isExternalName(service: Shown): boolean {
  return service.serviceType === 'ExternalName';
}

/**
 * The header's endpoint count ("2 of 3 endpoints ready", or why they cannot be judged:
 * lib/graph/describe.ts `endpointCountText`); none for an ExternalName Service.
 */
export function headerCountText(
  service: Pick<ServiceNode, 'serviceType' | 'readyCount' | 'endpointCount' | 'endpointsNotJudged'>,
  noPort: number,
): string | undefined {
  if (isExternalName(service)) return undefined;
  return (
    endpointCountText(service) + (noPort > 0 ? `, ${fmt(noPort)} with no port (not serving)` : '')
  );
}

/** What the server's DNS lookup of an ExternalName said (the diagnosis's DNS evidence). */
export function dnsText(diagnosis: ServiceDiagnosis | undefined): string {
  const answer = diagnosis?.reasons.flatMap((r) => r.evidence).find((e) => e.kind === 'DNS');
  return answer?.value ?? 'not looked up yet';
}

/** The Selector row: what the selector does for this Service, or undefined for no row at all. */
export function selectorRowText(
  service: Shown & Pick<ServiceNode, 'selector'>,
): string | undefined {
  const selector = selectorText(service, ', ');
  if (isExternalName(service))
    return selector ? `${selector} (ignored: an ExternalName Service has no endpoints)` : undefined;
  return selector || 'none (selector-less: endpoints are managed by hand)';
}

/**
 * The kubectl commands that show what the panel shows. `legacyEndpoints`: a v1 Endpoints object
 * of this Service is in the snapshot. A Service with a selector always gets one from its
 * controller; a selector-less one only when someone wrote it, so without one there is nothing
 * for `kubectl get endpoints` to show but NotFound. `snapshot`: what the viewer may list (its
 * `visibility`, lib/topology/judgeable.ts): a command of a kind they may not list there is left
 * out, as the diagnosis leaves out its own (they would be refused).
 */
export function kubectlCommands(
  service: ServiceNode,
  legacyEndpoints = true,
  snapshot?: Pick<ClusterSnapshot, 'visibility'>,
): string[] {
  const { namespace: ns, name } = service;
  const may = (kind: RecordKind, command: () => string | undefined) =>
    snapshot && notVisible(snapshot, kind, ns) ? undefined : command();
  if (isExternalName(service)) {
    // No endpoints to list: the Service and the name it points at are all there is.
    return commandList(
      kubectl('get', 'service', name, '-n', ns, '-o', 'wide'),
      kubectl('describe', 'service', name, '-n', ns),
    );
  }
  const selector = selectorText(service);
  // Quoted word by word: the values come from the cluster (lib/topology/shell-quote.ts).
  return commandList(
    kubectl('get', 'service', name, '-n', ns, '-o', 'wide'),
    may('EndpointSlice', () => serviceSlicesCommand(ns, name)),
    selector || legacyEndpoints
      ? may('Endpoints', () => kubectl('get', 'endpoints', name, '-n', ns))
      : undefined,
    selector
      ? may('Pod', () => kubectl('get', 'pods', '-n', ns, '-o', 'wide', '-l', selector))
      : undefined,
    kubectl('describe', 'service', name, '-n', ns),
  );
}

/** The kinds of `records` in order, plural where there are several: "Service, EndpointSlices". */
export function recordKindsText(records: readonly SlimRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return [...counts]
    .map(([kind, n]) => (n > 1 && !kind.endsWith('s') ? `${kind}s` : kind))
    .join(', ');
}

export function slimYaml(records: readonly SlimRecord[]): string {
  return records.map((r) => stringify(r, { lineWidth: 0 })).join('---\n');
}
