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
