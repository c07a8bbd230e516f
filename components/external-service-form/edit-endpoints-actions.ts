/**
 * What "Edit endpoints" does on Preview and Save, as one reducer for React's `useActionState`:
 * validate the addresses in the browser with the server's own rules, then ask the server for a
 * dry run (Preview) or the write (Save), and turn every answer into the form's state.
 *
 * Contract: Save is only dispatched for the exact addresses (and override) that were previewed —
 * `editKey` is what the form compares — and carries the resourceVersions the form was shown, so
 * a change made meanwhile is a conflict, never an overwrite.
 */
import { validateAddresses, type FieldError } from '@/lib/topology/validation';
import type { ClusterRef } from '@/lib/api/paths';
import type { EditPreview, WriteResult } from '@/lib/api/write-results';
import { postEndpointsPreview, putEndpoints } from './api';
import { byRow, type SubmittedRows } from './row-errors';

export interface EditRequest {
  namespace: string;
  name: string;
  addresses: string[];
  allowInternalTarget: boolean;
  versions: Record<string, string>;
}

export interface EditState {
  seq: number;
  errors: FieldError[];
  status: string;
  result?: WriteResult;
  preview?: EditPreview;
  /** `editKey` of the request the preview was made from. */
  previewKey?: string;
}

/**
 * The action names the cluster it goes to (the form's page's, components/clusters) and the ids
 * of the address rows, which the answer's errors are keyed by (row-errors.ts).
 */
export type EditAction = {
  type: 'preview' | 'save';
  cluster: ClusterRef;
  request: EditRequest;
  rows: SubmittedRows;
};

export const INITIAL_EDIT_STATE: EditState = { seq: 0, errors: [], status: '' };

/** What a preview is valid for: the addresses in order and the override. */
export const editKey = (r: Pick<EditRequest, 'addresses' | 'allowInternalTarget'>) =>
  JSON.stringify([r.addresses, r.allowInternalTarget]);

const problems = (n: number) =>
  n === 1 ? '1 problem: see the marked field.' : `${n} problems: see the marked fields.`;

function fromFailure(seq: number, result: WriteResult, prefix: string): EditState {
  if (result.status === 'invalid') {
    return {
      seq,
      errors: result.errors,
      status: `${prefix} ${problems(result.errors.length)}`,
      result,
    };
  }
  return {
    seq,
    errors: [],
    status: `${prefix} ${'message' in result ? result.message : ''}`,
    result,
  };
}

export async function editAction(prev: EditState, action: EditAction): Promise<EditState> {
  const next = await answer(prev.seq + 1, action);
  return { ...next, errors: byRow(next.errors, action.rows) };
}

async function answer(seq: number, action: EditAction): Promise<EditState> {
  const { request, cluster } = action;
  const local = request.addresses.length
    ? validateAddresses(request.addresses, undefined, request.allowInternalTarget)
    : { errors: [] };
  const prefix = action.type === 'preview' ? 'Not previewed.' : 'Not saved.';
  if (local.errors.length) {
    return { seq, errors: local.errors, status: `${prefix} ${problems(local.errors.length)}` };
  }
  if (action.type === 'preview') {
    const result = await postEndpointsPreview(cluster, request);
    if (result.status !== 'edit-preview') return fromFailure(seq, result, prefix);
    return {
      seq,
      errors: [],
      status:
        'Preview ready: the API server accepted these changes in a dry run. Nothing has been saved yet.',
      result,
      preview: result,
      previewKey: editKey(request),
    };
  }
  const result = await putEndpoints(cluster, request);
  if (result.status !== 'updated') return fromFailure(seq, result, prefix);
  return {
    seq,
    errors: [],
    status: `Saved the endpoints of ${request.namespace}/${request.name}.`,
    result,
  };
}
