/**
 * What the whole-map history routes answer: the records and the map at an instant
 * (`GET /api/records?at=`, `GET /api/graph?at=`), what changed between two instants
 * (`GET /api/changes?from=&to=[&namespace=][&only=health]`) and the incident snapshot file
 * (`GET /api/snapshot[?at=]`, opened by `switchboard view`).
 *
 * Contract: plain JSON, isomorphic and types only. The server (lib/history/) produces exactly
 * these shapes and the browser reads them; nobody keeps a copy. Every time is an RFC 3339
 * instant in UTC (`2026-12-02T03:12:05.000Z`). Everything is filtered by what the viewer may see,
 * as the live stream is.
 *
 * Errors are problems (lib/api/problem.ts): a malformed or future instant is `bad-request` (400,
 * `errors` names the parameter); an instant older than the retained history is
 * `before-retained-history` (410) with `retainedSince` (ISO) saying how far back history goes.
 */
import type { EndpointSnapshot, TimelineEntry } from './diagnostics';
import type { DnsResult } from '../diagnostics/dns';
import type { ServiceDiagnosis } from '../topology/diagnosis';
import type { HealthState, Topology } from '../topology/model';
import type { SlimRecord } from '../topology/records';
import type { ClusterInfo, SyncState } from '../stream/protocol';

/** Where an answer about the past sits in time. */
export interface HistoryInstant {
  /** The instant answered (the one asked for, normalised to UTC). */
  at: string;
  /** The server's time when it answered: "live is …". */
  now: string;
  /** The oldest instant the history can rebuild exactly; earlier ones are refused. */
  retainedSince: string;
}

/** `GET /api/records?at=ISO`: the slim records as they were at `at`. */
export interface RecordsAtResponse extends HistoryInstant {
  cluster: ClusterInfo;
  records: SlimRecord[];
}

/** `GET /api/graph` (live): the topology model and each Service's diagnosis. */
export interface GraphResponse {
  cluster: ClusterInfo;
  /** The live watches' state (with `?at=` too: the history is only as complete as they were). */
  sync: SyncState;
  topology: Topology;
  /** One per Service, in the topology's service order. */
  diagnoses: ServiceDiagnosis[];
}

/** `GET /api/graph?at=ISO`: the same body built from the records at `at`, and where that is. */
export interface GraphAtResponse extends GraphResponse {
  history: HistoryInstant;
}

/** A Service's name, as the changes name it. */
export interface ServiceName {
  namespace: string;
  name: string;
}

/**
 * A Service's diagnosis went broken (its health became `broken`) or healthy (it left `broken`).
 * `reasons` are reason codes (lib/topology/diagnosis/codes.ts): for `broken`, the codes of its
 * diagnosis then; for `healthy`, the codes it had while broken (what cleared).
 */
export interface DiagnosisTransition extends ServiceName {
  at: string;
  to: 'broken' | 'healthy';
  reasons: string[];
}

/** A Service's diagnosis at one instant, in short. */
export interface ServiceHealthAt {
  /** False when its health is `broken`. */
  healthy: boolean;
  health: HealthState;
  /** Its reason codes, cause first (as the diagnosis orders them). */
  reasons: string[];
}

/** A Service whose diagnosis differs between `from` and `to`; null where it did not exist. */
export interface ServiceDiff extends ServiceName {
  before: ServiceHealthAt | null;
  after: ServiceHealthAt | null;
}

/** A stored trail entry (endpoint, spec, workload, rollout, pod-label, Event) with its Service. */
export type ServiceTrailEntry = TimelineEntry & { service: ServiceName };

/**
 * `GET /api/changes?…&only=health`: when Services went broken or healthy in (from, to] and which
 * differ between the two instants — the changes answer without the trail entries, which the
 * server then neither reads nor sends (the problems list's question: lib/graph/recorded-breaks.ts).
 */
export interface HealthChangesResponse {
  from: string;
  to: string;
  now: string;
  retainedSince: string;
  /** Every time a Service went broken or healthy in (from, to], oldest first. */
  transitions: DiagnosisTransition[];
  /** Only Services whose diagnosis differs between `from` and `to`, by namespace and name. */
  services: ServiceDiff[];
  /**
   * Present when part of the window cannot be rebuilt: this many stored record changes in it
   * are kept only as changes from a version stored nowhere (lib/history/journal-read.ts), so
   * `transitions` and `services` lack what they did — a break may be missing.
   */
  unrebuiltChanges?: number;
}

/** What `only=` of `GET /api/changes` may narrow its answer to (anything else is a 400). */
export const CHANGES_ONLY = ['health'] as const;
export type ChangesOnly = (typeof CHANGES_ONLY)[number];

/** `GET /api/changes?from=ISO&to=ISO[&namespace=ns]`: what changed in (from, to]. */
export interface ChangesResponse extends HealthChangesResponse {
  /** The trail entries in (from, to] of every Service in scope, oldest first. */
  entries: ServiceTrailEntry[];
}

/** The snapshot file's schema name and version (validated on reading, lib/history/snapshot.ts). */
export const SNAPSHOT_SCHEMA = 'switchboard.snapshot/v1';

/** `GET /api/snapshot[?at=ISO]` (an attachment) and what `switchboard view FILE` opens. */
export interface SnapshotFile {
  schema: typeof SNAPSHOT_SCHEMA;
  cluster: ClusterInfo;
  /** The instant the records are of. */
  at: string;
  /** When the file was made. */
  takenAt: string;
  records: SlimRecord[];
  /** What changed in the time before `at` (absent in files made before it was added). */
  trail?: SnapshotTrail;
  /**
   * The server's DNS answers for the ExternalName targets the downloader could see, by host name,
   * as the live dashboard diagnosed with them (lib/diagnostics/dns.ts). Only a snapshot of now
   * has them (nothing records past lookups); absent in files made before it was added, where the
   * viewer says the names were not looked up when the snapshot was taken.
   */
  dns?: Record<string, DnsResult>;
}

/**
 * The Service trails of the time before a snapshot's instant, as the viewer who saved it could
 * see them: what a postmortem asks first ("what changed just before?").
 */
export interface SnapshotTrail {
  /** Where the trail starts (ISO): the entries are those in (since, at]. */
  since: string;
  /**
   * Each Service with entries: its endpoints at `at` (ISO, `since` or, for a Service seen later,
   * when it was first seen), and its creation time when it was created after `since`.
   */
  baselines: SnapshotBaseline[];
  /** Oldest first. */
  entries: ServiceTrailEntry[];
}

export interface SnapshotBaseline {
  service: ServiceName;
  at: string;
  endpoints: EndpointSnapshot[];
  createdAt?: string;
}
