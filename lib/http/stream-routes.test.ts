/**
 * The stream's Pages Router routes (pages/api/stream.ts and the per-cluster
 * pages/api/clusters/[cluster]/stream.ts) as Next hands them a request, on loopback: a method
 * they do not serve gets the API's 405 problem with `Allow` (lib/http/api-methods.ts), as every
 * App Router route answers it, never a bare 405 — and the stream itself is never opened for it.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import stream from '@/pages/api/stream';
import clusterStream from '@/pages/api/clusters/[cluster]/stream';

let server: http.Server;
let base = '';

before(async () => {
  server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cluster = /^\/api\/clusters\/([^/]+)\/stream$/.exec(pathname)?.[1];
    // Next's Pages Router gives the route its dynamic segment as `query`.
    if (cluster) void clusterStream(Object.assign(req, { query: { cluster } }), res);
    else void stream(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

for (const path of ['/api/stream', '/api/clusters/demo/stream']) {
  test(`${path}: another method is a 405 problem with Allow`, async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const answer = await fetch(`${base}${path}?v=2`, { method, body: '{}' });
      assert.equal(answer.status, 405, `${method} ${path}`);
      assert.equal(answer.headers.get('allow'), 'GET, HEAD, OPTIONS');
      assert.equal(answer.headers.get('content-type'), 'application/problem+json');
      const body = (await answer.json()) as { status: number; instance: string; detail: string };
      assert.equal(body.status, 405);
      assert.equal(body.instance, path);
      assert.equal(
        body.detail,
        `${path} does not answer ${method}; it answers GET, HEAD, OPTIONS.`,
      );
    }
    const options = await fetch(`${base}${path}`, { method: 'OPTIONS' });
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS');
  });
}
