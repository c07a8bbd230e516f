/**
 * Audit events in kube-apiserver's `audit.k8s.io/v1` Event shape, at level Metadata
 * (staging/src/k8s.io/apiserver/pkg/audit: request.go LogRequestMetadata, LogImpersonatedUser,
 * LogResponseObject; endpoints/filters/audit.go). Field order is the Go struct's, so a line
 * reads like one from a real audit log:
 *
 *   {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"…",
 *    "stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods?limit=500",
 *    "verb":"list","user":{…},"impersonatedUser":{…},"sourceIPs":["127.0.0.1"],
 *    "userAgent":"kubectl/v1.33.0 …","objectRef":{"resource":"pods","namespace":"default",
 *    "apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},
 *    "requestReceivedTimestamp":"…","stageTimestamp":"…",
 *    "annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"…"}}
 *
 * `responseStatus` is `{metadata, code}` for answers that are not a Status object, and carries
 * the Status's status, message, reason and details when the answer is one (every failure).
 */
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { RequestAttributes, UserInfo } from '../types';

export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

export const DECISION_ANNOTATION = 'authorization.k8s.io/decision';
export const REASON_ANNOTATION = 'authorization.k8s.io/reason';
/** The response header naming a request's audit ID (filters/audit_init.go). */
export const AUDIT_ID_HEADER = 'Audit-Id';

interface AuditUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

export interface AuditResponseStatus {
  metadata: Record<string, unknown>;
  status?: string;
  message?: string;
  reason?: string;
  details?: unknown;
  code?: number;
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: 'Metadata';
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus?: AuditResponseStatus;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** metav1.MicroTime: RFC 3339 with six fractional digits, UTC. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

export function auditUser(user: UserInfo | undefined): AuditUser {
  if (!user) return {};
  const json: AuditUser = {};
  if (user.username) json.username = user.username;
  if (user.uid) json.uid = user.uid;
  if (user.groups.length) json.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) json.extra = user.extra;
  return json;
}

/** What an objectRef is made of: a request's attributes, or the RequestInfo they come from. */
export type ObjectRefSource = Pick<
  RequestAttributes,
  | 'isResourceRequest'
  | 'resource'
  | 'namespace'
  | 'name'
  | 'apiGroup'
  | 'apiVersion'
  | 'subresource'
>;

export function objectRefOf(attributes: ObjectRefSource): AuditObjectRef | undefined {
  if (!attributes.isResourceRequest) return undefined;
  const ref: AuditObjectRef = {};
  if (attributes.resource) ref.resource = attributes.resource;
  if (attributes.namespace) ref.namespace = attributes.namespace;
  if (attributes.name) ref.name = attributes.name;
  if (attributes.apiGroup) ref.apiGroup = attributes.apiGroup;
  if (attributes.apiVersion) ref.apiVersion = attributes.apiVersion;
  if (attributes.subresource) ref.subresource = attributes.subresource;
  return ref;
}

/** utilnet.SourceIPs: X-Forwarded-For, then X-Real-Ip, then the connection's address. */
export function sourceIPs(headers: Headers, remoteAddress: string | undefined): string[] {
  const ips: string[] = [];
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) {
    for (const part of forwarded.split(',')) {
      const ip = part.trim();
      if (isIP(ip)) ips.push(ip);
    }
  }
  const real = headers.get('x-real-ip');
  if (real && isIP(real) && !ips.includes(real)) ips.push(real);
  const remote = remoteAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (remote && isIP(remote) && ips[ips.length - 1] !== remote) ips.push(remote);
  return ips;
}

const MAX_USER_AGENT = 1024;

/** maybeTruncateUserAgent. */
function userAgentOf(headers: Headers): string | undefined {
  const agent = headers.get('user-agent');
  if (!agent) return undefined;
  return agent.length > MAX_USER_AGENT ? `${agent.slice(0, MAX_USER_AGENT)}...TRUNCATED` : agent;
}

/** The audit ID a client asked for (`Audit-ID`), or a new one. */
export function auditIdOf(headers: Headers): string {
  return headers.get('audit-id')?.trim() || randomUUID();
}

/** What is known of a request as it passes the chain; the events of each stage are made from it. */
export interface AuditRecord {
  auditID: string;
  /** Path and query as received. */
  requestURI: string;
  verb: string;
  /** The authenticated user (undefined when authentication failed). */
  user?: UserInfo;
  /** Who the request acts as, once impersonation allowed it (LogImpersonatedUser). */
  impersonatedUser?: UserInfo;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  receivedAt: Date;
  /** Added by the layers (authorization's decision and reason, TokenRequest's credential id). */
  annotations: Record<string, string>;
}

export interface IncomingRequest {
  requestURI: string;
  headers: Headers;
  remoteAddress?: string;
  verb: string;
  attributes?: ObjectRefSource;
  user?: UserInfo;
  receivedAt: Date;
}

/** LogRequestMetadata: the record of a request as it comes in. */
export function auditRecord(request: IncomingRequest): AuditRecord {
  const record: AuditRecord = {
    auditID: auditIdOf(request.headers),
    requestURI: request.requestURI,
    verb: request.verb,
    sourceIPs: sourceIPs(request.headers, request.remoteAddress),
    receivedAt: request.receivedAt,
    annotations: {},
  };
  if (request.user) record.user = request.user;
  const agent = userAgentOf(request.headers);
  if (agent !== undefined) record.userAgent = agent;
  const ref = request.attributes ? objectRefOf(request.attributes) : undefined;
  if (ref) record.objectRef = ref;
  return record;
}

/**
 * The response status as the audit filter records it: the code always, and the bounded fields of
 * a Status body (LogResponseObject copies status, message, reason, details and code).
 */
export function responseStatusOf(code: number, body?: unknown): AuditResponseStatus {
  const status: AuditResponseStatus = { metadata: {} };
  const object = body as Record<string, unknown> | undefined;
  if (object && object.kind === 'Status') {
    if (typeof object.status === 'string' && object.status) status.status = object.status;
    if (typeof object.message === 'string' && object.message) status.message = object.message;
    if (typeof object.reason === 'string' && object.reason) status.reason = object.reason;
    if (object.details && typeof object.details === 'object') status.details = object.details;
  }
  status.code = code;
  return status;
}

/** The event of one stage, with its keys in the Go struct's order. */
export function auditEvent(
  record: AuditRecord,
  stage: AuditStage,
  at: Date,
  responseStatus?: AuditResponseStatus,
): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: record.auditID,
    stage,
    requestURI: record.requestURI,
    verb: record.verb,
    user: auditUser(record.user),
    ...(record.impersonatedUser ? { impersonatedUser: auditUser(record.impersonatedUser) } : {}),
    sourceIPs: record.sourceIPs,
    ...(record.userAgent !== undefined ? { userAgent: record.userAgent } : {}),
    ...(record.objectRef ? { objectRef: record.objectRef } : {}),
    ...(responseStatus ? { responseStatus } : {}),
    requestReceivedTimestamp: microTime(record.receivedAt),
    stageTimestamp: microTime(at),
    ...(Object.keys(record.annotations).length ? { annotations: { ...record.annotations } } : {}),
  };
}
