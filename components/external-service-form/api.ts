/**
 * The form's calls to its route handlers. Same-origin fetches with a JSON body: the browser adds
 * `Origin` and `Sec-Fetch-Site: same-origin`, which the server's guard requires.
 *
 * Contract: never throws. A success is the route's JSON; an error answer is an RFC 9457 problem
 * (lib/api/problem.ts), read here and turned into the failed `WriteResult` it stands for
 * (lib/api/write-results.ts `problemToFailure`), so the form reads one union; a network failure
 * becomes a `failed` result too. Each call goes to the cluster it is given (lib/api/paths.ts), so
 * a form creates only in the cluster its page is for.
 */
import { apiPath, type ClusterRef } from '@/lib/api/paths';
import { errorMessage } from '@/lib/error-message';
import { readProblem } from '@/lib/api/problem';
import {
  problemToFailure,
  type AccessReport,
  type DeletionPlan,
  type EndpointsForEdit,
  type FormContext,
  type WriteFailure,
  type WriteResult,
} from '@/lib/api/write-results';

export type { FormContext } from '@/lib/api/write-results';

type Failed = Extract<WriteFailure, { status: 'failed' }>;

export async function call<T>(url: string, init?: RequestInit): Promise<T | WriteFailure> {
  try {
    const response = await fetch(url, {
      ...init,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok) return problemToFailure(await readProblem(response));
    return (await response.json()) as T;
  } catch (error) {
    return {
      status: 'failed',
      message: `The dashboard did not answer: ${errorMessage(error)}`,
      rolledBack: [],
      leftBehind: [],
    };
  }
}

/** Any failure as words: the context is not a write, only its reason matters. */
const asFailed = (answer: WriteFailure): Failed =>
  answer.status === 'failed'
    ? answer
    : {
        status: 'failed',
        message:
          'message' in answer ? answer.message : answer.errors.map((e) => e.message).join(' '),
        rolledBack: [],
        leftBehind: [],
      };

export const fetchContext = async (
  cluster: ClusterRef,
  namespace?: string,
): Promise<FormContext | Failed> => {
  const answer = await call<FormContext>(
    apiPath(
      cluster,
      `/external-services/context${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`,
    ),
  );
  return 'status' in answer ? asFailed(answer) : answer;
};

export const postPreview = (cluster: ClusterRef, input: unknown) =>
  call<WriteResult>(apiPath(cluster, '/external-services/preview'), {
    method: 'POST',
    body: JSON.stringify({ input }),
  });

export const postCreate = (cluster: ClusterRef, input: unknown, hash: string) =>
  call<WriteResult>(apiPath(cluster, '/external-services'), {
    method: 'POST',
    body: JSON.stringify({ input, hash }),
  });

export const fetchEndpoints = (cluster: ClusterRef, namespace: string, name: string) =>
  call<EndpointsForEdit>(
    apiPath(
      cluster,
      `/external-services/endpoints?namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`,
    ),
  );

export const putEndpoints = (cluster: ClusterRef, body: unknown) =>
  call<WriteResult>(apiPath(cluster, '/external-services/endpoints'), {
    method: 'PUT',
    body: JSON.stringify(body),
  });

export const postEndpointsPreview = (cluster: ClusterRef, body: unknown) =>
  call<WriteResult>(apiPath(cluster, '/external-services/endpoints/preview'), {
    method: 'POST',
    body: JSON.stringify(body),
  });

export const fetchDeletion = (cluster: ClusterRef, namespace: string, name: string) =>
  call<DeletionPlan>(
    apiPath(
      cluster,
      `/external-services/deletion?namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`,
    ),
  );

/** Whether the viewer may delete Services in `namespace` (asked before "Delete Service…"). */
export const fetchDeleteAccess = (cluster: ClusterRef, namespace: string, name: string) =>
  call<AccessReport>(
    apiPath(
      cluster,
      `/external-services/deletion/access?namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`,
    ),
  );

export const deleteService = (cluster: ClusterRef, body: unknown) =>
  call<WriteResult>(apiPath(cluster, '/external-services'), {
    method: 'DELETE',
    body: JSON.stringify(body),
  });
