/**
 * Near-miss pods as ghosts: the pods a Service's selector almost matches (the diagnosis's
 * NearMiss data, lib/topology/diagnosis/near-miss.ts) drawn beside the Service with a dashed
 * edge labelled with the label that differs (`app: nginx ≠ ngnix`: the pod's value, then the
 * selector's), so a selector typo is seen on the map, not only read in the panel.
 *
 * Contract: pure. Ghost node ids are `ghost:<service id>:<namespace>/<name>` (a pod can be a near
 * miss of several Services); their edge is `<service id>-><ghost id>`, kind `near-miss`. At most
 * MAX_GHOSTS per Service, in the diagnosis's order (closest first); a pod listed by several
 * reasons appears once.
 */
import type { NearMiss, ServiceDiagnosis } from '../topology/diagnosis';

export const MAX_GHOSTS = 6;

/** The near misses of one Service's diagnosis, deduplicated, closest first, at most MAX_GHOSTS. */
export function nearMissesOf(diagnosis: ServiceDiagnosis | undefined): NearMiss[] {
  const out: NearMiss[] = [];
  const seen = new Set<string>();
  for (const reason of diagnosis?.reasons ?? []) {
    for (const miss of reason.nearMisses ?? []) {
      const key = `${miss.namespace}/${miss.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(miss);
      if (out.length >= MAX_GHOSTS) return out;
    }
  }
  return out;
}

/** The edge label: what the pod has against what the selector wants. */
export function differingLabel(miss: NearMiss): string {
  switch (miss.match) {
    case 'value-typo':
    case 'value-differs':
      return `${miss.key}: ${miss.actual ?? ''} ≠ ${miss.expected ?? ''}`;
    case 'key-typo': {
      const [key2 = '', value = ''] = (miss.actual ?? '').split('=');
      return `${key2} ≠ ${miss.key}: ${value}`;
    }
    case 'key-missing':
      return `no ${miss.key} (wants ${miss.expected ?? ''})`;
    case 'other-namespace':
      return `namespace: ${miss.namespace} ≠ ${miss.expected ?? ''}`;
  }
}

/** The label for a miss of `serviceNamespace`'s Service (other-namespace names both). */
export function ghostLabel(miss: NearMiss, serviceNamespace: string): string {
  return differingLabel(
    miss.match === 'other-namespace' ? { ...miss, expected: serviceNamespace } : miss,
  );
}

export function ghostId(serviceId: string, miss: NearMiss): string {
  return `ghost:${serviceId}:${miss.namespace}/${miss.name}`;
}
