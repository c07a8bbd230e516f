/**
 * The audit line's shape and the write log behind it, without a cluster: who (the person for a
 * signed-in viewer, the dashboard without sign-in), what was sent (verbs, objects, dry run), and
 * never a credential. The line through the real routes against the embedded cluster is in
 * app/api/write-routes.test.ts; the person impersonated end to end in ./as-viewer.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Viewer } from '@/lib/auth/viewer';
import { auditLine } from './audit';
import { attemptOf, newWriteLog, recordingWrites } from './write-log';

const TOKEN_VIEWER: Viewer = {
  mode: 'token',
  user: { username: 'carol', groups: ['team-a', 'system:authenticated'] },
  token: 'eyJhbGciOiJFUzI1NiJ9.secret-part.sig',
};

describe('write log', () => {
  it('records writes with verb, kind, namespace, name and dry run; not reads or reviews', async () => {
    const log = newWriteLog();
    const send = recordingWrites(async () => ({ status: 200, body: {} }), log);
    await send({ method: 'GET', path: '/api/v1/namespaces/a/services/web' });
    await send({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {},
    });
    await send({
      method: 'POST',
      path: '/api/v1/namespaces/a/services?dryRun=All&fieldManager=switchboard',
      body: { metadata: { name: 'web' } },
    });
    await send({
      method: 'PUT',
      path: '/apis/discovery.k8s.io/v1/namespaces/a/endpointslices/web-1?fieldManager=switchboard',
      body: {},
    });
    await send({ method: 'DELETE', path: '/api/v1/namespaces/a/endpoints/we%20b' });
    assert.deepEqual(log.attempts, [
      { verb: 'create', kind: 'Service', namespace: 'a', name: 'web', dryRun: true },
      { verb: 'update', kind: 'EndpointSlice', namespace: 'a', name: 'web-1', dryRun: false },
      { verb: 'delete', kind: 'Endpoints', namespace: 'a', name: 'we b', dryRun: false },
    ]);
  });

  it('a PATCH of a kind the map does not draw keeps its resource name', () => {
    assert.deepEqual(
      attemptOf({ method: 'PATCH', path: '/apis/apps/v1/namespaces/x/deployments/d?dryRun=All' }),
      { verb: 'patch', kind: 'Deployment', namespace: 'x', name: 'd', dryRun: true },
    );
    assert.equal(
      attemptOf({ method: 'PATCH', path: '/apis/example.com/v1/widgets/w' })?.kind,
      'widgets',
    );
  });
});

describe('audit line', () => {
  it('names the person and groups, the objects sent and the outcome; never the token', () => {
    const line = auditLine(
      {
        action: 'create',
        target: { namespace: 'team-a', name: 'web' },
        outcome: 'created',
        source: { client: '127.0.0.9', origin: 'http://127.0.0.1:3000' },
        viewer: TOKEN_VIEWER,
        attempts: [
          { verb: 'create', kind: 'Service', namespace: 'team-a', name: 'web', dryRun: false },
          {
            verb: 'create',
            kind: 'EndpointSlice',
            namespace: 'team-a',
            name: 'web-1',
            dryRun: false,
          },
        ],
        intent: { verb: 'create', dryRun: false },
      },
      new Date('2026-01-02T03:04:05.000Z'),
    );
    assert.deepEqual(line, {
      audit: 'switchboard.write',
      time: '2026-01-02T03:04:05.000Z',
      mode: 'token',
      user: 'carol',
      groups: ['team-a', 'system:authenticated'],
      cluster: line.cluster,
      client: '127.0.0.9',
      origin: 'http://127.0.0.1:3000',
      action: 'create',
      namespace: 'team-a',
      name: 'web',
      verbs: ['create'],
      objects: [
        { kind: 'Service', namespace: 'team-a', name: 'web' },
        { kind: 'EndpointSlice', namespace: 'team-a', name: 'web-1' },
      ],
      dryRun: false,
      status: 'created',
    });
    assert.doesNotMatch(JSON.stringify(line), /secret-part|eyJ/);
  });

  it('nothing sent: the verb and dry run the action declares; refused before anyone was known: no user', () => {
    const refused = auditLine({
      action: 'preview',
      target: undefined,
      outcome: 'forbidden',
      viewer: { mode: 'proxy', user: { username: 'bob', groups: [] } },
      attempts: [],
      intent: { verb: 'create', dryRun: true },
    });
    assert.deepEqual(
      [refused.user, refused.groups, refused.verbs, refused.objects, refused.dryRun],
      ['bob', [], ['create'], [], true],
    );
    const nobody = auditLine({ action: 'refused-request', target: {}, outcome: 'refused 401' });
    // The test process runs without SWITCHBOARD_AUTH: the server's mode is none, the dashboard acts.
    assert.equal(nobody.mode, 'none');
    assert.equal(nobody.groups, undefined);
  });

  it('cuts what a client sent', () => {
    const line = auditLine({
      action: 'create',
      target: { namespace: 'n'.repeat(300), name: 7 },
      outcome: 'invalid',
      source: { origin: 'o'.repeat(1000) },
    });
    assert.equal((line.namespace as string).length, 64);
    assert.equal(line.name, undefined);
    assert.equal((line.origin as string).length, 256);
  });
});
