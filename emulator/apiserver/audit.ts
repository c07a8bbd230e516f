/**
 * The audit layer of the handler chain (staging/src/k8s.io/apiserver/pkg/endpoints/filters/
 * audit.go WithAudit and WithFailedAuthenticationAudit, audit_init.go WithAuditInit). It sits
 * between authentication and impersonation, as upstream orders them, so an event names the
 * authenticated caller as `user` and — once impersonation allowed it — the impersonated one as
 * `impersonatedUser`, and a refused impersonation is audited like any other 403.
 *
 * Every response carries its `Audit-Id` header, audit log or not. With a log (an `Auditor`), what
 * is written when is emulator/auth/audit/recorder.ts: ResponseComplete for every request,
 * ResponseStarted first for long-running ones, only ResponseStarted for a failed authentication.
 */
import { auditIdOf, auditRecord, responseStatusOf, type AuditRecord } from '../auth/audit/event';
import type { AuditResponseStatus } from '../auth/audit/event';
import {
  auditedResponse,
  auditFailedAuthentication,
  withAuditIdHeader,
  type Auditor,
} from '../auth/audit/recorder';
import type { UserInfo } from '../auth/types';
import { isApiError } from '../core/errors';
import type { RequestConnection } from './handler-chain';
import { ImpersonationRefusal } from './impersonation';
import type { RequestInfo } from './request-info';
import { errorResponse } from './responses';

/** Verbs and subresources kube-apiserver serves as long-running (BasicLongRunningRequestCheck). */
const LONG_RUNNING_VERBS = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

export function isLongRunning(info: RequestInfo): boolean {
  if (LONG_RUNNING_VERBS.has(info.verb)) return true;
  return info.isResourceRequest && LONG_RUNNING_SUBRESOURCES.has(info.subresource);
}

/** One request as the audit layer follows it. */
export interface AuditedRequest {
  auditID: string;
  /** The event's data; undefined when there is no audit log. */
  record?: AuditRecord;
}

function requestURI(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/** LogRequestMetadata, or only an audit ID when nothing is logged. */
export function beginAudit(
  auditor: Auditor | undefined,
  request: Request,
  connection: RequestConnection | undefined,
  info: RequestInfo,
  user: UserInfo | undefined,
  receivedAt: Date,
): AuditedRequest {
  if (!auditor) return { auditID: auditIdOf(request.headers) };
  const record = auditRecord({
    requestURI: requestURI(request),
    headers: request.headers,
    remoteAddress: connection?.remoteAddress,
    verb: info.verb,
    attributes: info,
    user,
    receivedAt,
  });
  return { auditID: record.auditID, record };
}

/**
 * The 401 of a failed authentication, audited at ResponseStarted only. An authenticator that
 * failed for another reason (a 500) is audited as any failed request.
 */
export function failedAuthenticationResponse(
  auditor: Auditor | undefined,
  audited: AuditedRequest,
  request: Request,
  info: RequestInfo,
  error: unknown,
): Response {
  if (!isApiError(error) || error.code !== 401) {
    const { response, status } = failure(error);
    return finishAudit(auditor, audited, info, response, status);
  }
  if (auditor && audited.record) auditFailedAuthentication(auditor, audited.record, request);
  return withAuditIdHeader(errorResponse(error), audited.auditID);
}

/** What a failure below the audit layer answers, and the response status it is audited with. */
export function failure(error: unknown): { response: Response; status: AuditResponseStatus } {
  if (error instanceof ImpersonationRefusal) {
    return { response: error.response(), status: responseStatusOf(error.code) };
  }
  const response = errorResponse(error);
  const status = isApiError(error)
    ? responseStatusOf(error.code, error.status)
    : responseStatusOf(response.status);
  return { response, status };
}

/** The response as sent: with its Audit-Id, and its events when there is a log. */
export function finishAudit(
  auditor: Auditor | undefined,
  audited: AuditedRequest,
  info: RequestInfo,
  response: Response,
  status: AuditResponseStatus = responseStatusOf(response.status),
): Response {
  if (!auditor || !audited.record) return withAuditIdHeader(response, audited.auditID);
  return auditedResponse(auditor, audited.record, response, status, isLongRunning(info));
}
