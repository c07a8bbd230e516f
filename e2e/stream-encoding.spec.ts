/**
 * The stream's coding as the standalone server sends it: a tab that accepts gzip gets a gzip
 * body labelled `Content-Encoding: gzip`, which a client decodes to the SSE stream; an answer on
 * the stream's paths that is not gzip — the proxy's refusals, a method the stream does not take
 * — carries no such label, and a client reads it as it is.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { SseParser } from '../lib/stream/sse';
import { test, expect } from './fixtures';

test.use({ scenario: 'seed' });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One answer, read whole, as it came on the wire (no decoding). */
function ask(url: string, headers: Record<string, string>, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('a gzip stream is decoded by a client; error answers on its paths are not labelled gzip', async ({
  baseURL,
}) => {
  const gzip = { 'accept-encoding': 'gzip, deflate, br, zstd' };

  // The stream: gzip on the wire, the snapshot once inflated.
  const events = await new Promise<{ encoding: string; events: string[] }>((resolve, reject) => {
    const req = http.get(`${baseURL}/api/stream?v=2`, { headers: gzip }, (res) => {
      const encoding = String(res.headers['content-encoding'] ?? '');
      const parser = new SseParser();
      const seen: string[] = [];
      const inflate = zlib.createGunzip();
      inflate.setEncoding('utf8');
      inflate.on('data', (text: string) => {
        for (const m of parser.push(text)) seen.push(m.event);
        if (seen.includes('snapshot')) {
          req.destroy();
          resolve({ encoding, events: seen });
        }
      });
      inflate.on('error', reject);
      res.pipe(inflate);
    });
    req.on('error', () => undefined);
  });
  expect(events.encoding).toBe('gzip');
  expect(events.events).toContain('snapshot');

  // The proxy's refusals (a foreign Host, a path that does not decode): plain problem JSON.
  const foreign = await ask(`${baseURL}/api/stream?v=2`, { ...gzip, host: 'evil.example' });
  expect(foreign.status).toBe(403);
  expect(foreign.headers['content-encoding']).toBeUndefined();
  expect(JSON.parse(foreign.body)).toMatchObject({ status: 403 });
  const undecodable = await ask(`${baseURL}/api/clusters/%ZZ/stream?v=2`, gzip);
  expect(undecodable.status).toBe(400);
  expect(undecodable.headers['content-encoding']).toBeUndefined();
  expect(JSON.parse(undecodable.body)).toMatchObject({ status: 400 });

  // A method the stream does not take.
  const post = await ask(`${baseURL}/api/stream?v=2`, gzip, 'POST');
  expect(post.status).toBe(405);
  expect(post.headers['content-encoding']).toBeUndefined();

  // The stream's own problem (an unknown cluster) is gzip, and labelled so.
  const unknown = await new Promise<Answer>((resolve, reject) => {
    http
      .get(`${baseURL}/api/clusters/nowhere/stream?v=2`, { headers: gzip }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: zlib.gunzipSync(Buffer.concat(chunks)).toString('utf8'),
          }),
        );
      })
      .on('error', reject);
  });
  expect(unknown.status).toBe(404);
  expect(unknown.headers['content-encoding']).toBe('gzip');
  expect(JSON.parse(unknown.body)).toMatchObject({ status: 404 });
});
