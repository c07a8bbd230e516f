/**
 * The guarded GET around `onResponse` (where the watch loop runs its identity check, a request of
 * its own, while the watch's response is open): when the connection dies meanwhile, the request
 * fails at once as a lost connection instead of waiting for the hang timer on a response whose
 * 'close' came before anyone listened; when the check fails, the watch's connection is closed,
 * so the server ends the watch instead of holding it until its timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeTransport } from './transport';
import { guardedGet } from './watch-request';
import { realClock } from './watch-timing';

test('a connection that dies while onResponse runs fails the request, not the hang timer', async (t) => {
  // Headers and one event, then the connection is cut mid-body.
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"type":"ADDED","object":{}}\n', () => setTimeout(() => res.socket?.destroy(), 20));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const transport: KubeTransport = {
    server: url,
    get: (path, signal) =>
      new Promise((resolve, reject) => {
        http.get(`${url}${path}`, { signal }, resolve).on('error', reject);
      }),
  } as KubeTransport;
  const texts: string[] = [];
  const outcome = await guardedGet(
    { transport, clock: realClock, hangTimeoutMs: 5_000, abort: new AbortController() },
    '/watch',
    async (res) => {
      // Long enough for the cut to arrive before anything listens to the body.
      await new Promise<void>((resolve) => res.socket?.once('close', () => resolve()));
      return true;
    },
    (text) => texts.push(text),
  ).then(
    () => 'ended',
    (error: Error) => error.message,
  );
  assert.equal(outcome, 'connection closed before the response was read');
});

test(
  'when onResponse throws, the response is closed, so the server ends its watch',
  { timeout: 30_000 },
  async (t) => {
    // A watch that never ends on its own: one event, then silence.
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{}}\n');
      req.socket.once('close', () => serverSawClose());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const transport: KubeTransport = {
      server: url,
      get: (path, signal) =>
        new Promise((resolve, reject) => {
          http.get(`${url}${path}`, { signal }, resolve).on('error', reject);
        }),
    } as KubeTransport;
    const outcome = await guardedGet(
      { transport, clock: realClock, hangTimeoutMs: 60_000, abort: new AbortController() },
      '/watch',
      () => Promise.reject(new Error('the identity check was not answered')),
      () => undefined,
    ).then(
      () => 'ended',
      (error: Error) => error.message,
    );
    assert.equal(outcome, 'the identity check was not answered');
    // Left open, the connection would outlive the test's timeout.
    await closed;
  },
);
