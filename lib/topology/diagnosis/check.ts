/**
 * What every check module reads and writes for one Service: the Service, its routing (the same
 * merge the map draws, routing.ts), the snapshot index, the kubectl commands the reasons cite, and
 * the list the checks push their reasons onto. Plus the small helpers every check uses to word
 * evidence the same way.
 *
 * Contract: a check reads the context and only appends to `reasons`; the order and the final
 * sorting are index.ts's business.
 */
import type { EndpointNode } from '../model';
import type { PodRecord, ServiceRecord } from '../records';
import { resolveServiceRouting, type ServiceRouting } from '../routing';
import { selectorToString } from '../selector';
import { kubectl, serviceSlicesCommand } from '../shell-quote';
import type { SnapshotIndex } from '../snapshot-index';
import type { DiagnosisReason, Evidence } from './types';

/** Evidence lists are capped so one broken 5,000-pod Service does not produce a megabyte. */
export const MAX_EVIDENCE = 20;

export interface ServiceCheck {
  svc: ServiceRecord;
  ns: string;
  name: string;
  index: SnapshotIndex;
  routing: ServiceRouting;
  /** Endpoints of `routing` that are ready. */
  readyCount: number;
  reasons: DiagnosisReason[];
  /** Read-only commands, quoted (shell-quote.ts); undefined when a value cannot be shown. */
  cmd: {
    svc: string | undefined;
    slices: string | undefined;
    endpoints: string | undefined;
    pods: string | undefined;
  };
}

/** The context of a Service that routes through endpoints (not ExternalName). */
export function createServiceCheck(
  service: ServiceRecord,
  index: SnapshotIndex,
  reasons: DiagnosisReason[],
): ServiceCheck {
  const ns = service.meta.namespace;
  const name = service.meta.name;
  const selText = selectorToString(service.selector);
  const routing = resolveServiceRouting(index, service);
  let readyCount = 0;
  for (const ep of routing.endpoints) if (ep.ready) readyCount++;
  return {
    svc: service,
    ns,
    name,
    index,
    routing,
    readyCount,
    reasons,
    cmd: {
      svc: kubectl('get', 'service', '-n', ns, name, '-o', 'yaml'),
      slices: serviceSlicesCommand(ns, name),
      endpoints: kubectl('get', 'endpoints', '-n', ns, name, '-o', 'yaml'),
      pods: selText
        ? kubectl('get', 'pods', '-n', ns, '-l', selText, '-o', 'wide')
        : kubectl('get', 'pods', '-n', ns, '-o', 'wide'),
    },
  };
}

export function plural(
  n: number,
  one: string,
  many = one + (one.endsWith('s') ? 'es' : 's'),
): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function svcEvidence(c: ServiceCheck, field: string, value: string): Evidence {
  return { kind: 'Service', namespace: c.ns, name: c.name, field, value };
}

export function endpointEvidence(ep: EndpointNode, field: string, value: string): Evidence {
  const kind = ep.origin === 'legacy-endpoints' ? 'Endpoints' : 'EndpointSlice';
  return { kind, namespace: ep.namespace, name: ep.sources[0] ?? '', field, value };
}

export function podEvidence(pod: PodRecord, field: string, value: string): Evidence {
  return { kind: 'Pod', namespace: pod.meta.namespace, name: pod.meta.name, field, value };
}
