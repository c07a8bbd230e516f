/**
 * FetchEventSource against a real HTTP server on 127.0.0.1, as EventSource behaves: typed events
 * with ids, multi-line data and no-data blocks; an event that spans many chunks, gzip-compressed
 * as the dashboard serves the stream; re-establishing after the stream ends, after the `retry:`
 * the stream set, with `Last-Event-ID`; failing for good on an answer that is not an event
 * stream; and `close()` ending it, with no event after.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { after, before, test } from 'node:test';
import {
  CLOSED,
  CONNECTING,
  FetchEventSource,
  OPEN,
  type StreamMessage,
} from './fetch-event-source';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handle: Handler = (_, response) => response.end();
let server: ReturnType<typeof createServer>;
let base = '';

before(async () => {
  server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const streamHead = { 'content-type': 'text/event-stream; charset=utf-8' };

/** Resolves with the next call of `listen`'s callback. */
function next<T>(listen: (resolve: (value: T) => void) => void) {
  return new Promise<T>((resolve) => listen(resolve));
}

function collect(source: FetchEventSource, ...types: string[]) {
  const got: [string, StreamMessage][] = [];
  for (const type of types) source.addEventListener(type, (m) => got.push([type, m]));
  return got;
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
}

test('opens on an event stream and dispatches typed events with their ids; no-data blocks are not events', async () => {
  const asked: IncomingMessage[] = [];
  handle = (request, response) => {
    asked.push(request);
    response.writeHead(200, streamHead);
    response.write(': comment\n\nretry: 50\n\n');
    response.write('id: 1\nevent: snapshot\ndata: {"a":\ndata: 1}\n\n');
    response.write('event: status\n\n');
    response.write('data: plain\n\nid: 2\nevent: delta\ndata: d\n\nevent: delta\ndata:\n\n');
  };
  const source = new FetchEventSource(`${base}/s`);
  assert.equal(source.readyState, CONNECTING);
  const got = collect(source, 'snapshot', 'status', 'delta', 'message');
  await next<void>((resolve) => (source.onopen = resolve));
  assert.equal(source.readyState, OPEN);
  await until(() => got.length === 4, 'four events');
  source.close();
  assert.deepEqual(got, [
    ['snapshot', { data: '{"a":\n1}', lastEventId: '1' }],
    ['message', { data: 'plain', lastEventId: '1' }],
    ['delta', { data: 'd', lastEventId: '2' }],
    ['delta', { data: '', lastEventId: '2' }],
  ]);
  assert.equal(asked[0]!.headers.accept, 'text/event-stream');
  assert.equal(asked[0]!.headers['last-event-id'], undefined);
});

test('an event of megabytes in many small gzip-compressed chunks arrives whole', async () => {
  const records = Array.from({ length: 40_000 }, (_, i) => ({ uid: `u-${i}`, name: `pod-${i}` }));
  const json = JSON.stringify({ records });
  handle = (_, response) => {
    response.writeHead(200, { ...streamHead, 'content-encoding': 'gzip' });
    const gzip = createGzip();
    gzip.pipe(response);
    const frame = `id: 9\nevent: snapshot\ndata: ${json}\n\n`;
    for (let at = 0; at < frame.length; at += 4096) {
      gzip.write(frame.slice(at, at + 4096));
      gzip.flush();
    }
  };
  const source = new FetchEventSource(`${base}/big`);
  const got = collect(source, 'snapshot');
  await until(() => got.length === 1, 'the snapshot');
  source.close();
  assert.ok(json.length > 1_000_000);
  assert.equal(got[0]![1].data, json);
  assert.equal(got[0]![1].lastEventId, '9');
});

test('when the stream ends it reconnects after retry: with Last-Event-ID, reporting the error first', async () => {
  const asked: (string | undefined)[] = [];
  handle = (request, response) => {
    asked.push(request.headers['last-event-id'] as string | undefined);
    response.writeHead(200, streamHead);
    if (asked.length === 1) response.end('retry: 20\n\nid: 41\nevent: delta\ndata: x\n\n');
    else if (asked.length === 2)
      response.end('event: delta\ndata: y\n\nid: 42\nevent: delta\ndata: z\n\nid: 43\n\n');
    else response.write('event: delta\ndata: last\n\n');
  };
  const source = new FetchEventSource(`${base}/resume`);
  const states: number[] = [];
  source.onerror = () => states.push(source.readyState);
  const got = collect(source, 'delta');
  await until(() => got.length === 4, 'the events of the three connections');
  source.close();
  assert.deepEqual(states, [CONNECTING, CONNECTING], 'an error as each stream ended');
  assert.deepEqual(asked, [undefined, '41', '43'], 'an id without data counts too');
  assert.deepEqual(
    got.map(([, m]) => m),
    [
      { data: 'x', lastEventId: '41' },
      { data: 'y', lastEventId: '41' },
      { data: 'z', lastEventId: '42' },
      { data: 'last', lastEventId: '43' },
    ],
  );
});

test('an answer that is not an event stream fails it for good', async () => {
  for (const answer of [
    (r: ServerResponse) =>
      r.writeHead(401, { 'content-type': 'application/problem+json' }).end('{}'),
    (r: ServerResponse) => r.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    (r: ServerResponse) => r.writeHead(204).end(),
  ]) {
    let asked = 0;
    handle = (_, response) => {
      asked++;
      answer(response);
    };
    const source = new FetchEventSource(`${base}/refused`);
    let opened = false;
    source.onopen = () => (opened = true);
    await next<void>((resolve) => (source.onerror = resolve));
    assert.equal(source.readyState, CLOSED);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(asked, 1, 'not asked again');
    assert.equal(opened, false);
  }
});

test('a server that is not there is retried, as a dropped connection is', async () => {
  const gone = createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const port = (gone.address() as AddressInfo).port;
  await new Promise((resolve) => gone.close(resolve));
  const source = new FetchEventSource(`http://127.0.0.1:${port}/s`);
  await next<void>((resolve) => (source.onerror = resolve));
  assert.equal(source.readyState, CONNECTING);
  source.close();
  assert.equal(source.readyState, CLOSED);
});

test('close() ends it: no event, error or reconnection after', async () => {
  let asked = 0;
  let response: ServerResponse | undefined;
  handle = (_, r) => {
    asked++;
    response = r;
    r.writeHead(200, streamHead);
    r.write('retry: 10\n\nevent: delta\ndata: before\n\n');
  };
  const source = new FetchEventSource(`${base}/close`);
  const got = collect(source, 'delta');
  let errors = 0;
  source.onerror = () => errors++;
  await until(() => got.length === 1, 'the first event');
  source.close();
  response?.write('event: delta\ndata: after\n\n');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(source.readyState, CLOSED);
  assert.deepEqual(
    got.map(([, m]) => m.data),
    ['before'],
  );
  assert.equal(errors, 0);
  assert.equal(asked, 1);
});
