import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { otherMethods, type RouteMethod } from './api-methods';
import { serveOnNode } from './node-answer';

let server: http.Server;
let base = '';
let seen: Request | null = null;
let cancelled = 0;

before(async () => {
  server = http.createServer((req, res) => {
    void serveOnNode(req, res, async (request) => {
      seen = request;
      if (new URL(request.url).pathname === '/endless') {
        const body = new ReadableStream<Uint8Array>({
          start: (c) => c.enqueue(new TextEncoder().encode(': open\n\n')),
          cancel: () => void cancelled++,
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      }
      return new Response(zlib.gzipSync('data: hello\n\n'), {
        status: 200,
        headers: { 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'x-mine': 'yes' },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('the answer is written with every header it carries, Content-Encoding included', async () => {
  // fetch decodes what is labelled gzip: the text comes back only if the label went out.
  const response = await fetch(`${base}/api/stream?v=2`, {
    headers: { 'accept-encoding': 'gzip', 'last-event-id': 'e.7' },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-encoding'), 'gzip');
  assert.equal(response.headers.get('x-mine'), 'yes');
  assert.equal(await response.text(), 'data: hello\n\n');
  assert.equal(seen?.method, 'GET');
  assert.equal(seen?.url, `${base}/api/stream?v=2`);
  assert.equal(seen?.headers.get('last-event-id'), 'e.7');
});

test('HEAD has the headers and no body; other methods are 405', async () => {
  const head = await fetch(`${base}/api/stream?v=2`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-encoding'), 'gzip');
  const post = await fetch(`${base}/api/stream?v=2`, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD, OPTIONS');
  assert.equal(post.headers.get('content-encoding'), null);
});

test("another method is the API's 405 problem with Allow, as an App Router route answers it", async () => {
  seen = null;
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const answer = await fetch(`${base}/api/clusters/a/stream?v=2`, { method, body: 'x' });
    assert.equal(answer.status, 405, method);
    assert.equal(answer.headers.get('content-type'), 'application/problem+json');
    assert.equal(answer.headers.get('allow'), 'GET, HEAD, OPTIONS');
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const body = (await answer.json()) as Record<string, unknown>;
    assert.equal(body.status, 405);
    assert.equal(body.instance, '/api/clusters/a/stream');
    assert.match(String(body.detail), new RegExp(`does not answer ${method};`));
    // Word for word what an App Router route that serves only GET answers.
    const appRouter = await otherMethods('GET')[method as RouteMethod](
      new Request(`${base}/api/clusters/a/stream?v=2`, { method, body: 'x' }),
    );
    assert.deepEqual(body, await appRouter.json());
    assert.equal(appRouter.headers.get('allow'), answer.headers.get('allow'));
  }
  const options = await fetch(`${base}/api/stream`, { method: 'OPTIONS' });
  assert.equal(options.status, 204);
  assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS');
  assert.equal(seen, null, 'the handler never ran');
});

test('a client that goes aborts the request and cancels the body', async () => {
  const before = cancelled;
  await new Promise<void>((resolve, reject) => {
    const req = http.get(`${base}/endless`, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => undefined);
    req.on('timeout', reject);
  });
  for (let i = 0; i < 400 && cancelled === before; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(cancelled, before + 1);
  assert.equal(seen?.signal.aborted, true);
});
