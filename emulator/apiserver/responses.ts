/**
 * How the embedded apiserver answers: JSON bodies with the apiserver's headers, every error as
 * its Status (an `ApiError` carries the exact object; anything else becomes a 500 InternalError
 * and is logged, so nothing a client sends can crash the server), Warning headers, and the
 * Table media type kubectl asks for.
 */
import { internalError, isApiError } from '../core/errors';

export const JSON_TYPE = 'application/json';
export const TABLE_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function jsonResponse(
  status: number,
  body: unknown,
  options: { contentType?: string; warnings?: string[]; headers?: Record<string, string> } = {},
): Response {
  const headers = new Headers({
    'Content-Type': options.contentType ?? JSON_TYPE,
    'Cache-Control': 'no-cache, private',
    ...options.headers,
  });
  for (const warning of options.warnings ?? []) headers.append('Warning', warning);
  return new Response(JSON.stringify(body), { status, headers });
}

export function errorResponse(error: unknown): Response {
  if (isApiError(error)) return jsonResponse(error.code, error.status, { headers: error.headers });
  console.error('emulator: unexpected error while serving', error);
  const e = internalError(error instanceof Error ? error.message : String(error));
  return jsonResponse(e.code, e.status, { headers: e.headers });
}

/** A `Status` of kind Success (what DELETE and pods/binding answer). */
export function successStatus(extra: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...extra };
}

/** Whether the client asked for a meta.k8s.io Table (kubectl get). */
export function wantsTable(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}
