import 'server-only';
/**
 * `GET /api/stream`'s answers gzip-compressed per tab, for clients that accept gzip — every
 * browser's EventSource does.
 *
 * Why: one readiness flip changes four or five records whose patches (lib/stream/record-patch.ts)
 * repeat, flip after flip, the same uids, keys, reasons and messages. A compressor that keeps the
 * stream's recent bytes as its window sends those repeats as back-references, so a flip costs a
 * tab about a tenth of its JSON, and a snapshot about a ninth. Next's own `compress` cannot do
 * this: it flushes with Z_FULL_FLUSH after every chunk, which empties the window. The stream
 * (lib/http/stream-answer.ts) wraps every answer it gives with `gzipAnswers`, and encodes the
 * hub's stream itself with `encodeForWire`, to count what that stream puts on the wire; it is
 * served on Node's response (lib/http/node-answer.ts), where `Content-Encoding` is kept —
 * Next drops it from an App Router route's answer.
 *
 * Contract:
 * - `acceptsGzip(header)`: the `Accept-Encoding` header lists `gzip` as a plain token (what
 *   browsers send; `gzip;q=…` is not taken, and identity is always acceptable);
 * - `encodeForWire(request, response, sent?)`: the answer gzip-compressed when the request
 *   accepts it, with `Vary: Accept-Encoding` either way; `sent` is told the byte count of every
 *   chunk of the body as it leaves (compressed when it is), so a metric of bytes sent counts
 *   what went on the wire, not the SSE text before compression;
 * - `gzipAnswers(handler)`: every answer of the handler (stream, refusal, problem) goes through
 *   `encodeForWire`, except one the handler already encoded (it carries `Content-Encoding`);
 * - `compressStream(source)` is the source's bytes gzip-compressed. Every chunk the source gives
 *   is flushed (Z_SYNC_FLUSH, which keeps the window) before the event loop turns — chunks given
 *   together are flushed together — so a frame is never held back waiting for more;
 * - backpressure holds: the source is read only while the compressed stream wants more and the
 *   compressor is not full, so a stalled tab still fills the hub's bounded queue for it
 *   (lib/k8s/fanout.ts) and is reset there, as without compression;
 * - cancelling the compressed stream cancels the source (the hub releases the tab); the source's
 *   end ends the gzip member;
 * - the JSON frames are still encoded once and shared (a snapshot once per sequence number);
 *   only the compression is per tab: a fast level and an 8 KiB window (64 KiB of state per tab),
 *   which holds several flips — what the stream repeats.
 */
import zlib from 'node:zlib';

/** The `Accept-Encoding` values that get gzip: `gzip` as a plain token of the list. */
const accepted = /^(?:.*,)?\s*gzip\s*(?:,.*)?$/;

export function acceptsGzip(acceptEncoding: string | null): boolean {
  return acceptEncoding !== null && accepted.test(acceptEncoding);
}

/** Compressor settings: fast, and a window of a few flips (see the header). */
const OPTIONS: zlib.ZlibOptions = { level: 4, windowBits: 13, memLevel: 6 };

export function compressStream(source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const gzip = zlib.createGzip(OPTIONS);
  let flushing = false;
  let ended = false;
  const scheduleFlush = () => {
    if (flushing) return;
    flushing = true;
    setImmediate(() => {
      flushing = false;
      if (!ended && !gzip.destroyed) gzip.flush(zlib.constants.Z_SYNC_FLUSH);
    });
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      gzip.on('data', (chunk: Buffer) => {
        try {
          // A view of zlib's output, not a copy: 50 tabs reading a 150k-pod snapshot would
          // otherwise allocate every compressed byte twice outside the heap.
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        } catch {
          // The reader went away; cancel() tears the rest down.
        }
      });
      gzip.once('end', () => {
        try {
          controller.close();
        } catch {
          // Already closed or cancelled.
        }
      });
      gzip.once('error', (error) => controller.error(error));
    },
    async pull() {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        gzip.destroy();
        throw error;
      }
      if (next.done) {
        ended = true;
        gzip.end();
        return;
      }
      if (!gzip.write(next.value)) await new Promise((resolve) => gzip.once('drain', resolve));
      scheduleFlush();
    },
    async cancel(reason) {
      ended = true;
      gzip.destroy();
      await reader.cancel(reason);
    },
  });
}

/** The answer as it goes on the wire for this request (see the header). */
export function encodeForWire(
  request: Request,
  response: Response,
  sent?: (bytes: number) => void,
): Response {
  const headers = new Headers(response.headers);
  headers.append('Vary', 'Accept-Encoding');
  const gzip = acceptsGzip(request.headers.get('accept-encoding'));
  if (gzip) headers.set('Content-Encoding', 'gzip');
  let body = gzip && response.body ? compressStream(response.body) : response.body;
  if (body && sent) body = counted(body, sent);
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Every answer of `handler`, gzip-compressed when the request accepts it (see the header). */
export function gzipAnswers<C>(
  handler: (request: Request, context?: C) => Promise<Response>,
): (request: Request, context?: C) => Promise<Response> {
  return async (request, context) => {
    const response = await handler(request, context);
    if (response.headers.has('content-encoding')) return response;
    return encodeForWire(request, response);
  };
}

/** The source's chunks, each counted as the reader takes it; read only when asked (no buffer). */
function counted(
  source: ReadableStream<Uint8Array>,
  sent: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          return;
        }
        sent(next.value.byteLength);
        controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
