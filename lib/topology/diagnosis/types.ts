/**
 * The diagnosis's output shapes (what /api/services/…/diagnosis, the panel and `switchboard
 * diagnose --json` carry) and its one input besides the Service: the snapshot-wide context.
 *
 * Contract: every reason has a one-line `summary`, at least one `evidence` (an object field that
 * proves it) and at least one `commands` entry (a read-only kubectl command that shows the same)
 * unless every such command would carry a value that cannot be shown as itself (control or bidi
 * characters: the command is then left out, shell-quote.ts). A `fix`, when present, is the one
 * command that changes the cluster, always apart from `commands`.
 */
import type { HealthState } from '../model';
import type { SnapshotIndex } from '../snapshot-index';
import type { ReasonCode } from './codes';
import type { FixRequest } from './fix-request';

export type Severity = 'error' | 'warning' | 'info';

/** One object field that proves a reason. `value` is what the cluster holds, as text. */
export interface Evidence {
  kind: string;
  namespace: string;
  name: string;
  field: string;
  value: string;
}

/** A pod that almost matches a selector (or matches it in another namespace). */
export interface NearMiss {
  kind: 'Pod';
  namespace: string;
  name: string;
  /** The pod's node id on the map (`pod:<uid>`), so the map can draw it as a ghost. */
  podId: string;
  /**
   * value-typo: one selector value is misspelt on the pod (`app: ngnix` vs `nginx`);
   * key-typo: the pod carries the value under a similar key; value-differs / key-missing: every
   * other selector pair matches; other-namespace: the whole selector matches, elsewhere.
   */
  match: 'value-typo' | 'key-typo' | 'value-differs' | 'key-missing' | 'other-namespace';
  /** The selector key that differs (absent for other-namespace). */
  key?: string;
  expected?: string;
  /** What the pod has instead (its value, or `key2=value` for a key typo). */
  actual?: string;
  /** One line for the panel, e.g. `pod web-1 has app=ngnix, the selector wants app=nginx`. */
  hint: string;
}

/** Why one pod is not (or not fully) an endpoint. */
export interface PodProblem {
  namespace: string;
  name: string;
  why: string;
}

/** A command that changes the cluster, with what it does in words. */
export interface SuggestedFix {
  /** Quoted for a POSIX shell (shell-quote.ts), made from `request` (fix-request.ts). */
  command: string;
  /** What the command asks of the API server, as data: what a dry-run preview sends. */
  request: FixRequest;
  /** e.g. `Scale Deployment api back to 2 replicas (its last applied configuration).` */
  description: string;
}

export interface DiagnosisReason {
  code: ReasonCode;
  severity: Severity;
  summary: string;
  detail?: string;
  evidence: Evidence[];
  /** Read-only kubectl commands that show the same as the evidence. */
  commands: string[];
  /**
   * One suggested change that would remove this cause — never run by Switchboard, only offered to
   * copy, and kept apart from the read-only `commands` because it changes the cluster.
   */
  fix?: SuggestedFix;
  /**
   * Set on a symptom another reason of the same diagnosis explains (e.g. `no-endpoints` under
   * `scaled-to-zero`): the code of that cause. Reasons come out cause first, each cause followed
   * by the symptoms it explains (causes.ts), so a reader can nest them.
   */
  causedBy?: ReasonCode;
  nearMisses?: NearMiss[];
  pods?: PodProblem[];
}

export interface ServiceDiagnosis {
  serviceId: string;
  namespace: string;
  name: string;
  health: HealthState;
  reasons: DiagnosisReason[];
}

/**
 * Server-side lookups of ExternalName targets, by host name (with or without the final dot):
 * lib/diagnostics/dns.ts's answers (`skipped`: nothing was looked up, `error` then says why).
 */
export type DnsResults = Record<string, DnsAnswer>;

export interface DnsAnswer {
  ok: boolean;
  error?: string;
  addresses?: readonly string[];
  skipped?: boolean;
}

/** What every Service's diagnosis of one snapshot shares: build it once per snapshot. */
export interface DiagnosisContext {
  index: SnapshotIndex;
  dnsResults?: DnsResults;
}
