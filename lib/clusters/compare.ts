/**
 * The same Service (namespace/name) side by side across clusters: one column per cluster, and
 * which fields are not the same everywhere.
 *
 * Contract: pure. A column is made from the Service's node on that cluster's map and its
 * diagnosis (`comparedService`); `differingFields` compares the clusters that answered
 * (`answered`, lib/api/clusters.ts: an unreachable, unread or stale cluster, or one where the
 * viewer may not see the namespace's Services, is not a difference), each field by value — ports as a set (order
 * ignored), selector as a map, endpoints as ready/total, diagnosis by health and first reason. A
 * cluster without the Service differs from one with it on every field (its cells read "not
 * found", never a value); a Service found in no cluster differs on none.
 */
import { answered, type ComparedField, type ComparedService } from '../api/clusters';
import type { ServiceNode } from '../topology/model';
import type { ServiceDiagnosis } from '../topology/diagnosis/types';

export function comparedService(
  cluster: string,
  node: ServiceNode | undefined,
  diagnosis: ServiceDiagnosis | undefined,
): ComparedService {
  if (!node) return { cluster, found: false };
  return {
    cluster,
    found: true,
    type: node.serviceType,
    ports: node.ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
    })),
    selector: node.selectorless || !node.selector ? null : node.selector,
    endpoints: {
      ready: node.readyCount,
      total: node.endpointCount,
      ...(node.endpointsNotJudged ? { notJudged: node.endpointsNotJudged } : {}),
    },
    health: diagnosis?.health ?? node.health,
    diagnosis: diagnosis?.reasons[0]?.summary ?? diagnosis?.health ?? node.health,
  };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const FIELDS: Record<ComparedField, (c: ComparedService) => unknown> = {
  found: (c) => c.found,
  type: (c) => c.type,
  ports: (c) => c.ports,
  selector: (c) => c.selector,
  endpoints: (c) => c.endpoints,
  diagnosis: (c) => [c.health, c.diagnosis],
};

/** Not a value any field canonicalises to: a missing Service never equals a found one's null. */
const MISSING = 'not found';

export function differingFields(columns: readonly ComparedService[]): ComparedField[] {
  const asked = columns.filter(answered);
  return (Object.keys(FIELDS) as ComparedField[]).filter((field) => {
    const values = asked.map((c) =>
      c.found || field === 'found' ? canonical(FIELDS[field](c)) : MISSING,
    );
    return new Set(values).size > 1;
  });
}
