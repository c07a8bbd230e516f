/**
 * What a failed stream is: refused (401, 403 — retrying will not help) or worth retrying (a 5xx,
 * a network error, a dashboard answering again), learnt by asking the same URL once more.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRefusal, learnRefusal } from './stream-refusal';

const problem = (status: number, detail: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 't', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

describe('a failed stream', () => {
  it('401 and 403 are refusals; 5xx, 404, 429 and 200 are not', () => {
    assert.ok(isRefusal(401));
    assert.ok(isRefusal(403));
    for (const status of [200, 404, 429, 500, 502, 503]) assert.ok(!isRefusal(status), `${status}`);
  });

  it('learns the refusal and its words from the same URL, with the session cookie', async () => {
    const asked: { url: string; init: RequestInit | undefined }[] = [];
    const refusal = await learnRefusal('/api/stream?v=2', async (url, init) => {
      asked.push({ url: String(url), init });
      return problem(401, 'Your token is no longer accepted. Sign in again.');
    });
    assert.deepEqual(refusal, {
      status: 401,
      detail: 'Your token is no longer accepted. Sign in again.',
    });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.url, '/api/stream?v=2');
    assert.equal(asked[0]!.init?.credentials, 'same-origin');
    const forbidden = await learnRefusal('/api/clusters/b/stream?v=2', async () =>
      problem(403, 'Cluster "b" does not accept your token.'),
    );
    assert.deepEqual(forbidden, { status: 403, detail: 'Cluster "b" does not accept your token.' });
    const bare = await learnRefusal('/x', async () => new Response('nope', { status: 403 }));
    assert.deepEqual(bare, { status: 403, detail: '' });
  });

  it('a server error, the network, or a stream that opens again: retry', async () => {
    assert.equal(await learnRefusal('/x', async () => problem(503, 'shutting down')), null);
    assert.equal(
      await learnRefusal('/x', async () => {
        throw new TypeError('fetch failed');
      }),
      null,
    );
    // A stream that answers again is not read: it is closed at once.
    let signal: AbortSignal | undefined;
    const open = await learnRefusal('/x', async (_url, init) => {
      signal = init?.signal ?? undefined;
      return new Response(new ReadableStream(), { status: 200 });
    });
    assert.equal(open, null);
    assert.equal(signal?.aborted, true);
  });
});
