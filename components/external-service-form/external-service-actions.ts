/**
 * What the "Add external service" form does on Preview and Create, as one reducer for React's
 * `useActionState`: validate in the browser with the server's own rules and ask the server
 * (api.ts), which checks the same rules against the cluster's facts, and turn every answer into
 * the form's state: every field error at once, one status sentence, the preview and the exact
 * input it was made from.
 *
 * Contract: Create is only dispatched with the preview it confirms; the server checks the
 * preview's hash, so what is created is exactly what was previewed. Errors of address and port
 * rows are keyed by row id (row-errors.ts `rowField`), so they stay with their row.
 */
import {
  canonicalJson,
  validateExternalService,
  type ExternalServiceInput,
  type FieldError,
} from '@/lib/topology/validation';
import type { ClusterRef } from '@/lib/api/paths';
import type { WriteResult } from '@/lib/api/write-results';
import { postCreate, postPreview } from './api';
import { byRow, type SubmittedRows } from './row-errors';

export type PreviewResult = Extract<WriteResult, { status: 'preview' }>;

export interface FormState {
  /** Increments per submission: field edits since then hide that field's errors. */
  seq: number;
  errors: FieldError[];
  status: string;
  result?: WriteResult;
  /** The preview and the exact input it was made from. */
  preview?: PreviewResult;
  previewKey?: string;
}

/**
 * Each action names the cluster it goes to (the form's page's, components/clusters) and the ids
 * of the rows its input lists, which the answer's errors are keyed by (row-errors.ts).
 */
export type FormAction = {
  cluster: ClusterRef;
  input: ExternalServiceInput;
  rows: SubmittedRows;
} & ({ type: 'preview' } | { type: 'create'; preview: PreviewResult });

export const INITIAL_FORM_STATE: FormState = { seq: 0, errors: [], status: '' };

function summarize(errors: readonly FieldError[]): string {
  return errors.length === 1
    ? '1 problem: see the marked field.'
    : `${errors.length} problems: see the marked fields.`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fromResult(seq: number, result: WriteResult, prefix: string): FormState {
  switch (result.status) {
    case 'invalid':
      return {
        seq,
        errors: result.errors,
        status: `${prefix} ${summarize(result.errors)}`,
        result,
      };
    case 'forbidden':
    case 'read-only':
    case 'conflict':
    case 'stale-preview':
    case 'failed':
      return { seq, errors: [], status: `${prefix} ${result.message}`, result };
    default:
      return { seq, errors: [], status: prefix, result };
  }
}

async function preview(
  seq: number,
  cluster: ClusterRef,
  input: ExternalServiceInput,
): Promise<FormState> {
  const local = validateExternalService(input);
  const result = await postPreview(cluster, input);
  // The server runs the same checks plus the cluster's facts, so its list is the complete one;
  // the browser's stands in only when the server could not be asked.
  if (!local.ok && (result.status !== 'invalid' || result.errors.length < local.errors.length))
    return { seq, errors: local.errors, status: `Not previewed. ${summarize(local.errors)}` };
  if (result.status !== 'preview') return fromResult(seq, result, 'Not previewed.');
  return {
    seq,
    errors: [],
    status: `Preview ready: the API server accepted ${plural(result.dryRun.length, 'object')} in a dry run. Nothing has been created yet.`,
    preview: result,
    previewKey: canonicalJson(input),
    result,
  };
}

async function create(
  seq: number,
  cluster: ClusterRef,
  input: ExternalServiceInput,
  shown: PreviewResult,
) {
  const result = await postCreate(cluster, { ...input, requestId: shown.requestId }, shown.hash);
  if (result.status !== 'created') return fromResult(seq, result, 'Not created.');
  const created = result.created.map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(', ');
  return {
    seq,
    errors: [],
    status: `Created ${created}. Opening it on the map…`,
    result,
  } satisfies FormState;
}

export async function formAction(prev: FormState, action: FormAction): Promise<FormState> {
  const seq = prev.seq + 1;
  const next =
    action.type === 'preview'
      ? await preview(seq, action.cluster, action.input)
      : await create(seq, action.cluster, action.input, action.preview);
  return { ...next, errors: byRow(next.errors, action.rows) };
}
