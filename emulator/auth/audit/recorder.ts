/**
 * When audit events are written, as kube-apiserver's audit filters write them under a policy of
 * `level: Metadata` for every request with `omitStages: [RequestReceived]`
 * (staging/src/k8s.io/apiserver/pkg/endpoints/filters/audit.go WithAudit and
 * WithFailedAuthenticationAudit):
 *
 * - every request: `ResponseComplete` once its response body has been sent (or the client went
 *   away);
 * - long-running requests (watches): also `ResponseStarted` as soon as the headers go out;
 * - a request that failed authentication: only `ResponseStarted`, with no user and the message
 *   `Authentication failed, attempted: bearer` (or `…, no credentials provided`), because the
 *   401 is written before the audit filter proper is reached.
 *
 * Every response carries its audit ID in the `Audit-Id` header.
 */
import { AUDIT_ID_HEADER, auditEvent, type AuditRecord, type AuditResponseStatus } from './event';
import type { AuditSink } from './log-file';

export interface Auditor {
  sink: AuditSink;
  now(): Date;
  /**
   * Responses whose ResponseComplete is not written yet. Shutting down completes them
   * (completePending), so a log closed after the server stopped ends every request it began.
   */
  pending?: Set<() => void>;
}

/** Writes ResponseComplete for every response still streaming (the server stopped). */
export function completePending(auditor: Auditor): void {
  for (const complete of [...(auditor.pending ?? [])]) complete();
}

/** getAuthMethods of filters/audit.go: what the request tried. */
export function authenticationFailureMessage(request: Request): string {
  const methods: string[] = [];
  const authorization = (request.headers.get('authorization') ?? '').trim();
  const parts = authorization.split(' ');
  if (parts[0]?.toLowerCase() === 'basic' && parts.length > 1) methods.push('basic');
  if (parts.length > 1 && parts[0]?.toLowerCase() === 'bearer') methods.push('bearer');
  if (new URL(request.url).searchParams.get('access_token')?.trim()) methods.push('access_token');
  return methods.length
    ? `Authentication failed, attempted: ${methods.join(', ')}`
    : 'Authentication failed, no credentials provided';
}

export function auditFailedAuthentication(
  auditor: Auditor,
  record: AuditRecord,
  request: Request,
): void {
  const status: AuditResponseStatus = {
    metadata: {},
    message: authenticationFailureMessage(request),
    code: 401,
  };
  auditor.sink.process(
    auditEvent({ ...record, user: undefined }, 'ResponseStarted', auditor.now(), status),
  );
}

function withAuditId(response: Response, auditID: string): Headers {
  const headers = new Headers(response.headers);
  headers.set(AUDIT_ID_HEADER, auditID);
  return headers;
}

/**
 * The response with its `Audit-Id` header, which every response carries, audited or not
 * (WithAuditInit sits outside every other filter). The response's own headers are used when
 * they may be changed; a copy is made otherwise.
 */
export function withAuditIdHeader(response: Response, auditID: string): Response {
  try {
    response.headers.set(AUDIT_ID_HEADER, auditID);
    return response;
  } catch {
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: withAuditId(response, auditID),
    });
  }
}

/**
 * The response with its Audit-Id header, whose body reports ResponseComplete when it ends.
 * `status` is the response status as audited (see responseStatusOf).
 */
export function auditedResponse(
  auditor: Auditor,
  record: AuditRecord,
  response: Response,
  status: AuditResponseStatus,
  longRunning: boolean,
): Response {
  if (longRunning) {
    auditor.sink.process(
      auditEvent(record, 'ResponseStarted', auditor.now(), { metadata: {}, code: response.status }),
    );
  }
  let completed = false;
  const complete = () => {
    if (completed) return;
    completed = true;
    auditor.pending?.delete(complete);
    auditor.sink.process(auditEvent(record, 'ResponseComplete', auditor.now(), status));
  };
  const init = { status: response.status, statusText: response.statusText };
  const headers = withAuditId(response, record.auditID);
  if (!response.body) {
    complete();
    return new Response(null, { ...init, headers });
  }
  auditor.pending?.add(complete);
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          complete();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        complete();
        controller.error(error);
      }
    },
    async cancel(reason) {
      complete();
      await reader.cancel(reason);
    },
  });
  return new Response(body, { ...init, headers });
}
