/**
 * Whatever a client sends, the handler chain answers with a Status-shaped JSON body and a
 * Content-Type, never a 500, and keeps serving: random methods, paths, query strings, content
 * types and bodies (fast-check), through the same handler the HTTP server uses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { RunningEmulator } from '../server';
import { RESOURCE_NAMES, RESOURCES } from '../core/resources';
import { startCore } from './testing/support';
import { FIXTURES, fieldPaths, wrongValues, withValue } from './testing/wrong-types';

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

/**
 * Every field of every stored kind given a value of another JSON type, by create, update, merge
 * patch, strategic merge patch and server-side apply: where the schema pins the type the answer
 * is the decoder's 400 (create/update) or 422 (patches; a strategic merge patch may also be
 * refused with 400 while merging; an apply with structured-merge-diff's typed-patch 500), and no
 * other 500 anywhere — open objects may take the value.
 */
describe('wrongly typed fields of every stored kind', () => {
  const auth = () => ({ authorization: `Bearer ${em.adminToken}` });
  const send = async (method: string, path: string, type: string, body: unknown) => {
    const res = await em.fetch(
      new Request(`${em.url}${path}`, {
        method,
        headers: { 'content-type': type, ...auth() },
        body: JSON.stringify(body),
      }),
    );
    const text = await res.text();
    return { status: res.status, text };
  };
  const OPS = [
    { op: 'create', method: 'POST', type: 'application/json', expected: [400] },
    { op: 'update', method: 'PUT', type: 'application/json', expected: [400] },
    { op: 'merge', method: 'PATCH', type: 'application/merge-patch+json', expected: [422] },
    {
      op: 'strategic',
      method: 'PATCH',
      type: 'application/strategic-merge-patch+json',
      expected: [400, 422],
    },
    // Server-side apply: structured-merge-diff's typed conversion is upstream's plain-error 500.
    {
      op: 'apply',
      method: 'PATCH',
      type: 'application/apply-patch+yaml',
      expected: [400, 422, 500],
    },
  ] as const;
  const TYPED_PATCH = 'failed to create typed patch object';

  for (const resource of RESOURCE_NAMES) {
    const fixture = FIXTURES[resource];
    if (!fixture) continue;
    it(`${resource}: 400/422 with a Status, never a 500`, async () => {
      const info = RESOURCES[resource];
      const base = `${info.group ? `/apis/${info.group}` : '/api'}/${info.version}${info.namespaced ? '/namespaces/default' : ''}/${resource}`;
      const name = `fz-${resource}`;
      const created = await send('POST', base, 'application/json', {
        ...fixture,
        apiVersion: info.apiVersion,
        kind: info.kind,
        metadata: { name },
      });
      assert.equal(created.status, 201, created.text);
      const stored = JSON.parse(created.text) as Record<string, unknown>;
      const failures: string[] = [];
      for (const [i, field] of fieldPaths(resource).entries()) {
        for (const [j, o] of OPS.entries()) {
          const values = wrongValues(field.type);
          const value = values[(i + j) % values.length];
          // Creates are of a fresh name, the wrong value set last (it may be metadata itself).
          const fresh = withValue(
            withValue(stored, ['metadata', 'resourceVersion'], undefined),
            ['metadata', 'name'],
            `${name}-${i}`,
          );
          const object = withValue(o.op === 'create' ? fresh : stored, field.segments, value);
          const top = field.segments[0] as string;
          // Updates and patches are dry runs, so the fixture stays valid for the next path.
          const path =
            o.op === 'create'
              ? `${base}?dryRun=All`
              : `${base}/${name}?dryRun=All${o.op === 'apply' ? '&fieldManager=fz' : ''}`;
          const body =
            o.op === 'create' || o.op === 'update'
              ? object
              : o.op === 'apply'
                ? {
                    apiVersion: info.apiVersion,
                    kind: info.kind,
                    metadata: { name },
                    [top]: object[top],
                  }
                : { [top]: object[top] };
          const res = await send(o.method, path, o.type, body);
          const where = `${o.op} ${field.segments.join('.')} = ${JSON.stringify(value)}: ${res.status} ${res.text.slice(0, 300)}`;
          const typedPatch = o.op === 'apply' && res.text.includes(TYPED_PATCH);
          if (res.status === 500 && !typedPatch) failures.push(where);
          else if (res.status >= 400) {
            const status = JSON.parse(res.text) as { kind?: string; code?: number };
            if (status.kind !== 'Status' || status.code !== res.status) failures.push(where);
            else if (
              field.typed &&
              !(o.expected as readonly number[]).includes(res.status) &&
              // SMD takes any scalar for an IntOrString, so an apply may conflict before the
              // Go decode refuses a bool.
              !(o.op === 'apply' && field.type === 'int-or-string' && res.status === 409)
            )
              failures.push(where);
          } else if (field.typed) failures.push(where);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});

/**
 * Every DeleteOptions field given a value of another JSON type, on a DELETE of one object and of
 * a collection: the decoder's 400 with a Status, and the objects are still there.
 */
describe('wrongly typed DeleteOptions bodies', () => {
  const FIELDS = {
    gracePeriodSeconds: 'integer',
    orphanDependents: 'boolean',
    propagationPolicy: 'string',
    preconditions: 'object',
    dryRun: 'array',
  };
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await em.fetch(
      new Request(`${em.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${em.adminToken}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: res.status, text: await res.text() };
  };
  it('are refused before anything is deleted', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    const made = await send('POST', base, { metadata: { name: 'fz-del' }, data: {} });
    assert.equal(made.status, 201, made.text);
    const failures: string[] = [];
    for (const [field, type] of Object.entries(FIELDS)) {
      for (const value of wrongValues(type)) {
        for (const path of [`${base}/fz-del`, base]) {
          const res = await send('DELETE', path, { [field]: value });
          const status = JSON.parse(res.text) as { kind?: string; code?: number };
          if (res.status !== 400 || status.kind !== 'Status' || status.code !== 400)
            failures.push(`${path} ${field}=${JSON.stringify(value)}: ${res.status} ${res.text}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.equal((await send('GET', `${base}/fz-del`)).status, 200);
  });
});
