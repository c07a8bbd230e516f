/**
 * The one registry of the Kubernetes kinds the dashboard reads and writes: their API group,
 * version and resource name, and the URLs built from them.
 *
 * Contract: one entry per `RecordKind` of lib/topology/records.ts, all of them watched. Paths
 * follow the apiserver's URL scheme (`/api/v1/...` for the core group, `/apis/<group>/<version>/
 * ...` otherwise; namespaced collections under `namespaces/<ns>/`); `listPath` is the
 * all-namespaces collection used for both list and watch. `group` and `resource` are what a
 * SelfSubjectAccessReview names. `optional` kinds (Events and the apps/v1 workloads) never hold
 * back `/healthz` or the initial sync, and one that RBAC forbids leaves the map working: the
 * workloads only sharpen the diagnosis (a cause beside the symptom), so a cluster that does not
 * let the dashboard list them still gets the map and the symptom-level diagnosis. No `server-only` marker: the `switchboard diagnose` CLI lists through it too.
 */
import type { RecordKind } from '../topology/records';

export interface KindSpec {
  kind: RecordKind;
  /** '' for the core group. */
  group: string;
  version: string;
  /** The plural resource name, as in URLs and access reviews. */
  resource: string;
  namespaced: boolean;
  /** All-namespaces collection URL. */
  listPath: string;
  /** A kind the product can live without (timeline, workloads); its sync does not gate readiness. */
  optional: boolean;
}

function spec(
  kind: RecordKind,
  group: string,
  version: string,
  resource: string,
  options: { namespaced: boolean; optional?: boolean },
): KindSpec {
  return {
    kind,
    group,
    version,
    resource,
    namespaced: options.namespaced,
    listPath: `${groupVersionPath(group, version)}/${resource}`,
    optional: options.optional ?? false,
  };
}

function groupVersionPath(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

export const KINDS: { readonly [K in RecordKind]: KindSpec } = {
  Namespace: spec('Namespace', '', 'v1', 'namespaces', { namespaced: false }),
  Node: spec('Node', '', 'v1', 'nodes', { namespaced: false }),
  Service: spec('Service', '', 'v1', 'services', { namespaced: true }),
  EndpointSlice: spec('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', {
    namespaced: true,
  }),
  Endpoints: spec('Endpoints', '', 'v1', 'endpoints', { namespaced: true }),
  Pod: spec('Pod', '', 'v1', 'pods', { namespaced: true }),
  Event: spec('Event', '', 'v1', 'events', { namespaced: true, optional: true }),
  Deployment: spec('Deployment', 'apps', 'v1', 'deployments', { namespaced: true, optional: true }),
  ReplicaSet: spec('ReplicaSet', 'apps', 'v1', 'replicasets', { namespaced: true, optional: true }),
  StatefulSet: spec('StatefulSet', 'apps', 'v1', 'statefulsets', {
    namespaced: true,
    optional: true,
  }),
  DaemonSet: spec('DaemonSet', 'apps', 'v1', 'daemonsets', { namespaced: true, optional: true }),
};

/** Every kind the hub watches, in the order its loops start. */
export const WATCHED_KINDS: readonly KindSpec[] = Object.values(KINDS);

/** The collection URL of a kind in one namespace (or cluster-wide for cluster-scoped kinds). */
export function collectionPath(kind: RecordKind, namespace: string): string {
  const { group, version, resource, namespaced } = KINDS[kind];
  const scope = namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(group, version)}${scope}/${resource}`;
}

export function itemPath(kind: RecordKind, namespace: string, name: string): string {
  return `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
}
