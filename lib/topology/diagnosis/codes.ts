/**
 * The reason codes: the one list of them, in tie-break order, with the severities each can take.
 *
 * Contract: codes are stable kebab-case strings (the panel, the CLI's JSON and scripts match on
 * them). Within one severity, a code listed earlier sorts first, so the order below is part of the
 * output; a symptom a cause explains is moved under that cause whatever its rank (causes.ts), and
 * `CAUSE_OF` is the one table of which cause may explain which symptom. Each code is reported by exactly one check module, named in
 * the comment above its group; a reason is never reported with a severity not listed here
 * (tested). Why a severity is what it is lives beside the check that decides it.
 */
import type { Severity } from './types';

export const REASON_SEVERITIES = {
  // workload-scale.ts: error when nothing else will serve (its own pods on their way out do not
  // count), a warning while its own pods not deleted yet still do, info when another workload
  // still serves
  'scaled-to-zero': ['error', 'warning', 'info'],
  // workload-missing.ts
  'workload-missing': ['error', 'warning'],
  // rollout.ts (StatefulSets and DaemonSets decided in rollout-sets.ts): error when nothing is
  // ready, else a warning (the old pods still serve)
  'rollout-stuck': ['error', 'warning'],
  // scheduling.ts: error when nothing is ready, else a warning
  'pods-pending-unschedulable': ['error', 'warning'],
  // endpoint-count.ts: does the Service route at all?
  'no-endpoints': ['error'],
  'selectorless-no-endpoints': ['error'],
  'no-ready-endpoints': ['error'],
  // endpoint-count.ts: ready endpoints with no port; error when none with a port is left
  'endpoints-without-port': ['error', 'warning'],
  // external-name.ts
  'external-name-unresolved': ['error'],
  // selector.ts
  'selector-matches-no-pods': ['error'],
  // readiness.ts: error when nothing is ready, else a warning (reduced capacity) / info (a rollout)
  'pods-not-ready': ['error', 'warning'],
  'pods-terminating': ['error', 'info'],
  // target-ports.ts
  'target-port-not-served': ['error', 'warning', 'info'],
  // port-names.ts
  'port-name-mismatch': ['error'],
  // mirroring.ts: error when no slice endpoint is left to route
  'mirroring-refused': ['error', 'warning'],
  // addresses.ts
  'endpoint-address-loopback': ['error'],
  'endpoint-address-link-local': ['error'],
  'endpoint-address-is-cluster-ip': ['error'],
  'endpoint-address-foreign-pod-ip': ['warning'],
  'endpoint-target-missing': ['warning'],
  // ip-families.ts: error when only those endpoints are ready, so the Service routes nowhere
  'endpoint-family-unused': ['error', 'warning'],
  // manual-endpoints.ts
  'manual-endpoints-with-selector': ['warning'],
  // drift.ts
  'endpoints-slices-disagree': ['warning'],
  // truncation.ts
  'endpoints-truncated': ['warning'],
  // endpoint-count.ts: some endpoints ready, others not (none ready is no-ready-endpoints)
  'some-endpoints-not-ready': ['warning'],
  // rollout.ts
  'rollout-in-progress': ['info'],
  // not-judged.ts: what would hold the endpoints cannot be judged (the health is then unknown)
  'not-judged': ['info'],
  // healthy.ts: only when nothing worse than info was found, and the endpoints could be judged
  healthy: ['info'],
} as const satisfies Record<string, readonly Severity[]>;

export type ReasonCode = keyof typeof REASON_SEVERITIES;

/** Every code, in tie-break order. */
export const REASON_CODES = Object.keys(REASON_SEVERITIES) as readonly ReasonCode[];

/**
 * Which causes may explain which symptoms (causes.ts links them when both are reported for one
 * Service; the first listed cause present wins). A cause is shown first with its symptoms under it.
 */
export const CAUSE_OF: Partial<Record<ReasonCode, readonly ReasonCode[]>> = {
  'no-endpoints': [
    'scaled-to-zero',
    'workload-missing',
    'pods-pending-unschedulable',
    'selector-matches-no-pods',
    // The only pods are being deleted and have stopped (terminal pods are never endpoints), kept
    // by a finalizer: the deletion's why.
    'pods-terminating',
  ],
  'selector-matches-no-pods': ['scaled-to-zero', 'workload-missing'],
  'no-ready-endpoints': [
    'rollout-stuck',
    'pods-pending-unschedulable',
    'workload-missing',
    'pods-not-ready',
    // Only terminating endpoints left (a StatefulSet's one pod being replaced): the deletion's why.
    'pods-terminating',
  ],
  'pods-not-ready': ['rollout-stuck', 'pods-pending-unschedulable', 'rollout-in-progress'],
  // The old pods a rollout is deleting (rollout.ts names them on its reason).
  'pods-terminating': [
    'scaled-to-zero',
    'workload-missing',
    'rollout-stuck',
    'rollout-in-progress',
  ],
  // A rollout whose new pods cannot be scheduled: one story, told by the rollout.
  'pods-pending-unschedulable': ['rollout-stuck'],
  // Why the endpoints carry no port: a targetPort the pods do not declare, or hand-made ports.
  'endpoints-without-port': ['target-port-not-served', 'port-name-mismatch'],
};
