/**
 * PATCH over real HTTP: JSON patch, merge patch, strategic merge patch with merge keys, 415 and
 * 404, and server-side apply creating then re-applying (more in ./patch-apply.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { call, deployment, startCore } from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
});
after(() => em.stop());

describe('patch', () => {
  before(async () => {
    await call(base, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      ...deployment('web'),
      spec: {
        ...deployment('web').spec,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1',
                ports: [{ containerPort: 80 }, { containerPort: 443 }],
              },
              { name: 'sidecar', image: 'busybox:1' },
            ],
          },
        },
      },
    });
  });

  const path = '/apis/apps/v1/namespaces/default/deployments/web';
  const containers = (b: Record<string, unknown>) =>
    (
      b.spec as {
        template: {
          spec: {
            containers: { name: string; image: string; ports?: { containerPort: number }[] }[];
          };
        };
      }
    ).template.spec.containers;

  it('applies a JSON patch (client-node default)', async () => {
    const r = await call(
      base,
      'PATCH',
      path,
      [
        { op: 'replace', path: '/spec/replicas', value: 2 },
        { op: 'add', path: '/metadata/labels', value: { j: 'p' } },
      ],
      { 'content-type': 'application/json-patch+json' },
    );
    assert.equal(r.status, 200);
    assert.equal((r.body.spec as { replicas: number }).replicas, 2);
    assert.deepEqual((r.body.metadata as { labels: object }).labels, { j: 'p' });
  });

  it('applies a merge patch (kubectl label/annotate)', async () => {
    const r = await call(
      base,
      'PATCH',
      path,
      { metadata: { labels: { j: null, m: 'x' }, annotations: { a: 'b' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.deepEqual((r.body.metadata as { labels: object }).labels, { m: 'x' });
  });

  it('applies a strategic merge patch with merge keys and $patch: delete (kubectl apply/edit)', async () => {
    const r = await call(
      base,
      'PATCH',
      path,
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'nginx:2',
                  ports: [{ containerPort: 443, $patch: 'delete' }],
                },
                { name: 'sidecar', $patch: 'delete' },
              ],
            },
          },
        },
      },
      { 'content-type': 'application/strategic-merge-patch+json' },
    );
    assert.equal(r.status, 200);
    const cs = containers(r.body);
    assert.deepEqual(
      cs.map((c) => `${c.name}:${c.image}`),
      ['web:nginx:2'],
    );
    assert.deepEqual(
      cs[0]!.ports!.map((p) => p.containerPort),
      [80],
    );
  });

  it('a strategic merge patch adding a list: items are taken as sent, then validated (an init container without a name is 422)', async () => {
    const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
    const r = await call(
      base,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      { spec: { template: { spec: { initContainers: [{ image: 'x' }] } } } },
      SMP,
    );
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.deepEqual((r.body.details as { causes: unknown }).causes, [
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.template.spec.initContainers[0].name',
      },
    ]);
    // A list the object has: strategicpatch's ErrNoMergeKey, a plain error upstream answers as 500.
    const keyless = await call(
      base,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      SMP,
    );
    assert.equal(keyless.status, 500);
    assert.equal(keyless.body.reason, undefined);
    assert.equal(
      keyless.body.message,
      'map: map[image:x] does not contain declared merge key: name',
    );
  });

  it('answers 415 for an unknown patch type and 404 for a missing object', async () => {
    const r = await call(base, 'PATCH', path, {}, { 'content-type': 'application/xml' });
    assert.equal(r.status, 415);
    assert.equal(r.body.reason, 'UnsupportedMediaType');
    assert.equal(
      r.body.message,
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
    );
    const missing = await call(
      base,
      'PATCH',
      `${path}-nope`,
      {},
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(missing.status, 404);
  });

  it('creates with server-side apply, then prunes what the same manager no longer applies', async () => {
    const yaml = 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: ssa\n  labels:\n    a: "1"\n';
    const created = await call(
      base,
      'PATCH',
      '/api/v1/namespaces/default/endpoints/ssa?fieldManager=kubectl&force=false',
      yaml,
      { 'content-type': 'application/apply-patch+yaml' },
    );
    assert.equal(created.status, 201);
    const again = await call(
      base,
      'PATCH',
      '/api/v1/namespaces/default/endpoints/ssa?fieldManager=kubectl',
      'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: ssa\n  labels:\n    b: "2"\n',
      { 'content-type': 'application/apply-patch+yaml' },
    );
    assert.equal(again.status, 200);
    // The manager applied `a` before and no longer does, and nobody else owns it: removed.
    assert.deepEqual((again.body.metadata as { labels: object }).labels, { b: '2' });
  });
});

describe('a merge patch that is not a JSON object', () => {
  const D = '/apis/apps/v1/namespaces/default/deployments/web';
  const merge = { 'content-type': 'application/merge-patch+json' };
  it("fails patch.go's strict decode into a map (Strict, and Warn by default)", async () => {
    for (const [body, type] of [
      ['"x"', 'string'],
      ['[1]', 'array'],
      ['7', 'number'],
    ]) {
      const r = await call(base, 'PATCH', D, body, merge);
      assert.equal(r.status, 400);
      assert.equal(
        r.body.message,
        `error decoding patch: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
      );
    }
  });
  it("is json-patch's ErrBadJSONPatch for null, and for any non-object under Ignore", async () => {
    for (const [body, query] of [
      ['null', ''],
      ['"x"', '?fieldValidation=Ignore'],
    ]) {
      const r = await call(base, 'PATCH', `${D}${query}`, body, merge);
      assert.equal(r.status, 400);
      assert.equal(r.body.message, 'Invalid JSON Patch');
    }
  });
});
