import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { encodeHeartbeat, encodeStreamEvent } from '../stream/sse';
import { acceptsGzip, compressStream, encodeForWire, gzipAnswers } from './stream-compression';

const encoder = new TextEncoder();

/** A source the test pushes chunks into, counting how often it was asked for more. */
function source() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const state = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      pull: () => {
        state.pulls++;
      },
      cancel: () => {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    state,
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

/** Reads a compressed stream as a tab does: compressed byte counts and the inflated text. */
function tab(stream: ReadableStream<Uint8Array>) {
  const inflate = zlib.createGunzip();
  const state = { compressed: 0, text: '', ended: false, error: '' };
  inflate.on('data', (chunk: Buffer) => (state.text += chunk.toString('utf8')));
  // A cancelled stream ends mid-member: the inflater says so, which is expected there.
  inflate.on('error', (error) => (state.error = error.message));
  const reader = stream.getReader();
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      state.compressed += value.byteLength;
      inflate.write(value);
    }
    await new Promise<void>((resolve) => {
      inflate.once('close', resolve);
      inflate.end();
    });
    state.ended = true;
  })();
  return { state, done, cancel: () => reader.cancel() };
}

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

test('gzip for what browsers send; not for gzip;q=…, other codings or no header', () => {
  assert.equal(acceptsGzip(null), false);
  assert.equal(acceptsGzip(''), false);
  assert.equal(acceptsGzip('gzip, deflate, br, zstd'), true);
  assert.equal(acceptsGzip('gzip'), true);
  assert.equal(acceptsGzip('br,gzip'), true);
  assert.equal(acceptsGzip('deflate, gzip , br'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
  assert.equal(acceptsGzip('identity'), false);
  assert.equal(acceptsGzip('deflate, br'), false);
  assert.equal(acceptsGzip('x-gzip'), false);
});

test('every answer of a wrapped handler is gzip when accepted, as it was otherwise', async () => {
  const handler = gzipAnswers(
    async () =>
      new Response('{"type":"problem"}', {
        status: 400,
        headers: { 'content-type': 'application/problem+json', vary: 'Origin' },
      }),
  );
  const plain = await handler(new Request('http://127.0.0.1/api/stream?v=9'));
  assert.equal(plain.status, 400);
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(plain.headers.get('vary'), 'Origin, Accept-Encoding');
  assert.equal(await plain.text(), '{"type":"problem"}');
  const gzip = await handler(
    new Request('http://127.0.0.1/api/stream?v=9', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    }),
  );
  assert.equal(gzip.status, 400);
  assert.equal(gzip.headers.get('content-encoding'), 'gzip');
  assert.equal(gzip.headers.get('content-type'), 'application/problem+json');
  const bytes = Buffer.from(await gzip.arrayBuffer());
  assert.equal(zlib.gunzipSync(bytes).toString('utf8'), '{"type":"problem"}');
});

test('each frame arrives whole while the stream stays open (flushed, not held for more)', async () => {
  const src = source();
  const reader = tab(compressStream(src.stream));
  const frames = [
    encodeStreamEvent({ type: 'status', sync: { kinds: {}, connection: 'live' } }),
    encodeHeartbeat(),
    encodeStreamEvent({ type: 'delta', deletes: [{ kind: 'Pod', uid: 'u1' }] }, 'e.2'),
  ];
  let expected = '';
  for (const frame of frames) {
    src.push(frame);
    expected += frame;
    await until('the frame inflated on the reading side', () => reader.state.text === expected);
  }
  assert.equal(reader.state.ended, false);
  src.close();
  await reader.done;
  assert.equal(reader.state.text, expected);
});

test('cancelling the compressed stream cancels the source (the hub lets the tab go)', async () => {
  const src = source();
  const reader = tab(compressStream(src.stream));
  src.push(encodeHeartbeat());
  await until('the heartbeat', () => reader.state.text === encodeHeartbeat());
  await reader.cancel();
  await until('the source cancelled', () => src.state.cancelled);
});

test('a tab that does not read stops the source being read (backpressure reaches the hub)', async () => {
  let produced = 0;
  const noisy = new ReadableStream<Uint8Array>(
    {
      pull: (c) => {
        produced++;
        // Incompressible bytes, so the compressor's output fills the stream's queue.
        c.enqueue(Uint8Array.from({ length: 16 * 1024 }, () => Math.floor(Math.random() * 256)));
      },
    },
    { highWaterMark: 0 },
  );
  const compressed = compressStream(noisy);
  compressed.getReader(); // a reader that never reads
  // Without backpressure the source would be read as fast as zlib goes: hundreds of chunks.
  for (let i = 0; i < 40; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(produced < 20, `read ${produced} chunks of 16 KiB for a tab that reads nothing`);
});

test('the bytes counted as sent are the compressed bytes the tab reads, the text otherwise', async () => {
  const text = [
    encodeStreamEvent({ type: 'status', sync: { kinds: {}, connection: 'live' } }),
    encodeHeartbeat(),
    encodeStreamEvent({ type: 'status', sync: { kinds: {}, connection: 'live' } }),
  ];
  const answer = () => {
    const src = source();
    for (const frame of text) src.push(frame);
    src.close();
    return new Response(src.stream, { headers: { 'content-type': 'text/event-stream' } });
  };
  let sent = 0;
  const gzip = encodeForWire(
    new Request('http://127.0.0.1/api/stream?v=2', { headers: { 'accept-encoding': 'gzip' } }),
    answer(),
    (bytes) => (sent += bytes),
  );
  assert.equal(gzip.headers.get('content-encoding'), 'gzip');
  const reader = tab(gzip.body!);
  await reader.done;
  assert.equal(reader.state.text, text.join(''));
  assert.equal(sent, reader.state.compressed);
  assert.notEqual(sent, Buffer.byteLength(text.join('')));

  sent = 0;
  const plain = encodeForWire(
    new Request('http://127.0.0.1/api/stream?v=2'),
    answer(),
    (bytes) => (sent += bytes),
  );
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(await plain.text(), text.join(''));
  assert.equal(sent, Buffer.byteLength(text.join('')));
});

test('an answer the handler already encoded passes through as it is', async () => {
  const encoded = zlib.gzipSync('data: x\n\n');
  const handler = gzipAnswers(
    async () => new Response(encoded, { headers: { 'content-encoding': 'gzip' } }),
  );
  const answer = await handler(
    new Request('http://127.0.0.1/api/stream?v=2', { headers: { 'accept-encoding': 'gzip' } }),
  );
  assert.equal(answer.headers.get('content-encoding'), 'gzip');
  assert.deepEqual(Buffer.from(await answer.arrayBuffer()), encoded);
});
