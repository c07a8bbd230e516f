import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemTypeOf } from '../api/problem';
import { foreignRequestProblem, readJsonBody } from './guard';

const URL_ = 'http://127.0.0.1:3000/api/external-services';
const post = (headers: Record<string, string>, body = '{}') =>
  new Request(URL_, { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers }, body });

describe('foreignRequestProblem (CSRF guard)', () => {
  const json = { 'content-type': 'application/json' };
  it('lets a same-origin JSON write through', () => {
    assert.equal(
      foreignRequestProblem(
        post({ ...json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }),
      ),
      undefined,
    );
    assert.equal(
      foreignRequestProblem(
        post({
          'content-type': 'application/json; charset=utf-8',
          origin: 'http://127.0.0.1:3000',
        }),
      ),
      undefined,
    );
  });
  for (const [title, headers, status] of [
    ['a missing Origin', { ...json }, 403],
    ['a foreign Origin', { ...json, origin: 'https://evil.example' }, 403],
    ['Origin null (sandboxed frame, file:)', { ...json, origin: 'null' }, 403],
    ['another port on the same host', { ...json, origin: 'http://127.0.0.1:3001' }, 403],
    ['another scheme', { ...json, origin: 'https://127.0.0.1:3000' }, 403],
    [
      'Sec-Fetch-Site cross-site',
      { ...json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'cross-site' },
      403,
    ],
    [
      'Sec-Fetch-Site same-site',
      { ...json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-site' },
      403,
    ],
    [
      'Sec-Fetch-Site none (typed into the address bar)',
      { ...json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'none' },
      403,
    ],
    [
      'a text/plain body (no preflight)',
      { 'content-type': 'text/plain', origin: 'http://127.0.0.1:3000' },
      415,
    ],
    [
      'a form-encoded body',
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:3000' },
      415,
    ],
    ['no content type', { origin: 'http://127.0.0.1:3000' }, 415],
    [
      'X-Forwarded-Host does not make a foreign origin ours',
      { ...json, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
      403,
    ],
  ] as const) {
    it(`refuses ${title}`, () => {
      const refused = foreignRequestProblem(post(headers));
      assert.ok(refused);
      assert.equal(refused.status, status);
    });
  }
  it('reads are refused only when cross-site', () => {
    const get = (headers: Record<string, string>) =>
      new Request(URL_, { headers: { host: '127.0.0.1:3000', ...headers } });
    assert.equal(foreignRequestProblem(get({})), undefined);
    assert.equal(foreignRequestProblem(get({ 'sec-fetch-site': 'same-origin' })), undefined);
    assert.equal(foreignRequestProblem(get({ 'sec-fetch-site': 'cross-site' }))?.status, 403);
  });
  it('refuses a rebinding name even when Origin and Host agree, for reads and writes', () => {
    const rebinding = { host: 'evil.example:3000', origin: 'http://evil.example:3000' };
    const write = new Request('http://evil.example:3000/api/external-services', {
      method: 'POST',
      headers: { ...json, ...rebinding, 'sec-fetch-site': 'same-origin' },
      body: '{}',
    });
    const refused = foreignRequestProblem(write);
    assert.equal(refused?.status, 403);
    assert.match(refused?.detail ?? '', /does not answer to the name evil\.example/);
    const read = new Request('http://evil.example:3000/api/graph', { headers: rebinding });
    assert.equal(foreignRequestProblem(read)?.status, 403);
  });
  it('refuses a request with no Host header', () => {
    assert.match(foreignRequestProblem(new Request(URL_))?.detail ?? '', /no valid Host/);
  });
  /** An endless body of 64 KiB chunks, counting how many the reader pulled. */
  const endlessPost = (headers: Record<string, string>) => {
    const counter = { pulled: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        counter.pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request(URL_, {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
    return { request, counter };
  };
  it('refuses a body larger than the limit by its Content-Length, before reading it', async () => {
    const { request, counter } = endlessPost({ 'content-length': String(200 * 1024 * 1024) });
    const read = await readJsonBody(request);
    assert.ok(!read.ok);
    assert.equal(read.problem.status, 413);
    assert.ok(
      counter.pulled <= 1,
      `pulled ${counter.pulled} chunks of a body refused by its length`,
    );
  });
  it('stops reading an endless body without Content-Length at the limit', async () => {
    const { request, counter } = endlessPost({});
    const read = await readJsonBody(request);
    assert.ok(!read.ok);
    assert.equal(read.problem.status, 413);
    // 256 KiB is four 64 KiB chunks; reading stops at the fifth (plus the stream's look-ahead).
    assert.ok(counter.pulled <= 7, `pulled ${counter.pulled} chunks`);
  });
  it('refuses oversized and non-JSON bodies', async () => {
    const big = await readJsonBody(post({}, `"${'x'.repeat(300_000)}"`));
    assert.ok(!big.ok);
    assert.equal(big.problem.status, 413);
    assert.equal(problemTypeOf(big.problem), 'body-too-large');
    const bad = await readJsonBody(post({}, '{nope'));
    assert.ok(!bad.ok);
    assert.equal(bad.problem.status, 400);
    assert.equal(problemTypeOf(bad.problem), 'bad-request');
    const good = await readJsonBody(post({}, '{"a":1}'));
    assert.deepEqual(good.ok && good.value, { a: 1 });
  });
});
