/**
 * What the per-Service diagnostics routes answer: the timeline
 * (GET /api/services/<ns>/<name>/timeline) and the reachability probes
 * (POST /api/services/<ns>/<name>/reachability).
 *
 * Contract: plain JSON, isomorphic and types only. The server's history
 * (lib/diagnostics/service-history.ts) and prober (lib/diagnostics/reachability.ts) produce
 * exactly these shapes and the panel's components read them; nobody keeps a copy.
 */

export type EndpointState = 'ready' | 'serving' | 'terminating' | 'not-ready';

/** One endpoint of a Service at some moment. */
export interface EndpointSnapshot {
  address: string;
  state: EndpointState;
  pod?: string;
  nodeName?: string;
}

export type TimelineEntry =
  | {
      at: string;
      type: 'endpoint';
      change: 'added' | 'removed' | 'changed';
      address: string;
      from?: EndpointState;
      to?: EndpointState;
      pod?: string;
      nodeName?: string;
      /** True for what was already there when Switchboard started watching. */
      initial?: boolean;
    }
  | {
      at: string;
      type: 'event';
      eventType: 'Normal' | 'Warning';
      reason: string;
      message: string;
      object: string;
      count: number;
    };

/** A Service's endpoints as they were at one time. */
export interface EndpointsAt {
  endpoints: EndpointSnapshot[];
  /** False when the time is before the retained history (the answer is then the oldest known). */
  exact: boolean;
}

export interface ServiceTimeline {
  /** `<namespace>/<name>`. */
  service: string;
  /** Since when the history of this Service is exact (ISO time). */
  retainedSince?: string;
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
