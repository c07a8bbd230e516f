/**
 * The map's model with each Service's health: build the graph (build.ts), then diagnose every
 * Service over it (diagnosis/), then paint each ServiceNode's `health` with its diagnosis's. The
 * one place the two meet — the build knows nothing of the diagnosis, the diagnosis reads what the
 * build resolved (the routing memo of the shared snapshot index) and never writes to it.
 *
 * Contract: `/api/graph` and the browser's store call this same pure function, so the server and
 * the map agree. Isomorphic.
 */
import { assembleTopology, buildGraphModel, serviceFragment } from './build';
import {
  createDiagnosisContext,
  diagnoseAll,
  diagnoseService,
  type DnsResults,
  type ServiceDiagnosis,
} from './diagnosis';
import type { Topology } from './model';
import type { ClusterSnapshot, ServiceRecord } from './records';
import { indexSnapshot, type SnapshotIndex } from './snapshot-index';

export interface BuildTopologyOptions {
  /**
   * Compute each Service's health from the diagnosis (default true). With false, every health is
   * 'unknown' — for callers that diagnose later, or only need the shape.
   */
  diagnose?: boolean;
  /** Server-side DNS lookups of ExternalName targets, passed on to the diagnosis. */
  dnsResults?: DnsResults;
  /** Reuse an index already built for this very snapshot. */
  index?: SnapshotIndex;
}

export interface TopologyWithDiagnoses {
  topology: Topology;
  /** One per Service, in the Topology's service order; empty when `diagnose: false`. */
  diagnoses: ServiceDiagnosis[];
}

export function buildTopology(
  snapshot: ClusterSnapshot,
  options: BuildTopologyOptions = {},
): Topology {
  return buildTopologyWithDiagnoses(snapshot, options).topology;
}

export function buildTopologyWithDiagnoses(
  snapshot: ClusterSnapshot,
  options: BuildTopologyOptions = {},
): TopologyWithDiagnoses {
  const index = options.index ?? indexSnapshot(snapshot);
  const topology = buildGraphModel(snapshot, { index });
  if (options.diagnose === false) return { topology, diagnoses: [] };
  // The build left each Service's routing in the index's memo (the endpoint nodes just drawn), so
  // the diagnosis reads those without merging again. Both walk index.services: diagnoses[i] is
  // the diagnosis of topology.services[i].
  const diagnoses = diagnoseAll(snapshot, undefined, { index, dnsResults: options.dnsResults });
  topology.services.forEach((node, i) => {
    node.health = diagnoses[i]!.health;
  });
  return { topology, diagnoses };
}

/**
 * The model of only `services` (records of `index`, the index of `snapshot`) with their health:
 * what the full build gives for those Services — their nodes, endpoints, pods, edges and
 * diagnoses, each judged against the whole snapshot — without building or diagnosing the others.
 * For a picture of part of a big map that cannot wait for the whole (lib/worker/early-top.ts).
 */
export function buildServicesWithDiagnoses(
  snapshot: ClusterSnapshot,
  services: readonly ServiceRecord[],
  { index, dnsResults }: { index: SnapshotIndex; dnsResults?: DnsResults | undefined },
): TopologyWithDiagnoses {
  // The fragments first: each leaves its Service's routing in the index's memo for the diagnosis.
  const topology = assembleTopology(
    index,
    services.map((svc) => serviceFragment(index, svc)),
  );
  const context = createDiagnosisContext(snapshot, { index, dnsResults });
  const diagnoses = services.map((svc) => diagnoseService(svc, context));
  topology.services.forEach((node, i) => {
    node.health = diagnoses[i]!.health;
  });
  return { topology, diagnoses };
}
