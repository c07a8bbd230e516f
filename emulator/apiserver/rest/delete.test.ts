/**
 * DELETE over real HTTP: deletecollection by selector, graceful pod deletion, preconditions with
 * upstream's Conflict Status, finalizers keeping an object until the last one is removed, and a
 * namespace stuck Terminating deleted by a PUT of /finalize with no spec.finalizers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import {
  call,
  deployment,
  endpoints,
  namespace,
  openWatch,
  pod,
  startCore,
} from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
  await call(base, 'POST', '/api/v1/namespaces', namespace('life'));
});
after(() => em.stop());

const P = '/api/v1/namespaces/life/pods';

async function scheduledPod(name: string, extra: Record<string, unknown> = {}) {
  await call(base, 'POST', P, pod(name, {}, extra));
  const bound = await call(base, 'POST', `${P}/${name}/binding`, { target: { name: 'node-1' } });
  assert.equal(bound.status, 201);
}

describe('deletecollection', () => {
  it('deletes what a label selector matches and answers the deleted items', async () => {
    await call(base, 'POST', '/api/v1/namespaces', namespace('dc'));
    for (const [name, tier] of [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ] as const) {
      await call(base, 'POST', '/api/v1/namespaces/dc/endpoints', endpoints(name, { tier }));
    }
    const r = await call(base, 'DELETE', '/api/v1/namespaces/dc/endpoints?labelSelector=tier%3Dx');
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'EndpointsList');
    assert.deepEqual(
      (r.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['a', 'b'],
    );
    assert.deepEqual(
      em.store.list('endpoints', 'dc').map((o) => o.metadata.name),
      ['c'],
    );
    const all = await call(base, 'DELETE', '/api/v1/endpoints');
    assert.equal(all.status, 405, 'no deletecollection across namespaces');
  });
});

describe('graceful pod deletion', () => {
  it('marks a scheduled pod terminating, and a grace-0 delete finishes it', async () => {
    await scheduledPod('g1', { terminationGracePeriodSeconds: 45 });
    const w = await openWatch(
      base,
      `${P}?watch=1&resourceVersion=${em.store.currentResourceVersion()}`,
    );
    const first = await call(base, 'DELETE', `${P}/g1`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Background',
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.kind, 'Pod', 'a pod DELETE answers the pod');
    const meta = first.body.metadata as {
      deletionTimestamp?: string;
      deletionGracePeriodSeconds?: number;
    };
    assert.equal(meta.deletionGracePeriodSeconds, 45);
    assert.ok(meta.deletionTimestamp);
    const modified = await w.next();
    assert.equal(modified?.type, 'MODIFIED');
    assert.equal(
      (await call(base, 'GET', `${P}/g1`)).status,
      200,
      'still there: the kubelet finishes it',
    );
    const longer = await call(base, 'DELETE', `${P}/g1?gracePeriodSeconds=60`);
    assert.equal(
      (longer.body.metadata as { deletionGracePeriodSeconds: number }).deletionGracePeriodSeconds,
      45,
      'never lengthened',
    );
    const finish = await call(base, 'DELETE', `${P}/g1?gracePeriodSeconds=0`);
    assert.equal(finish.status, 200);
    assert.equal((await w.next())?.type, 'DELETED');
    assert.equal((await call(base, 'GET', `${P}/g1`)).status, 404);
    w.close();
  });

  it('deletes an unscheduled pod at once', async () => {
    await call(base, 'POST', P, pod('g2'));
    const r = await call(base, 'DELETE', `${P}/g2`);
    assert.equal(r.status, 200);
    assert.equal((await call(base, 'GET', `${P}/g2`)).status, 404);
  });

  it('honours preconditions with the upstream Conflict Status (rest.BeforeDelete, on the kind)', async () => {
    const created = await call(base, 'POST', P, pod('g3'));
    const { uid, resourceVersion } = created.body.metadata as Record<string, string>;
    const r = await call(base, 'DELETE', `${P}/g3`, { preconditions: { uid: 'not-the-uid' } });
    assert.equal(r.status, 409);
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on Pod "g3": the UID in the precondition (not-the-uid) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
      reason: 'Conflict',
      details: { name: 'g3', kind: 'Pod' },
      code: 409,
    });
    const rv = await call(base, 'DELETE', `${P}/g3`, { preconditions: { resourceVersion: '1' } });
    assert.equal(rv.status, 409);
    assert.equal(
      rv.body.message,
      `Operation cannot be fulfilled on Pod "g3": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${resourceVersion}). The object might have been modified`,
    );
    const deploy = await call(
      base,
      'POST',
      '/apis/apps/v1/namespaces/life/deployments',
      deployment('g3'),
    );
    assert.equal(deploy.status, 201);
    const d = await call(base, 'DELETE', '/apis/apps/v1/namespaces/life/deployments/g3', {
      preconditions: { uid: 'x' },
    });
    assert.deepEqual(d.body.details, { name: 'g3', group: 'apps', kind: 'Deployment' });
    assert.match(
      String(d.body.message),
      /^Operation cannot be fulfilled on Deployment\.apps "g3": the UID in the precondition \(x\)/,
    );
    const ok = await call(base, 'DELETE', `${P}/g3`, { preconditions: { uid, resourceVersion } });
    assert.equal(ok.status, 200);
  });

  it("answers a namespace's failed preconditions with its registry's own words", async () => {
    const ns = await call(base, 'POST', '/api/v1/namespaces', namespace('pre'));
    const { uid, resourceVersion } = ns.body.metadata as Record<string, string>;
    const r = await call(base, 'DELETE', '/api/v1/namespaces/pre', { preconditions: { uid: 'u' } });
    assert.equal(r.status, 409);
    assert.equal(
      r.body.message,
      `Operation cannot be fulfilled on namespaces "pre": Precondition failed: UID in precondition: u, UID in object meta: ${uid}`,
    );
    assert.deepEqual(r.body.details, { name: 'pre', kind: 'namespaces' });
    const rv = await call(base, 'DELETE', '/api/v1/namespaces/pre', {
      preconditions: { resourceVersion: '1' },
    });
    assert.equal(
      rv.body.message,
      `Operation cannot be fulfilled on namespaces "pre": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${resourceVersion}`,
    );
  });
});

describe('finalizers', () => {
  it('keep an object with deletionTimestamp until the last one is removed', async () => {
    await call(base, 'POST', '/api/v1/namespaces/life/endpoints', {
      ...endpoints('fin'),
      metadata: { name: 'fin', finalizers: ['example.com/hold'] },
    });
    const del = await call(base, 'DELETE', '/api/v1/namespaces/life/endpoints/fin');
    assert.equal(del.status, 200);
    assert.ok((del.body.metadata as { deletionTimestamp?: string }).deletionTimestamp);
    const add = await call(
      base,
      'PATCH',
      '/api/v1/namespaces/life/endpoints/fin',
      { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(add.status, 422, 'no new finalizers while deleting');
    const clear = await call(
      base,
      'PATCH',
      '/api/v1/namespaces/life/endpoints/fin',
      { metadata: { finalizers: null } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(clear.status, 200);
    assert.equal((await call(base, 'GET', '/api/v1/namespaces/life/endpoints/fin')).status, 404);
  });
});

describe('namespaces', () => {
  it('PUT /finalize with no spec.finalizers deletes a namespace stuck Terminating', async () => {
    await call(base, 'POST', '/api/v1/namespaces', namespace('stuck'));
    await call(base, 'POST', '/api/v1/namespaces/stuck/pods', pod('held'));
    const bound = await call(base, 'POST', '/api/v1/namespaces/stuck/pods/held/binding', {
      target: { name: 'node-1' },
    });
    assert.equal(bound.status, 201);
    const del = await call(base, 'DELETE', '/api/v1/namespaces/stuck');
    assert.equal((del.body.status as { phase: string }).phase, 'Terminating');
    // No kubelet: the pod stays Terminating, and with it the namespace.
    await em.idle();
    const stuck = await call(base, 'GET', '/api/v1/namespaces/stuck');
    assert.deepEqual(stuck.body.spec, { finalizers: ['kubernetes'] });
    const fin = await call(base, 'PUT', '/api/v1/namespaces/stuck/finalize', {
      metadata: { name: 'stuck' },
      spec: { finalizers: [] },
    });
    assert.equal(fin.status, 200);
    assert.equal((fin.body.metadata as { name: string }).name, 'stuck');
    assert.equal((await call(base, 'GET', '/api/v1/namespaces/stuck')).status, 404);
  });
});
