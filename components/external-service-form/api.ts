/**
 * The form's calls to its route handlers. Same-origin fetches with a JSON body: the browser adds
 * `Origin` and `Sec-Fetch-Site: same-origin`, which the server's guard requires.
 * Contract: never throws; a network failure becomes a `failed` result.
 */
import type { AccessReport, EndpointsForEdit, WriteResult } from '@/lib/k8s/write/types';

export interface FormContext {
  readOnly: boolean;
  namespaces: string[];
  access: AccessReport | null;
}

async function call<T>(
  url: string,
  init?: RequestInit,
): Promise<T | { status: 'failed'; message: string; rolledBack: []; leftBehind: [] }> {
  try {
    const response = await fetch(url, {
      ...init,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      cache: 'no-store',
    });
    const body = (await response.json()) as T & { message?: string };
    return body;
  } catch (error) {
    return {
      status: 'failed',
      message: `The dashboard did not answer: ${(error as Error).message}`,
      rolledBack: [],
      leftBehind: [],
    };
  }
}

export const fetchContext = (namespace?: string) =>
  call<FormContext>(
    `/api/external-services/context${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`,
  );

export const postPreview = (input: unknown) =>
  call<WriteResult>('/api/external-services/preview', {
    method: 'POST',
    body: JSON.stringify({ input }),
  });

export const postCreate = (input: unknown, hash: string) =>
  call<WriteResult>('/api/external-services', {
    method: 'POST',
    body: JSON.stringify({ input, hash }),
  });

export const fetchEndpoints = (namespace: string, name: string) =>
  call<EndpointsForEdit | WriteResult>(
    `/api/external-services/endpoints?namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`,
  );

export const putEndpoints = (body: unknown) =>
  call<WriteResult>('/api/external-services/endpoints', {
    method: 'PUT',
    body: JSON.stringify(body),
  });
