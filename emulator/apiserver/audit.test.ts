/**
 * The audit layer over real HTTPS, read back from the `--audit-log` file after the cluster
 * stopped: one ResponseComplete line per request with the caller, the impersonated user, verb,
 * objectRef, response code and the `Audit-Id` the response carried; ResponseStarted then
 * ResponseComplete for a watch; a lone ResponseStarted 401 for a bad token; a refused
 * impersonation audited as the caller's 403.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent } from '../auth/audit/event';
import type { RunningEmulator } from '../server';
import { call, openWatch, startCore } from './testing/support';

let dir: string;
let events: AuditEvent[];
const ids: Record<string, string> = {};

const byId = (id: string | undefined) => events.filter((e) => e.auditID === id);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-chain-'));
  const em: RunningEmulator = await startCore({
    auditLog: join(dir, 'audit.log'),
    tokenUsers: new Map([['bob-token', { username: 'bob', uid: '', groups: [] }]]),
  });
  try {
    const list = await call(em.url, 'GET', '/api/v1/namespaces/default/pods?limit=5', undefined, {
      'user-agent': 'audit-test/1.0',
    });
    ids.list = list.headers.get('audit-id') ?? '';
    const chosen = await call(em.url, 'GET', '/api/v1/namespaces', undefined, {
      'audit-id': 'chosen-by-client',
    });
    ids.chosen = chosen.headers.get('audit-id') ?? '';
    const bad = await call(em.url, 'GET', '/api/v1/pods', undefined, {
      authorization: 'Bearer forged',
    });
    assert.equal(bad.status, 401);
    ids.unauthorized = bad.headers.get('audit-id') ?? '';
    const asAlice = await call(em.url, 'GET', '/api/v1/namespaces/default/services', undefined, {
      'impersonate-user': 'alice',
    });
    assert.equal(asAlice.status, 403);
    ids.impersonated = asAlice.headers.get('audit-id') ?? '';
    const refused = await call(em.url, 'GET', '/api/v1/pods', undefined, {
      authorization: 'Bearer bob-token',
      'impersonate-user': 'alice',
    });
    assert.equal(refused.status, 403);
    ids.refused = refused.headers.get('audit-id') ?? '';
    const watch = await openWatch(em.url, '/api/v1/namespaces/default/configmaps?watch=true');
    ids.watch = watch.headers.get('audit-id') ?? '';
    const created = await call(em.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'seen' },
    });
    assert.equal(created.status, 201);
    ids.create = created.headers.get('audit-id') ?? '';
    assert.equal((await watch.next())?.type, 'ADDED');
    watch.close();
  } finally {
    await em.stop();
  }
  const text = await readFile(join(dir, 'audit.log'), 'utf8');
  events = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEvent);
});
after(() => rm(dir, { recursive: true, force: true }));

describe('audit log', () => {
  it('every response carries its Audit-Id; a client-chosen one is kept', () => {
    for (const [name, id] of Object.entries(ids)) assert.ok(id, `${name} has an Audit-Id`);
    assert.equal(ids.chosen, 'chosen-by-client');
    assert.equal(new Set(Object.values(ids)).size, Object.keys(ids).length);
  });

  it('a request is one ResponseComplete line in the audit.k8s.io/v1 shape', () => {
    const [event, ...rest] = byId(ids.list);
    assert.equal(rest.length, 0);
    assert.ok(event);
    assert.match(event.requestReceivedTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.match(event.stageTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(event.stageTimestamp >= event.requestReceivedTimestamp);
    assert.deepEqual(
      { ...event, requestReceivedTimestamp: 't', stageTimestamp: 't', annotations: {} },
      {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: ids.list,
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/default/pods?limit=5',
        verb: 'list',
        user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
        sourceIPs: ['127.0.0.1'],
        userAgent: 'audit-test/1.0',
        objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
        responseStatus: { metadata: {}, code: 200 },
        requestReceivedTimestamp: 't',
        stageTimestamp: 't',
        annotations: {},
      },
    );
    assert.equal(event.annotations?.['authorization.k8s.io/decision'], 'allow');
  });

  it('a failed authentication is one ResponseStarted 401 without a user', () => {
    const lines = byId(ids.unauthorized);
    assert.deepEqual(
      lines.map((e) => [e.stage, e.user, e.responseStatus]),
      [
        [
          'ResponseStarted',
          {},
          { metadata: {}, message: 'Authentication failed, attempted: bearer', code: 401 },
        ],
      ],
    );
  });

  it('an impersonated request names the caller as user and the impersonated user', () => {
    const [event] = byId(ids.impersonated);
    assert.equal(event?.user.username, 'kubernetes-admin');
    assert.deepEqual(event?.impersonatedUser, {
      username: 'alice',
      groups: ['system:authenticated'],
    });
    assert.equal(event?.responseStatus?.code, 403);
    assert.equal(event?.responseStatus?.reason, 'Forbidden');
    assert.equal(event?.annotations?.['authorization.k8s.io/decision'], 'forbid');
  });

  it("a refused impersonation is the caller's 403, with no impersonated user", () => {
    const [event, ...rest] = byId(ids.refused);
    assert.equal(rest.length, 0);
    assert.equal(event?.user.username, 'bob');
    assert.equal(event?.impersonatedUser, undefined);
    assert.deepEqual(event?.responseStatus, {
      metadata: {},
      status: 'Failure',
      message:
        'users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { name: 'alice', kind: 'users' },
      code: 403,
    });
  });

  it('a watch is ResponseStarted, then ResponseComplete once it ends', () => {
    const lines = byId(ids.watch);
    assert.deepEqual(
      lines.map((e) => [e.stage, e.verb, e.responseStatus?.code]),
      [
        ['ResponseStarted', 'watch', 200],
        ['ResponseComplete', 'watch', 200],
      ],
    );
    const started = events.indexOf(lines[0]!);
    const create = events.findIndex((e) => e.auditID === ids.create);
    assert.ok(started < create, 'the watch started before the create it saw');
  });

  it('lines are written in the order the responses completed', () => {
    const complete = events.filter((e) => e.stage === 'ResponseComplete');
    const order = complete.map((e) => e.auditID);
    assert.ok(order.indexOf(ids.list!) < order.indexOf(ids.chosen!));
    assert.ok(order.indexOf(ids.chosen!) < order.indexOf(ids.impersonated!));
    assert.ok(order.indexOf(ids.create!) < order.indexOf(ids.watch!));
  });
});
