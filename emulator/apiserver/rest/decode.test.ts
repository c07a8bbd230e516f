/**
 * Bad input over real HTTP, answered with the apiserver's Status while the server keeps serving:
 * malformed and mistyped bodies, wrong kinds, media types, size limits, options, selectors,
 * fieldValidation, and garbage on the socket.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { call, endpoints, service, startCore } from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
});
after(() => em.stop());

describe('bad input', () => {
  const cases: {
    name: string;
    method: string;
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
    status: number;
    reason: string;
    message?: string | RegExp;
  }[] = [
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: '{"kind":',
      status: 400,
      reason: 'BadRequest',
      message:
        /^the object provided is unrecognized \(must be of type Service\): couldn't get version\/kind; json parse error: /,
    },
    {
      name: 'apiVersion mismatch',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: { ...service('v'), apiVersion: 'apps/v1' },
      status: 400,
      reason: 'BadRequest',
      message: 'the API version in the data (apps/v1) does not match the expected API version (v1)',
    },
    {
      name: 'kind mismatch',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: { ...service('v'), kind: 'Pod' },
      status: 400,
      reason: 'BadRequest',
      message: /^Pod in version "v1" cannot be handled as a Service/,
    },
    {
      name: 'namespace mismatch',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: { ...service('v'), metadata: { name: 'v', namespace: 'other' } },
      status: 400,
      reason: 'BadRequest',
      message:
        'the namespace of the provided object does not match the namespace sent on the request',
    },
    {
      name: 'name mismatch on PUT',
      method: 'PUT',
      path: '/api/v1/namespaces/default/services/a',
      body: service('b'),
      status: 400,
      reason: 'BadRequest',
      message: 'the name of the object (b) does not match the name on the URL (a)',
    },
    {
      name: 'oversized body',
      method: 'POST',
      path: '/api/v1/namespaces/default/endpoints',
      body: JSON.stringify({
        ...endpoints('big'),
        metadata: { name: 'big', annotations: { a: 'x'.repeat(3 * 1024 * 1024) } },
      }),
      status: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    },
    {
      name: 'unknown path',
      method: 'GET',
      path: '/api/v1/widgets',
      status: 404,
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    },
    {
      name: 'unknown group',
      method: 'GET',
      path: '/apis/nope.example.com/v1/things',
      status: 404,
      reason: 'NotFound',
    },
    {
      name: 'unknown subresource',
      method: 'GET',
      path: '/api/v1/namespaces/default/endpoints/x/status',
      status: 404,
      reason: 'NotFound',
    },
    {
      name: 'wrong verb on an item',
      method: 'POST',
      path: '/api/v1/namespaces/default/services/x',
      body: service('x'),
      status: 405,
      reason: 'MethodNotAllowed',
      message: 'the server does not allow this method on the requested resource',
    },
    {
      name: 'create on the all-namespaces path',
      method: 'POST',
      path: '/api/v1/services',
      body: service('x'),
      status: 405,
      reason: 'MethodNotAllowed',
    },
    {
      name: 'invalid label selector',
      method: 'GET',
      path: '/api/v1/pods?labelSelector=a%20b',
      status: 400,
      reason: 'BadRequest',
      message: "unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'",
    },
    {
      name: 'unknown field with Strict',
      method: 'POST',
      path: '/api/v1/namespaces/default/services?fieldValidation=Strict',
      body: { ...service('strict'), spec: { ports: [{ port: 80, nme: 'x' }], foo: 1 } },
      status: 400,
      reason: 'BadRequest',
      message: 'strict decoding error: unknown field "spec.ports[0].nme", unknown field "spec.foo"',
    },
    {
      name: 'body that is not an object',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: '[1,2]',
      status: 400,
      reason: 'BadRequest',
    },
    {
      name: 'resourceVersion set on create',
      method: 'POST',
      path: '/api/v1/namespaces/default/endpoints',
      body: { ...endpoints('rv'), metadata: { name: 'rv', resourceVersion: '5' } },
      status: 400,
      reason: 'BadRequest',
      message: 'resourceVersion should not be set on objects to be created',
    },
    {
      name: 'malformed percent-encoding in the path',
      method: 'GET',
      path: '/api/v1/namespaces/%E0%A4%A/pods',
      status: 400,
      reason: 'BadRequest',
    },
    {
      name: 'bad continue token',
      method: 'GET',
      path: '/api/v1/pods?limit=1&continue=%%%',
      status: 400,
      reason: 'BadRequest',
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.reason}`, async () => {
      const r = await call(base, c.method, c.path, c.body, c.headers);
      assert.equal(r.status, c.status, JSON.stringify(r.body));
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, c.reason);
      assert.equal(r.body.code, c.status);
      if (typeof c.message === 'string') assert.equal(r.body.message, c.message);
      else if (c.message) assert.match(String(r.body.message), c.message);
    });
  }

  it('warns about unknown fields with fieldValidation=Warn and stores the object', async () => {
    const r = await call(base, 'POST', '/api/v1/namespaces/default/services?fieldValidation=Warn', {
      ...service('warned'),
      spec: { ports: [{ port: 80 }], bogus: true },
    });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('warning') ?? '', /unknown field \\"spec.bogus\\"/);
  });

  it('survives a garbage HTTP request and keeps serving everyone else', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect({ port: em.port, host: '127.0.0.1', ca: em.caCertificate }, () => {
        socket.write('GARBAGE / HTTP/9.9\r\n\r\n\x00\x01\x02');
      });
      socket.on('data', () => undefined);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      setTimeout(() => socket.destroy(), 500).unref();
    });
    await new Promise<void>((resolve) => {
      const socket = connect({ port: em.port, host: '127.0.0.1', ca: em.caCertificate }, () => {
        socket.write(
          'POST /api/v1/namespaces/default/services HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"kin',
        );
        socket.destroy();
        resolve();
      });
    });
    const r = await call(base, 'GET', '/api/v1/namespaces/default/services');
    assert.equal(r.status, 200);
  });
});
