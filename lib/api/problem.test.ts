import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  isProblem,
  problem,
  problemResponse,
  problemTypeOf,
  readProblem,
} from './problem';

describe('problem details', () => {
  it('builds every type with its status and fixed title, extensions beside them', () => {
    for (const type of Object.keys(PROBLEM_TYPES) as (keyof typeof PROBLEM_TYPES)[]) {
      const p = problem(type, 'what happened', { extra: 1 });
      assert.equal(p.status, PROBLEM_TYPES[type].status);
      assert.equal(p.title, PROBLEM_TYPES[type].title);
      assert.equal(p.detail, 'what happened');
      assert.equal(p.extra, 1);
      assert.equal(problemTypeOf(p), type);
      assert.ok(isProblem(p));
    }
  });

  it('extensions never override the standard members', () => {
    const p = problem('not-found', 'x', { status: 200, type: 'evil', title: 't' });
    assert.equal(p.status, 404);
    assert.equal(problemTypeOf(p), 'not-found');
  });

  it('sends Retry-After when the problem says when to come back', () => {
    const limited = problemResponse(
      problem('rate-limited', 'later', { retryAfterSeconds: 42 }),
      '/x',
    );
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '42');
    assert.equal(problemResponse(problem('internal', 'no'), '/x').headers.get('retry-after'), null);
  });

  it('knows only its own types', () => {
    assert.equal(problemTypeOf({ type: 'about:blank' }), undefined);
    assert.equal(
      problemTypeOf({ type: 'tag:switchboard.dev,2025:problem:constructor' }),
      undefined,
    );
  });

  it('reads a problem body, and makes one of anything else', async () => {
    const body = problem('conflict', 'taken', { focus: '/?focus=a/b' });
    const read = await readProblem(
      new Response(JSON.stringify(body), {
        status: 409,
        headers: { 'Content-Type': PROBLEM_CONTENT_TYPE },
      }),
    );
    assert.deepEqual(read, body);
    const html = await readProblem(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    assert.equal(html.status, 502);
    assert.equal(html.detail, 'HTTP 502');
    const text = await readProblem(new Response('upstream down', { status: 503 }));
    assert.equal(text.detail, 'upstream down');
    assert.equal(problemTypeOf(text), undefined);
  });
});
