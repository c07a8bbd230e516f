/**
 * Wrong methods and unknown paths without Next: the handlers route files export answer the
 * problem shape, 405 with `Allow`, 404 naming the path. (That Next reaches them is checked
 * against a build.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROBLEM_CONTENT_TYPE, problemTypeOf, type Problem } from '../api/problem';
import { allowHeader, otherMethods, unknownPath } from './api-methods';
import * as externalServices from '../../app/api/external-services/route';
import * as catchAll from '../../app/api/[...path]/route';

const ORIGIN = 'http://127.0.0.1:3000';
const request = (path: string, method: string) =>
  new Request(`${ORIGIN}${path}`, { method, headers: { host: '127.0.0.1:3000' } });

async function problemOf(response: Response): Promise<Problem> {
  assert.equal(response.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
  const body = (await response.json()) as Problem;
  assert.equal(body.status, response.status);
  return body;
}

describe('otherMethods', () => {
  it('answers a method the route does not serve with a 405 problem and Allow', async () => {
    const { POST } = otherMethods('GET');
    const response = await POST(request('/api/graph', 'POST'));
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD, OPTIONS');
    const p = await problemOf(response);
    assert.equal(problemTypeOf(p), 'method-not-allowed');
    assert.equal(p.instance, '/api/graph');
    assert.match(p.detail, /does not answer POST/);
  });

  it('OPTIONS lists only what the route serves', async () => {
    const response = await otherMethods('GET', 'PUT').OPTIONS(request('/x', 'OPTIONS'));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('allow'), 'GET, PUT, HEAD, OPTIONS');
    assert.equal(allowHeader(['POST']), 'POST, OPTIONS');
  });

  it('a route file exports the refusals: GET /api/external-services is 405, Allow: POST, DELETE', async () => {
    const mod = externalServices as unknown as Record<string, (r: Request) => Promise<Response>>;
    const response = await mod.GET!(request('/api/external-services', 'GET'));
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST, DELETE, OPTIONS');
    assert.equal(problemTypeOf(await problemOf(response)), 'method-not-allowed');
  });
});

describe('unknownPath', () => {
  it('answers any method with a 404 problem naming the path, signed in or not', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const handler = catchAll[method];
      assert.equal(handler, unknownPath);
      const response = await handler(request('/api/nonexistent', method));
      assert.equal(response.status, 404);
      const p = await problemOf(response);
      assert.equal(problemTypeOf(p), 'not-found');
      assert.equal(p.instance, '/api/nonexistent');
      assert.match(p.detail, /no API at \/api\/nonexistent/);
    }
  });
});
