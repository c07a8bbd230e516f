/**
 * The route wrapper on its own: every path a request can take through it, with handlers that
 * need no cluster. The routes themselves are tested in app/api/*.test.ts.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROBLEM_CONTENT_TYPE, problemTypeOf, type Problem } from '../api/problem';
import { proxy } from '../../proxy';
import { apiRoute, fail, reply } from './api-route';

const ORIGIN = 'http://127.0.0.1:3000';

function request(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers: { host: '127.0.0.1:3000', ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
}

const sameOrigin = { origin: ORIGIN, 'content-type': 'application/json' };

async function problemOf(response: Response): Promise<Problem> {
  assert.equal(response.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const body = (await response.json()) as Problem;
  assert.equal(body.status, response.status, 'status member repeats the HTTP status');
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.detail, 'string');
  return body;
}

let logged: string[] = [];
const original = { log: console.log, error: console.error };
beforeEach(() => {
  logged = [];
  console.log = (line: unknown) => logged.push(String(line));
  console.error = (...parts: unknown[]) => logged.push(parts.map(String).join(' '));
});
afterEach(() => {
  console.log = original.log;
  console.error = original.error;
});

describe('apiRoute', () => {
  it('answers a handler reply as no-store JSON with its status', async () => {
    const GET = apiRoute({ guard: 'none' }, async () => reply.json({ a: 1 }, 202));
    const response = await GET(request('/x'));
    assert.equal(response.status, 202);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), { a: 1 });
  });

  it('takes a context without params, as Next passes to routes without dynamic segments', async () => {
    const GET = apiRoute({ guard: 'none' }, async ({ params }) => reply.json(params));
    const response = await GET(request('/healthz'), {});
    assert.deepEqual(await response.json(), {});
  });

  it('hands the decoded route parameters to the handler', async () => {
    const GET = apiRoute<{ name: string }>({ guard: 'none' }, async ({ params }) =>
      reply.json(params),
    );
    const response = await GET(request('/s/a%2Db'), { params: Promise.resolve({ name: 'a-b' }) });
    assert.deepEqual(await response.json(), { name: 'a-b' });
  });

  it('refuses a path that is not valid percent-encoding with 400, not 500', async () => {
    let called = false;
    const GET = apiRoute({ guard: 'none' }, async () => {
      called = true;
      return reply.json({});
    });
    const response = await GET(request('/api/services/default/%ZZ/diagnosis'), {
      params: Promise.reject(new URIError('URI malformed')),
    });
    assert.equal(response.status, 400);
    const p = await problemOf(response);
    assert.equal(problemTypeOf(p), 'bad-request');
    assert.equal(p.instance, '/api/services/default/%ZZ/diagnosis');
    assert.equal(called, false);
  });

  it('answers a ProblemError thrown at any depth as that problem', async () => {
    const GET = apiRoute({ guard: 'none' }, async () =>
      fail('not-found', 'nothing here', { extra: 7 }),
    );
    const response = await GET(request('/y'));
    assert.equal(response.status, 404);
    const p = await problemOf(response);
    assert.equal(problemTypeOf(p), 'not-found');
    assert.equal(p.detail, 'nothing here');
    assert.equal(p.extra, 7);
    assert.equal(p.instance, '/y');
  });

  it('answers anything else thrown as a logged 500 problem with the message only', async () => {
    const GET = apiRoute({ guard: 'none' }, async () => {
      throw new Error('boom');
    });
    const response = await GET(request('/z'));
    assert.equal(response.status, 500);
    const p = await problemOf(response);
    assert.equal(problemTypeOf(p), 'internal');
    assert.match(p.detail, /boom/);
    assert.ok(!JSON.stringify(p).includes('at '), 'no stack trace in the body');
    assert.ok(
      logged.some((l) => l.includes('/z') && l.includes('boom')),
      'logged on the server',
    );
  });

  it('guards writes: foreign origin 403, wrong content type 415, both as problems', async () => {
    const POST = apiRoute({ guard: 'write', jsonBody: true }, async () => reply.json({}));
    const foreign = await POST(
      request('/w', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    assert.equal(foreign.status, 403);
    assert.equal(problemTypeOf(await problemOf(foreign)), 'foreign-request');
    const text = await POST(
      request('/w', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'text/plain' },
        body: '{}',
      }),
    );
    assert.equal(text.status, 415);
    assert.equal(problemTypeOf(await problemOf(text)), 'unsupported-media-type');
  });

  it('guards reads only against cross-site requests', async () => {
    const GET = apiRoute({ guard: 'read' }, async () => reply.json({ ok: true }));
    assert.equal((await GET(request('/r'))).status, 200);
    const cross = await GET(request('/r', { headers: { 'sec-fetch-site': 'cross-site' } }));
    assert.equal(cross.status, 403);
    assert.equal(problemTypeOf(await problemOf(cross)), 'foreign-request');
  });

  it('parses the JSON body; malformed 400, oversized 413', async () => {
    const POST = apiRoute({ guard: 'write', jsonBody: true }, async ({ body }) =>
      reply.json({ got: body }),
    );
    const good = await POST(
      request('/b', { method: 'POST', headers: sameOrigin, body: '{"x":[1]}' }),
    );
    assert.deepEqual(await good.json(), { got: { x: [1] } });
    const bad = await POST(request('/b', { method: 'POST', headers: sameOrigin, body: '{nope' }));
    assert.equal(bad.status, 400);
    assert.equal(problemTypeOf(await problemOf(bad)), 'bad-request');
    const big = await POST(
      request('/b', { method: 'POST', headers: sameOrigin, body: `"${'x'.repeat(300_000)}"` }),
    );
    assert.equal(big.status, 413);
    assert.equal(problemTypeOf(await problemOf(big)), 'body-too-large');
  });

  it('writes one audit line per attempt, refusals included', async () => {
    const POST = apiRoute(
      {
        guard: 'write',
        jsonBody: true,
        audit: { action: 'create', target: (b) => (b as { input?: unknown } | undefined)?.input },
      },
      async () => reply.write({ status: 'stale-preview', message: 'again' }),
    );
    const answered = await POST(
      request('/a', {
        method: 'POST',
        headers: { ...sameOrigin, 'x-switchboard-peer': '127.0.0.7' },
        body: JSON.stringify({ input: { namespace: 'ns', name: 'n' } }),
      }),
    );
    assert.equal(answered.status, 409);
    assert.equal(problemTypeOf(await problemOf(answered)), 'stale-preview');
    await POST(request('/a', { method: 'POST', headers: { 'content-type': 'application/json' } }));
    const lines = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.deepEqual(
      lines.map((l) => [l.action, l.namespace, l.name, l.status, l.client, l.origin]),
      [
        ['create', 'ns', 'n', 'stale-preview', '127.0.0.7', ORIGIN],
        ['refused-request', undefined, undefined, 'refused 403', undefined, undefined],
      ],
    );
  });

  it('an audit target may come from the path, even when the request is refused', async () => {
    const POST = apiRoute<{ namespace: string; name: string }>(
      { guard: 'write', jsonBody: true, audit: { action: 'preview-fix', target: (_b, p) => p } },
      async () => reply.write({ status: 'stale-preview', message: 'again' }),
    );
    const params = Promise.resolve({ namespace: 'shop', name: 'cart' });
    await POST(request('/s', { method: 'POST', headers: sameOrigin, body: '{"code":"x"}' }), {
      params,
    });
    await POST(request('/s', { method: 'POST', headers: { 'content-type': 'application/json' } }), {
      params,
    });
    const lines = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.action, l.namespace, l.name, l.status]),
      [
        ['preview-fix', 'shop', 'cart', 'stale-preview'],
        ['refused-request', 'shop', 'cart', 'refused 403'],
      ],
    );
  });

  it('answers write outcomes: success as JSON (201 for created), failure as its problem', async () => {
    const created = apiRoute({ guard: 'none' }, async () =>
      reply.write({ status: 'created', focus: '/?focus=a/b', created: [] }),
    );
    const ok = await created(request('/c'));
    assert.equal(ok.status, 201);
    assert.equal(((await ok.json()) as { status: string }).status, 'created');
    const invalid = apiRoute({ guard: 'none' }, async () =>
      reply.write({ status: 'invalid', errors: [{ field: 'name', message: 'bad' }] }),
    );
    const bad = await invalid(request('/c'));
    assert.equal(bad.status, 422);
    const p = await problemOf(bad);
    assert.equal(problemTypeOf(p), 'invalid');
    assert.deepEqual(p.errors, [{ field: 'name', message: 'bad' }]);
  });
});

describe('proxy.ts (what never reaches a route)', () => {
  it('answers a path that is not valid percent-encoding with the 400 problem', async () => {
    const response = await proxy(request('/api/services/default/%ZZ/diagnosis'));
    assert.ok(response);
    assert.equal(response.status, 400);
    const p = await problemOf(response);
    assert.equal(problemTypeOf(p), 'bad-request');
    assert.equal(p.instance, '/api/services/default/%ZZ/diagnosis');
  });

  it('lets everything else through', async () => {
    assert.equal(await proxy(request('/api/services/default/a%2Db/diagnosis')), undefined);
    assert.equal(await proxy(request('/api/graph')), undefined);
    assert.equal(await proxy(request('/')), undefined);
  });

  it('refuses pages and API calls addressed to a name the dashboard does not answer to', async () => {
    for (const path of ['/', '/api/graph', '/_next/static/chunks/x.js']) {
      const response = await proxy(
        new Request(`http://rebind.evil.example:3000${path}`, {
          headers: { host: 'rebind.evil.example:3000' },
        }),
      );
      assert.ok(response, path);
      assert.equal(response.status, 403);
      assert.match((await problemOf(response)).detail, /rebind\.evil\.example/);
    }
  });
});
