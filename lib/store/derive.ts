/**
 * Derived data for the UI: store records → ClusterSnapshot → Topology + diagnoses
 * (lib/topology/index.ts, the same pure code the server runs for /api/graph).
 *
 * Contract: memoised per `recordsVersion` — the topology is rebuilt once per applied batch that
 * changed records, never per render or per status event. Isomorphic and pure apart from the
 * one-entry cache.
 */
import { buildTopologyWithDiagnoses } from '../topology';
import type { DnsResults, ServiceDiagnosis } from '../topology/diagnosis';
import type { Topology } from '../topology/model';
import { toClusterSnapshot, type ClusterSnapshot, type Visibility } from '../topology/records';
import type { RecordStoreState } from './record-state';

export interface DerivedView {
  recordsVersion: number;
  snapshot: ClusterSnapshot;
  topology: Topology;
  diagnoses: Map<string, ServiceDiagnosis>;
  namespaces: string[];
}

export function deriveView(
  records: RecordStoreState['records'],
  recordsVersion: number,
  dnsResults?: DnsResults,
  visibility?: Visibility,
): DerivedView {
  // A signed-in person's records are what they may see: the rest is "not visible", not missing.
  const snapshot: ClusterSnapshot = {
    ...toClusterSnapshot(records.values()),
    ...(visibility ? { visibility } : {}),
  };
  const { topology, diagnoses } = buildTopologyWithDiagnoses(
    snapshot,
    dnsResults ? { dnsResults } : {},
  );
  const byService = new Map<string, ServiceDiagnosis>();
  for (const d of diagnoses) byService.set(d.serviceId, d);
  const namespaces = new Set<string>();
  for (const ns of snapshot.namespaces) namespaces.add(ns.meta.name);
  for (const svc of snapshot.services) namespaces.add(svc.meta.namespace);
  return {
    recordsVersion,
    snapshot,
    topology,
    diagnoses: byService,
    namespaces: [...namespaces].sort(),
  };
}

/**
 * A one-entry cache keyed by the records map identity (what changes per applied batch) and the
 * identity of the server's DNS answers.
 */
export function createDerivedCache() {
  let lastRecords: RecordStoreState['records'] | null = null;
  let lastDns: DnsResults | undefined;
  let last: DerivedView | null = null;
  return (state: RecordStoreState, dnsResults?: DnsResults): DerivedView => {
    const visibility = state.cluster?.access?.visibility;
    if (
      last &&
      lastRecords === state.records &&
      lastDns === dnsResults &&
      last.snapshot.visibility === visibility
    )
      return last;
    lastRecords = state.records;
    lastDns = dnsResults;
    last = deriveView(state.records, state.recordsVersion, dnsResults, visibility);
    return last;
  };
}

/** The sorted, comma-joined ExternalName targets of the records: the key for DNS refreshes. */
export function externalNameKey(records: RecordStoreState['records']): string {
  const names = new Set<string>();
  for (const record of records.values()) {
    if (record.kind === 'Service' && record.type === 'ExternalName' && record.externalName) {
      names.add(record.externalName);
    }
  }
  return [...names].sort().join(',');
}
