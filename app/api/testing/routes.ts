/**
 * Test support for the route handler tests: requests as a same-origin page (or a stranger)
 * would send them, calls of a route's exported handler with its parameters, and reading the
 * problem answers. Handlers are called directly — no Next server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBLEM_CONTENT_TYPE, problemTypeOf, type Problem } from '@/lib/api/problem';

export const ORIGIN = 'http://127.0.0.1:3000';

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  /** A value is sent as JSON; a string as it is. */
  body?: unknown;
}

export const SAME_ORIGIN = { origin: ORIGIN, 'content-type': 'application/json' };

export function request(path: string, init: CallInit = {}): Request {
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === 'string'
        ? init.body
        : JSON.stringify(init.body);
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers: { host: '127.0.0.1:3000', ...init.headers },
    ...(body !== undefined ? { body } : {}),
  });
}

type Handler<P> = (request: Request, context?: { params?: Promise<P> }) => Promise<Response>;

/**
 * Calls a route handler for `path` as Next does: `params` are what Next would decode from the
 * path; a route without dynamic segments gets a context without them.
 */
export function call<P>(handler: Handler<P>, path: string, init: CallInit = {}, params?: P) {
  return handler(request(path, init), params ? { params: Promise.resolve(params) } : {});
}

/** Asserts an RFC 9457 answer of the given type and returns its body. */
export async function expectProblem(
  response: Response,
  type: string,
  status: number,
): Promise<Problem> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(response.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
  const body = JSON.parse(text) as Problem;
  assert.equal(problemTypeOf(body), type, text);
  assert.equal(body.status, status);
  assert.ok(body.title && body.detail && body.instance, text);
  return body;
}

export async function expectJson<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** A copy of a kubeconfig with another API server URL (a proxy in front of the cluster). */
export function kubeconfigVia(kubeconfig: string, server: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-routes-'));
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    readFileSync(kubeconfig, 'utf8').replace(/server:\s*\S+/, `server: ${server}`),
  );
  return file;
}

/** Repeats `probe` until it returns true (bounded). */
export async function eventually(what: string, probe: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}
