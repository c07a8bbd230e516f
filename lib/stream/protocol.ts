/**
 * The wire protocol of `GET /api/stream` (Server-Sent Events), server → browser, version 2.
 *
 * Contract: the page asks for the version it speaks (`/api/stream?v=2`, STREAM_PROTOCOL_VERSION).
 * A request without `v` (or `v=1`: a page from before version 2, still open in a tab when the
 * server was upgraded) gets a stream of two frames and a long `retry:` — a `status` whose
 * `lastError` says to reload (what such a page shows) and a `protocol` frame (what a page that
 * knows it acts on) — and no data; any other version gets a 400 problem.
 * Every frame has `event:` = one of the StreamEvent types and `data:` = its JSON.
 * Version 2 sends the changes of one coalesced batch as one `delta` frame: new records whole
 * (`upserts`), changed ones as patches (lib/stream/record-patch.ts: the changed fields, per
 * endpoint for EndpointSlices and Endpoints) naming the resourceVersion they apply to, and
 * deletions. A receiver whose record is not at a patch's base version has missed something: it
 * opens a new stream without `Last-Event-ID` and starts again from its snapshot. Version 1's
 * `upsert`/`delete` frames (whole records) remain valid events (the benchmark's baseline).
 * Frames that change state (`snapshot`, `delta`, `upsert`, `delete`) carry an `id:` — `<epoch>.<seq>` of
 * the server process's hub, opaque to the browser — so `Last-Event-ID` can resume; an id another
 * process issued gets a fresh snapshot. `reconnect` (no id, sent with `retry:`) says the server is
 * draining: the browser opens a new stream, which the Service sends to another replica. A resumed
 * stream either replays the missed frames or starts with a fresh `snapshot` (which replaces the
 * browser's whole store). Heartbeats are SSE comments (`: hb`), invisible to EventSource.
 * Isomorphic; no runtime imports.
 */
import type { SlimRecord, RecordKind, Visibility } from '../topology/records';
import type { RecordPatch } from './record-patch';

/** The protocol version this code speaks; the page asks for it with `?v=`. */
export const STREAM_PROTOCOL_VERSION = 2;

/** What a page from before version 2 is told (in `sync.lastError`, which it shows). */
export const OUTDATED_PAGE_MESSAGE =
  'This page is from an older Switchboard version and can no longer follow the cluster: reload the page.';

/** A refused page waits this long before EventSource tries again (it should be reloaded). */
export const REFUSED_RETRY_MS = 60 * 60 * 1000;

export interface ClusterInfo {
  // No API server URL here: where the dashboard connects is its own business, not a browser's.
  /** Human name: the kubeconfig context (else its cluster's name). */
  name: string;
  /** True when the cluster's `/version` says it is simulated (lib/k8s/cluster-identity.ts). */
  simulated: boolean;
  readOnly: boolean;
  /** Set for a signed-in person: what they may see (absent: everything). */
  access?: AccessSummary;
  /**
   * Set when the map is a recorded incident snapshot (`switchboard view FILE`), not a cluster:
   * the instant its records are of and when the file was made. Nothing changes and nothing is
   * asked of any cluster.
   */
  snapshot?: SnapshotOrigin;
}

/** Where a snapshot-backed map's records come from (lib/k8s/snapshot-source.ts). */
export interface SnapshotOrigin {
  /** The instant the records are of (RFC 3339, UTC). */
  at: string;
  /** When the snapshot file was made. */
  takenAt: string;
}

/** What a signed-in person is told about their own view of the cluster. */
export interface AccessSummary {
  /** Per kind, the namespaces they may list (`true`: all); a kind absent they may not list. */
  visibility: Visibility;
  /** Namespaces they see, of how many the cluster has. */
  namespaces: { visible: number; total: number };
  /** They may list nothing the map draws: the page says so instead of an empty map. */
  nothing: boolean;
  /** Some reviews failed: what could not be checked is not shown, and this says so. */
  unchecked?: string;
}

export interface SyncState {
  /** Per kind: has its initial list completed, and how many objects so far. */
  kinds: Record<string, { synced: boolean; count: number }>;
  /**
   * 'live' when every watch is open; 'reconnecting' while any is backing off; 'snapshot' when
   * the records are a recorded snapshot's (no cluster, no watch: they never change).
   */
  connection: 'syncing' | 'live' | 'reconnecting' | 'snapshot';
  /** ISO time since which some kind has been disconnected, if any. */
  staleSince?: string;
  lastError?: string;
  /** Kinds RBAC does not let the dashboard list, each with what the map loses without it. */
  forbidden?: { kind: RecordKind; message: string }[];
}

/**
 * What the map page starts from, handed by the server render (lib/k8s/server.ts) to the page and
 * its pipeline: the cluster, its sync state and its records as the server's cache held them; or,
 * for a cluster too big to carry in the page, no records and how many the stream's first snapshot
 * will bring.
 */
export interface PageSnapshot {
  cluster: ClusterInfo;
  sync: SyncState;
  records: SlimRecord[];
  arriving?: number;
}

export type StreamEvent =
  | { type: 'snapshot'; cluster: ClusterInfo; sync: SyncState; records: SlimRecord[] }
  | {
      type: 'delta';
      /** New records (or ones whose patch would not be smaller), whole. */
      upserts?: SlimRecord[];
      patches?: RecordPatch[];
      deletes?: { kind: RecordKind; uid: string }[];
    }
  | { type: 'upsert'; records: SlimRecord[] }
  | { type: 'delete'; refs: { kind: RecordKind; uid: string }[] }
  | { type: 'status'; sync: SyncState };

/**
 * Not a StreamEvent (the store never sees it): the server is going away (SIGTERM) — open a new
 * stream now; it starts with a snapshot wherever it lands.
 */
export interface ReconnectEvent {
  type: 'reconnect';
  reason: string;
}

/**
 * Not a StreamEvent: the server does not speak the version this page asked for. The page stops
 * its stream and says to reload (the message is also in a `status` frame for older pages).
 */
export interface ProtocolRefusal {
  type: 'protocol';
  /** The version the server speaks. */
  version: number;
  message: string;
}

/** How long a browser told to reconnect waits (the frame's `retry:`), in ms. */
export const RECONNECT_RETRY_MS = 1000;
