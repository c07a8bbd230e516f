/**
 * Whatever a client sends, the handler chain answers with a Status-shaped JSON body and a
 * Content-Type, never a 500, and keeps serving: random methods, paths, query strings, content
 * types and bodies (fast-check), through the same handler the HTTP server uses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { RunningEmulator } from '../server';
import { startCore } from './testing/support';

let em: RunningEmulator;
before(async () => {
  em = await startCore();
});
after(() => em.stop());

const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'apis',
    'v1',
    'apps',
    'discovery.k8s.io',
    'namespaces',
    'default',
    'pods',
    'services',
    'endpoints',
    'endpointslices',
    'deployments',
    'replicasets',
    'nodes',
    'events',
    'status',
    'scale',
    'finalize',
    'binding',
    'watch',
    'x',
  ),
  fc.string({ maxLength: 6 }).map((s) => encodeURIComponent(s)),
);

const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'watch',
        'labelSelector',
        'fieldSelector',
        'limit',
        'continue',
        'resourceVersion',
        'resourceVersionMatch',
        'dryRun',
        'fieldValidation',
        'timeoutSeconds',
        'gracePeriodSeconds',
        'propagationPolicy',
        'sendInitialEvents',
        'allowWatchBookmarks',
      ),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('1', 'true', '0', 'All', 'a in (b', '!x'),
      ),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      apiVersion: fc.constantFrom('v1', 'apps/v1', 'discovery.k8s.io/v1', 'bogus'),
      kind: fc.constantFrom('Pod', 'Service', 'Endpoints', 'Deployment', 'Namespace', 'Nope'),
      metadata: fc.oneof(
        fc.record({
          name: fc.string({ maxLength: 10 }),
          namespace: fc.constantFrom('default', 'x'),
        }),
        fc.constant(null),
        fc.string(),
      ),
      spec: fc.anything({ maxDepth: 2 }),
    })
    .map((o) => JSON.stringify(o)),
);

describe('fuzzed requests', () => {
  it('always get a JSON answer with a Content-Type and never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
        fc.array(segment, { minLength: 1, maxLength: 7 }),
        query,
        fc.constantFrom(
          'application/json',
          'application/yaml',
          'application/merge-patch+json',
          'application/json-patch+json',
          'application/strategic-merge-patch+json',
          'application/apply-patch+yaml',
          'application/vnd.kubernetes.protobuf',
          'text/plain',
        ),
        body,
        async (method, segs, q, contentType, text) => {
          const url = `${em.url}/${segs.join('/')}${q ? `?${q}` : ''}`;
          const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
          const abort = new AbortController();
          const res = await em.fetch(
            new Request(url, {
              method,
              headers: { 'content-type': contentType, authorization: `Bearer ${em.adminToken}` },
              body: hasBody ? text : undefined,
              signal: abort.signal,
            }),
          );
          assert.ok(res.headers.get('content-type'), `no Content-Type for ${method} ${url}`);
          assert.notEqual(res.status, 500, `${method} ${url} ${contentType} ${text}`);
          const isWatch = res.status === 200 && /watch/.test(url);
          if (isWatch) {
            abort.abort();
            await res.body?.cancel();
          } else if (method !== 'HEAD') {
            const payload = await res.text();
            if (res.status >= 400) {
              const status = JSON.parse(payload) as { kind: string; code: number };
              assert.equal(status.kind, 'Status');
              assert.equal(status.code, res.status);
            }
          }
        },
      ),
      { numRuns: 400, seed: 42 },
    );
    const ok = await em.fetch(
      new Request(`${em.url}/api/v1/namespaces`, {
        headers: { authorization: `Bearer ${em.adminToken}` },
      }),
    );
    assert.equal(ok.status, 200);
  });
});
