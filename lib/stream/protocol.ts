/**
 * The wire protocol of `GET /api/stream` (Server-Sent Events), server → browser.
 *
 * Contract: every frame has `event:` = one of the StreamEvent types and `data:` = its JSON.
 * Frames that change state (`snapshot`, `upsert`, `delete`) carry an `id:` — `<epoch>.<seq>` of
 * the server process's hub, opaque to the browser — so `Last-Event-ID` can resume; an id another
 * process issued gets a fresh snapshot. `reconnect` (no id, sent with `retry:`) says the server is
 * draining: the browser opens a new stream, which the Service sends to another replica. A resumed
 * stream either replays the missed frames or starts with a fresh `snapshot` (which replaces the
 * browser's whole store). Heartbeats are SSE comments (`: hb`), invisible to EventSource.
 * Isomorphic; no runtime imports.
 */
import type { SlimRecord, RecordKind, Visibility } from '../topology/records';

export interface ClusterInfo {
  // No API server URL here: where the dashboard connects is its own business, not a browser's.
  /** Human name: the kubeconfig context (else its cluster's name). */
  name: string;
  /** True when the cluster's `/version` says it is simulated (lib/k8s/cluster-identity.ts). */
  simulated: boolean;
  readOnly: boolean;
  /** Set for a signed-in person: what they may see (absent: everything). */
  access?: AccessSummary;
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
  /** 'live' when every watch is open; 'reconnecting' while any is backing off. */
  connection: 'syncing' | 'live' | 'reconnecting';
  /** ISO time since which some kind has been disconnected, if any. */
  staleSince?: string;
  lastError?: string;
  /** Kinds RBAC does not let the dashboard list, each with what the map loses without it. */
  forbidden?: { kind: RecordKind; message: string }[];
}

export type StreamEvent =
  | { type: 'snapshot'; cluster: ClusterInfo; sync: SyncState; records: SlimRecord[] }
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

/** How long a browser told to reconnect waits (the frame's `retry:`), in ms. */
export const RECONNECT_RETRY_MS = 1000;
