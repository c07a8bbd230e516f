/**
 * The resource kinds the dashboard watches, and where each lives in the Kubernetes URL space.
 *
 * Contract: one entry per `RecordKind` of lib/topology/records.ts; `listPath` is the
 * all-namespaces collection URL (k8s-api-semantics.md §1.1) used for both list and watch.
 * `optional` kinds (Events) never hold back `/healthz` or the initial sync.
 */
import type { RecordKind } from '../topology/records';

export interface KindSpec {
  kind: RecordKind;
  listPath: string;
  /** A kind the product can live without (the timeline); its sync does not gate readiness. */
  optional: boolean;
}

export const WATCHED_KINDS: readonly KindSpec[] = [
  { kind: 'Namespace', listPath: '/api/v1/namespaces', optional: false },
  { kind: 'Node', listPath: '/api/v1/nodes', optional: false },
  { kind: 'Service', listPath: '/api/v1/services', optional: false },
  { kind: 'EndpointSlice', listPath: '/apis/discovery.k8s.io/v1/endpointslices', optional: false },
  { kind: 'Endpoints', listPath: '/api/v1/endpoints', optional: false },
  { kind: 'Pod', listPath: '/api/v1/pods', optional: false },
  { kind: 'Event', listPath: '/api/v1/events', optional: true },
];

export function kindSpec(kind: RecordKind): KindSpec {
  const spec = WATCHED_KINDS.find((k) => k.kind === kind);
  if (!spec) throw new Error(`unknown kind ${kind}`);
  return spec;
}
