import 'server-only';
/**
 * A Web handler (Request → Response) served on Node's own request and response, as a Pages
 * Router API route receives them (pages/api/), every header of its answer kept.
 *
 * Why: an App Router route cannot label its body's coding. Next's `sendResponse`
 * (next/dist/server/send-response.js) drops `Content-Encoding`, `Content-Length` and
 * `Transfer-Encoding` from a route's Response (its body may have been decoded by `fetch` on the
 * way), so the stream's gzip (lib/http/stream-compression.ts) needed the label from
 * next.config.js, set on the path before any route ran — on Next's and the proxy's own answers
 * too (a 403 problem in plain JSON labelled gzip: a broken answer instead of an error). Written
 * here, the label comes with the body it describes.
 *
 * Contract:
 * - the handler gets the method, the URL as the client asked it (path and query on the Host it
 *   named), the headers, and a signal aborted when the response closes (the client went);
 * - `GET` and `HEAD` only (HEAD: the GET's status and headers, no body); any other method is
 *   answered as the App Router API answers one (lib/http/api-methods.ts): a 405 problem with
 *   `Allow`, and OPTIONS 204 with `Allow` — the handler never runs for them;
 * - the answer's status and every header are written as they are, then the body chunk by chunk
 *   as the handler gives it (Next's `compress` is off: nothing buffers a frame), waiting for the
 *   socket to drain so a slow client holds the source back; the client going cancels the body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodOptions, methodRefusal, type RouteMethod } from './api-methods';

/** What a handler served here answers to: GET (and HEAD, from it). */
const SERVED: readonly RouteMethod[] = ['GET'];

export async function serveOnNode(
  req: IncomingMessage,
  res: ServerResponse,
  handler: (request: Request) => Promise<Response>,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer =
      method === 'OPTIONS' ? methodOptions(SERVED) : methodRefusal(SERVED, method, pathname);
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
    return;
  }
  const aborted = new AbortController();
  res.once('close', () => aborted.abort());
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method: 'GET',
    headers,
    signal: aborted.signal,
  });
  const answer = await handler(request);
  res.statusCode = answer.status;
  if (answer.statusText) res.statusMessage = answer.statusText;
  const cookies = answer.headers.getSetCookie();
  answer.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!answer.body || req.method === 'HEAD') {
    await answer.body?.cancel();
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = answer.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  res.once('close', cancel);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    res.end();
  } catch {
    // The source failed mid-answer: the client sees the connection end, as with Next's pipe.
    res.destroy();
  } finally {
    res.off('close', cancel);
  }
}
