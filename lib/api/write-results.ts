/**
 * What the external-Service writes answer: the outcome of each write, the form's read-outs, and
 * how a failed outcome travels as a problem (lib/api/problem.ts) and back.
 *
 * Contract: plain JSON (no credentials, no client-node types); isomorphic: the server's write
 * code returns a `WriteResult`, the route sends a success as JSON (201 for `created`) and a
 * failure as `application/problem+json` through `failureToProblem`; the form's client turns
 * the problem back into the same `WriteResult` with `problemToFailure`, so the form reads one
 * union whichever way it came. Every failure says what happened in words; a conflict carries the
 * `focus` link (`/?focus=<ns>/<name>`) that opens the existing object on the map; when the
 * cluster itself refused, `kubernetes` carries its Status code and reason.
 */
import type { FieldError, Manifest, PlannedDeletion } from '@/lib/topology/validation';
import { problem, problemTypeOf, type Problem } from './problem';

export interface Denied {
  verb: string;
  resource: string;
  group: string;
  namespace: string;
  message: string;
}

/** The kinds the dashboard writes. */
export type WriteKind = 'Service' | 'EndpointSlice' | 'Endpoints';

export interface ObjectRefJson {
  kind: WriteKind;
  namespace: string;
  name: string;
  uid?: string;
}

/** The cluster's own verdict (a metav1.Status) when it refused a request. */
export interface KubernetesStatus {
  code: number;
  reason?: string;
}

export interface Preview {
  status: 'preview';
  manifests: Manifest[];
  yaml: string;
  command: string;
  /** sha256 of the canonical JSON of `manifests`; Create must send it back. */
  hash: string;
  /** Recorded on the objects; Create must send it back inside its input. */
  requestId: string;
  dryRun: { kind: string; name: string; message: string }[];
}

/** An edit of a selector-less Service's addresses, as a server dry run accepted it; not saved. */
export interface EditPreview {
  status: 'edit-preview';
  focus: string;
  /** Addresses the save would add, remove and keep, in the order the form lists them. */
  added: string[];
  removed: string[];
  kept: string[];
  /** Each write the save would make, in order, with the API server's dry-run verdict. */
  writes: { verb: 'update' | 'create'; kind: WriteKind; name: string; message: string }[];
  /** The objects exactly as the save would write them. */
  yaml: string;
}

/**
 * One field of an object, before and after a change: the dotted path (`spec.replicas`,
 * `spec.template.spec.containers[0].image`) and each side's value as JSON text, absent when the
 * field is absent on that side. Nested objects are compared leaf by leaf.
 */
export interface FieldDiff {
  path: string;
  before?: string;
  after?: string;
}

/**
 * A diagnosis's suggested fix as the API server's dry run (`dryRun=All`) answered it: nothing
 * was changed. `changes` is the object's field-level diff; when there is nothing to send (no
 * previous revision to roll back to, a paused Deployment, already at that revision) `changes`
 * is empty and `note` says why, as kubectl would.
 */
export interface FixPreview {
  status: 'fix-preview';
  focus: string;
  /** The cause whose fix this is. */
  code: string;
  /** The command the panel offers, made from the same request that was dry-run. */
  command: string;
  target: { kind: string; namespace: string; name: string; resourceVersion?: string };
  changes: FieldDiff[];
  note?: string;
}

export type WriteSuccess =
  | Preview
  | EditPreview
  | FixPreview
  | { status: 'created'; focus: string; created: ObjectRefJson[] }
  | { status: 'updated'; focus: string; updated: ObjectRefJson[] }
  | {
      status: 'deleted';
      focus: string;
      /** What Switchboard deleted: the Service, then the form's objects without an owner. */
      deleted: ObjectRefJson[];
      /** What the cluster removes with the Service (owned, or its Endpoints). */
      withService: ObjectRefJson[];
    };

export type WriteFailure =
  | { status: 'invalid'; errors: FieldError[]; kubernetes?: KubernetesStatus }
  | { status: 'read-only'; message: string }
  | { status: 'forbidden'; message: string; denied: Denied[]; kubernetes?: KubernetesStatus }
  | { status: 'conflict'; message: string; focus?: string; kubernetes?: KubernetesStatus }
  | { status: 'stale-preview'; message: string }
  | {
      status: 'failed';
      message: string;
      /** What this request created and then deleted again. */
      rolledBack: ObjectRefJson[];
      /** What could not be deleted (only when the rollback itself failed). */
      leftBehind: ObjectRefJson[];
      kubernetes?: KubernetesStatus;
    };

export type WriteResult = WriteSuccess | WriteFailure;

/** A write that changed the cluster: what the forms hand to the map to open and confirm. */
export type WriteDone = Extract<WriteResult, { status: 'created' | 'updated' | 'deleted' }>;

/** `<namespace>/<name>` of a write's `focus` link (`/?focus=<namespace>/<name>`). */
export const focusedService = (focus: string) => focus.replace(/^\/\?focus=/, '');

/** The confirmation the map shows after a write of `service` (`<namespace>/<name>`). */
export function writeDoneText(status: WriteDone['status'], service: string): string {
  if (status === 'deleted') return `Deleted ${service} and its endpoints.`;
  return status === 'created'
    ? `Created ${service}; it is open in the panel.`
    : `Saved the endpoints of ${service}; it is open in the panel.`;
}

export function isWriteFailure(result: WriteResult): result is WriteFailure {
  return (
    result.status !== 'preview' &&
    result.status !== 'edit-preview' &&
    result.status !== 'fix-preview' &&
    result.status !== 'created' &&
    result.status !== 'updated' &&
    result.status !== 'deleted'
  );
}

export interface AccessReport {
  namespace: string;
  readOnly: boolean;
  allowed: boolean;
  denied: Denied[];
}

/** What the form needs before anyone types (GET /api/external-services/context). */
export interface FormContext {
  readOnly: boolean;
  namespaces: string[];
  access: AccessReport | null;
}

/** An existing selector-less Service's endpoints, for the edit form. */
export interface EndpointsForEdit {
  namespace: string;
  name: string;
  addresses: string[];
  /** `<Kind>/<name>` → resourceVersion the user saw; sent back for optimistic concurrency. */
  versions: Record<string, string>;
  /** Whether a PUT could succeed: the same decision the PUT makes before it writes. */
  editable: boolean;
  reason?: string;
}

/**
 * What deleting a selector-less Service would delete, from the cluster's current objects, for
 * the delete dialog (GET /api/external-services/deletion). `plan` lists the Service first, then
 * its endpoint objects, each with its fate (lib/topology/validation/deletion.ts); `versions`
 * (`<Kind>/<name>` → resourceVersion of everything listed) goes back with the DELETE, which is
 * refused as a conflict when anything listed changed, appeared or went meanwhile.
 */
export interface DeletionPlan {
  namespace: string;
  name: string;
  plan: PlannedDeletion[];
  versions: Record<string, string>;
  /** The kubectl commands that do the same. */
  command: string;
  /** Whether a DELETE could succeed: the same decision, and access review, the DELETE makes. */
  deletable: boolean;
  reason?: string;
}

function invalidDetail(errors: readonly FieldError[]): string {
  const first = errors
    .slice(0, 3)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return `${errors.length} problem${errors.length === 1 ? '' : 's'}: ${first}${more}`;
}

/** A failed write as the problem the route answers; the problem type is the outcome's status. */
export function failureToProblem(failure: WriteFailure): Problem {
  const { status, ...rest } = failure;
  if (status === 'invalid') return problem('invalid', invalidDetail(failure.errors), rest);
  const { message, ...extensions } = rest as { message: string };
  return problem(status, message, extensions);
}

const array = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const kubernetesOf = (p: Problem) =>
  typeof p.kubernetes === 'object' && p.kubernetes !== null
    ? { kubernetes: p.kubernetes as KubernetesStatus }
    : {};

/**
 * A problem answer as the failed write it stands for. Problems that are not write outcomes (a
 * refused request, the dashboard failing, anything not from this API) become `failed` with the
 * problem's words.
 */
export function problemToFailure(p: Problem): WriteFailure {
  const type = problemTypeOf(p);
  const message = p.detail || p.title;
  switch (type) {
    case 'invalid':
      return { status: 'invalid', errors: array<FieldError>(p.errors), ...kubernetesOf(p) };
    case 'read-only':
    case 'stale-preview':
      return { status: type, message };
    case 'forbidden':
      return { status: 'forbidden', message, denied: array<Denied>(p.denied), ...kubernetesOf(p) };
    case 'conflict':
      return {
        status: 'conflict',
        message,
        ...(typeof p.focus === 'string' ? { focus: p.focus } : {}),
        ...kubernetesOf(p),
      };
    default:
      return {
        status: 'failed',
        message,
        rolledBack: array<ObjectRefJson>(p.rolledBack),
        leftBehind: array<ObjectRefJson>(p.leftBehind),
        ...kubernetesOf(p),
      };
  }
}
