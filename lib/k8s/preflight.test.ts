import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { preflight } from './preflight';
import { kubeConfigFor } from './testing/helpers';

async function serve(t: TestContext, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

const status = (res: http.ServerResponse, code: number, reason: string, message: string) => {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }),
  );
};

test('passes with /version and a namespace list, sending the bearer token', async (t) => {
  const seen: string[] = [];
  const url = await serve(t, (req, res) => {
    seen.push(`${req.url} ${req.headers.authorization}`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(req.url === '/version' ? '{"gitVersion":"v1.33.1"}' : '{"items":[]}');
  });
  assert.deepEqual(await preflight(kubeConfigFor(url, 'tok')), {
    ok: true,
    server: url,
    version: 'v1.33.1',
  });
  assert.deepEqual(seen, ['/version Bearer tok', '/api/v1/namespaces?limit=1 Bearer tok']);
});

test('rejected credentials (401) and missing permission (403) say so', async (t) => {
  const url401 = await serve(t, (_req, res) => status(res, 401, 'Unauthorized', 'Unauthorized'));
  const r1 = await preflight(kubeConfigFor(url401, 'bad'));
  assert.equal(r1.ok, false);
  assert.match(!r1.ok ? r1.message : '', /rejected the credentials \(401/);
  const url403 = await serve(t, (req, res) => {
    if (req.url === '/version') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"gitVersion":"v1.30.0"}');
    } else
      status(
        res,
        403,
        'Forbidden',
        'namespaces is forbidden: User "x" cannot list resource "namespaces"',
      );
  });
  const r2 = await preflight(kubeConfigFor(url403, 'x'));
  assert.match(!r2.ok ? r2.message : '', /not allowed.*403.*cannot list resource "namespaces"/);
});

test('an unreachable cluster says it cannot reach it', async (t) => {
  const url = await serve(t, () => {});
  // A port nothing listens on: take a free one and close it.
  const free = http.createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const port = (free.address() as net.AddressInfo).port;
  await new Promise<void>((r) => free.close(() => r()));
  const r = await preflight(kubeConfigFor(`http://127.0.0.1:${port}`));
  assert.match(
    !r.ok ? r.message : '',
    /cannot reach the cluster at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
  );
  // A server that accepts but never answers: the timeout says so too.
  const silent = await preflight(kubeConfigFor(url), 300);
  assert.match(!silent.ok ? silent.message : '', /no answer within/);
});
