/**
 * What the rest of the page (outline, problems rail, search, toolbar counts, Service panel)
 * needs of the topology, kept on the painting side as a small mirror the pipeline updates with
 * diffs: one compact row per Service (changed rows only), and the selected Service's full detail
 * (its node, diagnosis, and the slice of topology and records the panel reads) when the selection
 * or that Service changes.
 *
 * Contract: `diffRows(previous, topology, diagnoses, pending)` returns the rows that differ from
 * `previous` (by value) and the ids that disappeared, plus the new row table for the next call;
 * `applyRows(mirror, diff)` returns a new table (the same one when the diff is empty).
 * `serviceSlice(service, topology, snapshot)` is a Topology and ClusterSnapshot holding exactly
 * what components/service-panel/service-details.ts reads for that Service, so the panel renders
 * the same from the slice as from the whole cluster. Pure.
 */
import { headlineReason } from '../graph/problems';
import type { ServiceDiagnosis } from '../topology/diagnosis';
import type { NotJudged } from '../topology/judgeable';
import type { HealthState, ServiceNode, Topology } from '../topology/model';
import type { ClusterSnapshot } from '../topology/records';

export interface ServiceRow {
  id: string;
  namespace: string;
  name: string;
  health: HealthState;
  endpointCount: number;
  readyCount: number;
  /** Its endpoints cannot be judged (model.ts `ServiceNode.endpointsNotJudged`). */
  endpointsNotJudged?: NotJudged;
  /** The summary of the one reason a problem row shows (lib/graph/problems.ts `headlineReason`). */
  headline?: string;
  /** Its health is not known yet (lib/graph/problems.ts `healthPending`): not announced as changed. */
  healthPending?: true;
}

export type RowTable = ReadonlyMap<string, ServiceRow>;

export interface RowsDiff {
  set: ServiceRow[];
  removed: string[];
}

export function serviceRow(
  service: ServiceNode,
  diagnosis?: ServiceDiagnosis,
  pending = false,
): ServiceRow {
  const headline = headlineReason(diagnosis)?.summary;
  return {
    id: service.id,
    namespace: service.namespace,
    name: service.name,
    health: service.health,
    endpointCount: service.endpointCount,
    readyCount: service.readyCount,
    ...(service.endpointsNotJudged ? { endpointsNotJudged: service.endpointsNotJudged } : {}),
    ...(headline ? { headline } : {}),
    ...(pending ? { healthPending: true as const } : {}),
  };
}

const sameRow = (a: ServiceRow, b: ServiceRow) =>
  a.health === b.health &&
  a.endpointCount === b.endpointCount &&
  a.readyCount === b.readyCount &&
  a.endpointsNotJudged === b.endpointsNotJudged &&
  a.headline === b.headline &&
  a.healthPending === b.healthPending &&
  a.namespace === b.namespace &&
  a.name === b.name;

/**
 * The row a Service and its diagnosis make, made once while both are the same objects: the
 * maintained model keeps an untouched Service's node and diagnosis, so a batch makes rows only
 * for the Services it touched.
 */
const rows = new WeakMap<
  ServiceNode,
  { diagnosis: ServiceDiagnosis | undefined; pending: boolean; row: ServiceRow }
>();
function rowOf(
  service: ServiceNode,
  diagnosis: ServiceDiagnosis | undefined,
  pending: boolean,
): ServiceRow {
  const held = rows.get(service);
  if (held && held.diagnosis === diagnosis && held.pending === pending) return held.row;
  const row = serviceRow(service, diagnosis, pending);
  rows.set(service, { diagnosis, pending, row });
  return row;
}

export function diffRows(
  previous: RowTable,
  topology: Topology,
  diagnoses: ReadonlyMap<string, ServiceDiagnosis>,
  pending: (service: ServiceNode) => boolean = () => false,
): { diff: RowsDiff; table: RowTable } {
  const table = new Map<string, ServiceRow>();
  const set: ServiceRow[] = [];
  for (const service of topology.services) {
    const row = rowOf(service, diagnoses.get(service.id), pending(service));
    const old = previous.get(service.id);
    if (old && (old === row || sameRow(old, row))) table.set(row.id, old);
    else {
      table.set(row.id, row);
      set.push(row);
    }
  }
  const removed = [...previous.keys()].filter((id) => !table.has(id));
  return { diff: { set, removed }, table };
}

export function applyRows(mirror: RowTable, diff: RowsDiff): RowTable {
  if (diff.set.length === 0 && diff.removed.length === 0) return mirror;
  const next = new Map(mirror);
  for (const id of diff.removed) next.delete(id);
  for (const row of diff.set) next.set(row.id, row);
  return next;
}

/** The selected Service with what its panel reads, and nothing of the rest of the cluster. */
export interface SelectedDetail {
  service: ServiceNode;
  diagnosis?: ServiceDiagnosis;
  topology: Topology;
  snapshot: ClusterSnapshot;
}

export function serviceSlice(
  service: ServiceNode,
  topology: Topology,
  snapshot: ClusterSnapshot,
  diagnosis?: ServiceDiagnosis,
): SelectedDetail {
  const { namespace: ns, name } = service;
  const edges = topology.edges.filter((e) => e.source === service.id);
  const endpoints = topology.endpoints.filter((e) => e.serviceId === service.id);
  const endpointIds = new Set(endpoints.map((e) => e.id));
  const endpointEdges = topology.edges.filter((e) => endpointIds.has(e.source));
  const podIds = new Set([...edges, ...endpointEdges].map((e) => e.target));
  const pods = topology.pods.filter((p) => podIds.has(p.id));
  const podUids = new Set(pods.map((p) => p.uid));
  return {
    service,
    ...(diagnosis ? { diagnosis } : {}),
    topology: {
      services: [service],
      endpoints,
      pods,
      externals: topology.externals.filter((x) => podIds.has(x.id)),
      edges: [...edges, ...endpointEdges],
    },
    snapshot: {
      ...(snapshot.visibility ? { visibility: snapshot.visibility } : {}),
      namespaces: snapshot.namespaces.filter((n) => n.meta.name === ns),
      nodes: [],
      services: snapshot.services.filter((s) => s.meta.uid === service.uid),
      endpointSlices: snapshot.endpointSlices.filter(
        (s) => s.meta.namespace === ns && s.serviceName === name,
      ),
      endpoints: snapshot.endpoints.filter((e) => e.meta.namespace === ns && e.meta.name === name),
      pods: snapshot.pods.filter((p) => podUids.has(p.meta.uid)),
      deployments: [],
      replicaSets: [],
      statefulSets: [],
      daemonSets: [],
    },
  };
}
