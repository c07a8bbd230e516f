/**
 * Server-side apply of a configuration with a value of the wrong type: structured-merge-diff's
 * ObjectToTyped refuses it before any merge or conflict check, and the apiserver answers its
 * plain error as a 500 — `failed to create typed patch object (ns/name; gvk): path: message` —
 * leaving the object and its managers unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { call, startCore } from '../testing/support';

let em: RunningEmulator;
before(async () => {
  em = await startCore();
});
after(() => em.stop());

const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const D = '/apis/apps/v1/namespaces/default/deployments';
const WHERE = '(default/typed; apps/v1, Kind=Deployment)';

const manifest = (patch: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'typed', namespace: 'default', ...(patch.metadata as object) },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 't' } },
    template: {
      metadata: { labels: { app: 't' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    },
    ...(patch.spec as object),
  },
});
const apply = (body: unknown, manager = 'owner') =>
  call(em.url, 'PATCH', `${D}/typed?fieldManager=${manager}`, JSON.stringify(body), APPLY);

describe('server-side apply of a wrongly typed value', () => {
  before(async () => {
    assert.equal((await apply(manifest())).status, 201);
  });

  it('refuses a string where a map belongs, recording nothing', async () => {
    const r = await apply(manifest({ metadata: { labels: 'x' } }), 'other');
    assert.equal(r.status, 500);
    assert.equal(
      r.body.message,
      `failed to create typed patch object ${WHERE}: .metadata.labels: expected map, got &{x}`,
    );
    const live = await call(em.url, 'GET', `${D}/typed`);
    const managers = (live.body.metadata?.managedFields as { manager: string }[]).map(
      (e) => e.manager,
    );
    assert.ok(!managers.includes('other'), managers.join());
  });

  it('reports the type error, not a conflict, for a field another manager owns', async () => {
    const r = await apply(manifest({ spec: { replicas: 'abc' } }), 'other');
    assert.equal(r.status, 500);
    assert.equal(
      r.body.message,
      `failed to create typed patch object ${WHERE}: .spec.replicas: expected numeric (int or float), got string`,
    );
  });

  it('lists every error, with list keys in the path', async () => {
    const body = manifest({ spec: { paused: 'no', minReadySeconds: [] } });
    const containers = body.spec.template.spec.containers as Record<string, unknown>[];
    containers[0]!.image = 5;
    const r = await apply(body);
    assert.equal(r.status, 500);
    assert.equal(
      r.body.message,
      [
        `failed to create typed patch object ${WHERE}: errors:`,
        '  .spec.template.spec.containers[name="c"].image: expected string, got &value.valueUnstructured{Value:5}',
        '  .spec.paused: expected boolean, got &{no}',
        '  .spec.minReadySeconds: expected numeric (int or float), got []interface {}',
      ].join('\n'),
    );
  });
});
