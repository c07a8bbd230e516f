/**
 * Audit events: the Event shape and key order, the stages written for ordinary, long-running and
 * unauthenticated requests, and the log file's flush on close.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RequestAttributes } from '../types';
import {
  auditEvent,
  auditRecord,
  microTime,
  responseStatusOf,
  sourceIPs,
  type AuditEvent,
} from './event';
import { openAuditLogFile, type AuditSink } from './log-file';
import {
  auditedResponse,
  auditFailedAuthentication,
  authenticationFailureMessage,
} from './recorder';

const RECEIVED = new Date('2025-05-01T10:00:00.123Z');
const LATER = new Date('2025-05-01T10:00:00.456Z');

const listPods: RequestAttributes = {
  user: { username: 'alice', groups: ['system:authenticated'] },
  verb: 'list',
  isResourceRequest: true,
  path: '/api/v1/namespaces/default/pods',
  apiGroup: '',
  apiVersion: 'v1',
  resource: 'pods',
  subresource: '',
  namespace: 'default',
  name: '',
};

function memorySink(): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return { events, process: (e) => events.push(e), close: async () => undefined };
}

function record(headers: Record<string, string> = {}) {
  return auditRecord({
    requestURI: '/api/v1/namespaces/default/pods?limit=500',
    headers: new Headers({
      'user-agent': 'kubectl/v1.33.0 (linux/amd64) kubernetes/abc',
      ...headers,
    }),
    remoteAddress: '127.0.0.1',
    verb: 'list',
    attributes: listPods,
    user: listPods.user,
    receivedAt: RECEIVED,
  });
}

test('an event has audit.k8s.io/v1 fields in the Go struct order', () => {
  const r = record();
  r.impersonatedUser = { username: 'bob', groups: ['team-a', 'system:authenticated'] };
  r.annotations['authorization.k8s.io/decision'] = 'allow';
  r.annotations['authorization.k8s.io/reason'] = '';
  const event = auditEvent(r, 'ResponseComplete', LATER, responseStatusOf(200));
  assert.deepEqual(Object.keys(event), [
    'kind',
    'apiVersion',
    'level',
    'auditID',
    'stage',
    'requestURI',
    'verb',
    'user',
    'impersonatedUser',
    'sourceIPs',
    'userAgent',
    'objectRef',
    'responseStatus',
    'requestReceivedTimestamp',
    'stageTimestamp',
    'annotations',
  ]);
  assert.deepEqual(
    { ...event, auditID: 'x' },
    {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: 'x',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/default/pods?limit=500',
      verb: 'list',
      user: { username: 'alice', groups: ['system:authenticated'] },
      impersonatedUser: { username: 'bob', groups: ['team-a', 'system:authenticated'] },
      sourceIPs: ['127.0.0.1'],
      userAgent: 'kubectl/v1.33.0 (linux/amd64) kubernetes/abc',
      objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2025-05-01T10:00:00.123000Z',
      stageTimestamp: '2025-05-01T10:00:00.456000Z',
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    },
  );
  assert.match(record().auditID, /^[0-9a-f-]{36}$/);
  assert.equal(record({ 'audit-id': 'from-client' }).auditID, 'from-client');
});

test('responseStatus copies a Status body; microTime has six digits', () => {
  const forbidden = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b"',
    reason: 'Forbidden',
    details: { kind: 'pods' },
    code: 403,
  };
  assert.deepEqual(responseStatusOf(403, forbidden), {
    metadata: {},
    status: 'Failure',
    message: forbidden.message,
    reason: 'Forbidden',
    details: { kind: 'pods' },
    code: 403,
  });
  assert.deepEqual(responseStatusOf(201, { kind: 'Pod' }), { metadata: {}, code: 201 });
  assert.equal(microTime(new Date('2025-01-02T03:04:05.006Z')), '2025-01-02T03:04:05.006000Z');
});

test('sourceIPs as utilnet.SourceIPs', () => {
  assert.deepEqual(sourceIPs(new Headers(), '127.0.0.1'), ['127.0.0.1']);
  assert.deepEqual(sourceIPs(new Headers(), '::ffff:127.0.0.1'), ['127.0.0.1']);
  assert.deepEqual(
    sourceIPs(
      new Headers({ 'x-forwarded-for': '203.0.113.9, bogus, 10.0.0.1', 'x-real-ip': '10.0.0.1' }),
      '127.0.0.1',
    ),
    ['203.0.113.9', '10.0.0.1', '127.0.0.1'],
  );
  assert.deepEqual(sourceIPs(new Headers({ 'x-real-ip': '127.0.0.1' }), '127.0.0.1'), [
    '127.0.0.1',
  ]);
});

test('an ordinary request: ResponseComplete once its body is read, with the Audit-Id header', async () => {
  const sink = memorySink();
  const auditor = { sink, now: () => LATER };
  const r = record();
  const response = auditedResponse(
    auditor,
    r,
    new Response('{"items":[]}'),
    responseStatusOf(200),
    false,
  );
  assert.equal(response.headers.get('audit-id'), r.auditID);
  assert.equal(sink.events.length, 0);
  assert.equal(await response.text(), '{"items":[]}');
  assert.deepEqual(
    sink.events.map((e) => e.stage),
    ['ResponseComplete'],
  );
});

test('a watch: ResponseStarted at once, ResponseComplete when the client goes away', async () => {
  const sink = memorySink();
  const auditor = { sink, now: () => LATER };
  const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
  const response = auditedResponse(
    auditor,
    record(),
    new Response(stream),
    responseStatusOf(200),
    true,
  );
  assert.deepEqual(
    sink.events.map((e) => e.stage),
    ['ResponseStarted'],
  );
  assert.deepEqual(sink.events[0]?.responseStatus, { metadata: {}, code: 200 });
  await response.body?.cancel();
  assert.deepEqual(
    sink.events.map((e) => e.stage),
    ['ResponseStarted', 'ResponseComplete'],
  );
});

test('failed authentication: one ResponseStarted event, no user, what was attempted', () => {
  const sink = memorySink();
  const request = new Request('https://127.0.0.1/api', {
    headers: { authorization: 'Bearer nope' },
  });
  auditFailedAuthentication({ sink, now: () => LATER }, record(), request);
  const [event] = sink.events;
  assert.equal(event?.stage, 'ResponseStarted');
  assert.deepEqual(event?.user, {});
  assert.deepEqual(event?.responseStatus, {
    metadata: {},
    message: 'Authentication failed, attempted: bearer',
    code: 401,
  });
  assert.equal(
    authenticationFailureMessage(new Request('https://127.0.0.1/api')),
    'Authentication failed, no credentials provided',
  );
});

test('the log file: one JSON line per event, all on disk after close', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'audit-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'logs', 'audit.log');
  const sink = await openAuditLogFile(path);
  for (let i = 0; i < 500; i++)
    sink.process(auditEvent(record(), 'ResponseComplete', LATER, responseStatusOf(200)));
  await sink.close();
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  assert.equal(lines.length, 500);
  for (const line of lines) assert.equal((JSON.parse(line) as AuditEvent).kind, 'Event');
  sink.process(auditEvent(record(), 'ResponseComplete', LATER));
  await sink.close();
  assert.equal((await readFile(path, 'utf8')).trimEnd().split('\n').length, 500);
});
