/**
 * The facts the durable history stores, and why they have this shape.
 *
 * A Service's trail (lib/diagnostics/service-history.ts) is derived from watch events: each entry
 * is a difference between two versions of one object (a Service's spec, a pod's labels, a
 * workload, an EndpointSlice's endpoints) or one Event. The store keeps those entries exactly as
 * the timeline API returns them (lib/api/diagnostics.ts `TimelineEntry`, so nothing is re-derived
 * on load and a stored fact reads back byte for byte), plus one baseline per Service: the
 * endpoints at the instant its record starts (first observation, or what retention folded old
 * entries into). Baseline + endpoint entries in time order is what `stateAt(t)` folds; that is
 * also the unit later work builds on: the whole map at an instant is every Service's fold (a
 * periodic checkpoint is a set of baselines taken at one instant, so rebuilding starts from the
 * nearest checkpoint instead of the first fact), and a diff between two instants is the entries
 * between them, which already carry their cause and "who".
 *
 * Contract: every entry is keyed by what makes it the same fact wherever it was seen — the
 * cluster, the Service, the object that caused it (uid and resourceVersion, or `deleted`, or an
 * Event's count) and an entry key (which endpoint address and change, which spec field…). Several
 * replicas watching one cluster see the same object versions and derive the same entries, so
 * `INSERT … ON CONFLICT DO NOTHING` on that key stores each once; the first writer's time wins.
 * Times are epoch milliseconds. Isomorphic types only.
 */
import type { EndpointSnapshot, TimelineEntry } from '../api/diagnostics';
import type { JournalFact } from './record-facts';

/** One trail entry of one Service, with its idempotency key. */
export interface EntryFact {
  kind: 'entry';
  /** `<namespace>/<name>`. */
  service: string;
  time: number;
  /** The object whose change produced the entry. */
  sourceUid: string;
  /** Its resourceVersion, `deleted`, or an Event's count: which version of it. */
  sourceVersion: string;
  /** What within that change: `endpoint:<address>:<change>`, `spec:<field>`, `event`… */
  entryKey: string;
  entry: TimelineEntry;
}

/** Where a Service's record starts: its endpoints at `at`. */
export interface BaselineFact {
  kind: 'baseline';
  service: string;
  at: number;
  /** True when older entries were folded in (before `at` the history no longer knows). */
  trimmed: boolean;
  /** The Service's creationTimestamp, when known. */
  createdAt?: number;
  endpoints: EndpointSnapshot[];
}

/** What the batching writer carries: trail facts, and the record journal's (record-facts.ts). */
export type HistoryFact = EntryFact | BaselineFact | JournalFact;

/** What a store hands back to rebuild a trail: baselines, then entries oldest first. */
export interface StoredHistory {
  baselines: BaselineFact[];
  entries: EntryFact[];
}

/** The entry key of an entry (unique within the change of one object version). */
export function entryKeyOf(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'endpoint':
      return `endpoint:${entry.address}:${entry.change}`;
    case 'spec':
      return `spec:${entry.field}`;
    case 'service':
      return `service:${entry.change}`;
    case 'workload':
      return `workload:${entry.workload.kind}/${entry.workload.name}:${entry.field}`;
    case 'rollout':
      return `rollout:${entry.workload.kind}/${entry.workload.name}:${entry.phase}`;
    case 'pod-labels':
      return `pod-labels:${entry.pod}`;
    case 'event':
      return 'event';
  }
}
