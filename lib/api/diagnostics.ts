/**
 * What the per-Service diagnostics routes answer: the timeline
 * (GET /api/services/<ns>/<name>/timeline) and the reachability probes
 * (POST /api/services/<ns>/<name>/reachability).
 *
 * Contract: plain JSON, isomorphic and types only. The server's history
 * (lib/diagnostics/service-history.ts) and prober (lib/diagnostics/reachability.ts) produce
 * exactly these shapes and the panel's components read them; nobody keeps a copy.
 */

import type { FieldChange } from '../topology/records';

export type EndpointState = 'ready' | 'serving' | 'terminating' | 'not-ready';

/** One endpoint of a Service at some moment. */
export interface EndpointSnapshot {
  address: string;
  state: EndpointState;
  pod?: string;
  nodeName?: string;
}

/**
 * Who made a change, as the cluster's own data records it: the `metadata.managedFields` entry
 * that owns the changed field (manager and operation, e.g. `kubectl-edit` `Update`,
 * `kubectl-client-side-apply` `Update`, `kubectl` `Update` through the `scale` subresource,
 * `switchboard` `Update`). The records' own shape (records.ts `FieldChange`): managedFields
 * carries no user name, so there is no user here and the panel says the cluster recorded none.
 */
export type ChangeAuthor = FieldChange;

/** A workload named in the trail. */
export interface WorkloadRef {
  kind: string;
  name: string;
}

/** Fields common to every trail entry. */
interface EntryBase {
  /** When Switchboard saw the change (RFC 3339), or the Event's own time. */
  at: string;
  /** Who changed it, when the cluster's data says (never guessed). */
  by?: ChangeAuthor;
}

/**
 * One entry of a Service's change trail. Causes (the Service's spec, a workload, a pod's labels)
 * and effects (endpoints, Events) share one list in time order, so "what changed just before the
 * endpoints went away" is read top to bottom.
 */
export type TimelineEntry =
  | (EntryBase & {
      type: 'endpoint';
      change: 'added' | 'removed' | 'changed';
      address: string;
      from?: EndpointState;
      to?: EndpointState;
      pod?: string;
      nodeName?: string;
      /** True for what was already there when Switchboard started watching. */
      initial?: boolean;
    })
  | (EntryBase & {
      type: 'event';
      eventType: 'Normal' | 'Warning';
      reason: string;
      message: string;
      object: string;
      count: number;
    })
  /** The Service itself appeared or went away (not at Switchboard's first sync). */
  | (EntryBase & { type: 'service'; change: 'created' | 'deleted' })
  /** A field of the Service's spec changed; `from`/`to` are display text (`app=nginx`). */
  | (EntryBase & {
      type: 'spec';
      field: 'selector' | 'ports' | 'type';
      from: string;
      to: string;
    })
  /** A pod's labels changed so that the selector now matches it (`entered`) or no longer does. */
  | (EntryBase & {
      type: 'pod-labels';
      pod: string;
      move: 'entered' | 'left';
      /** The labels that changed, before and after (`app=nginx` → `app=web`; `` when none). */
      from: string;
      to: string;
    })
  /** A workload whose pods the selector matches changed (replicas, template images or labels). */
  | (EntryBase & {
      type: 'workload';
      workload: WorkloadRef;
      field: 'replicas' | 'image' | 'template-labels' | 'created' | 'deleted';
      from?: string;
      to?: string;
    })
  /** A Deployment rollout began (new revision), completed, or exceeded its progress deadline. */
  | (EntryBase & {
      type: 'rollout';
      workload: WorkloadRef;
      phase: 'started' | 'finished' | 'stalled';
      revision?: string;
      /** The Progressing condition's message, when it has one. */
      message?: string;
    });

export type TimelineEntryType = TimelineEntry['type'];

/** Why Switchboard has no data for a time (never answered with a guess). */
export type NoDataReason =
  /** The Service was created after that time. */
  | 'not-created'
  /** Switchboard had not seen the Service yet (it started watching later). */
  | 'not-observed'
  /** That time has fallen out of the bounded history. */
  | 'before-retained-history';

/** A Service's endpoints as they were at one time. */
export interface EndpointsAt {
  /** Empty when `noData` is set. */
  endpoints: EndpointSnapshot[];
  /** Set when Switchboard cannot know the endpoints at that time; `since` is from when it can. */
  noData?: { reason: NoDataReason; since?: string };
}

/** What the durable history is missing because its database was slow or down (never silent). */
export interface HistoryGap {
  /** Facts dropped because the write backlog was full (or still unwritten at shutdown). */
  droppedFacts: number;
  /** When the first of them was dropped (ISO). */
  since?: string;
  /** Facts waiting to be written now. */
  backlog: number;
  /** True while writes fail and are being retried. */
  storeUnavailable: boolean;
}

export interface ServiceTimeline {
  /** `<namespace>/<name>`. */
  service: string;
  /** Since when the history of this Service is exact (ISO time): before it, "no data". */
  retainedSince?: string;
  /** Set when this process's history lost facts or cannot write them now. */
  historyGap?: HistoryGap;
  /** Oldest first. */
  entries: TimelineEntry[];
  /** With `?at=`: the time asked for, and the endpoints then. */
  at?: string;
  state?: EndpointsAt;
}

export interface ProbeResult {
  address: string;
  port: number;
  protocol: string;
  ok: boolean;
  /** Milliseconds to TCP connect, when ok. */
  latencyMs?: number;
  /** A plain-words error (refused, timed out, unreachable) or why the probe was not sent. */
  error?: string;
  /** True when policy refused to send the probe. */
  skipped?: boolean;
  checkedAt: string;
}

export interface ReachabilityAnswer {
  results: ProbeResult[];
}
