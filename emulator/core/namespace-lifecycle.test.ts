/**
 * Namespace deletion over real HTTP: Terminating, 403 for new content, the content deleted by the
 * namespace lifecycle controller, then the namespace; a scheduled pod waiting for a kubelet keeps
 * it Terminating; the system namespaces may not be deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import {
  call,
  endpoints,
  eventually,
  namespace,
  openWatch,
  pod,
  service,
  startCore,
} from '../apiserver/testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
});
after(() => em.stop());

describe('namespace deletion', () => {
  it('cascades: Terminating, 403 for new content, content deleted, then the namespace', async () => {
    await call(base, 'POST', '/api/v1/namespaces', namespace('doomed'));
    await call(base, 'POST', '/api/v1/namespaces/doomed/services', service('s'));
    await call(base, 'POST', '/api/v1/namespaces/doomed/endpoints', endpoints('e'));
    await call(base, 'POST', '/api/v1/namespaces/doomed/pods', pod('p'));
    const w = await openWatch(
      base,
      `/api/v1/namespaces?watch=1&fieldSelector=metadata.name%3Ddoomed&resourceVersion=${em.store.currentResourceVersion()}`,
    );
    const del = await call(base, 'DELETE', '/api/v1/namespaces/doomed');
    assert.equal(del.status, 200);
    assert.equal(del.body.kind, 'Namespace');
    assert.equal((del.body.status as { phase: string }).phase, 'Terminating');
    const refused = await call(
      base,
      'POST',
      '/api/v1/namespaces/doomed/endpoints',
      endpoints('late'),
    );
    if (refused.status !== 404) {
      assert.equal(refused.status, 403);
      assert.equal(
        refused.body.message,
        'endpoints "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      );
    }
    const types: string[] = [];
    for (;;) {
      const e = await w.next();
      assert.ok(e);
      types.push(e.type);
      if (e.type === 'DELETED') break;
    }
    assert.equal(types[0], 'MODIFIED');
    assert.equal(em.store.list('services', 'doomed').length, 0);
    assert.equal(em.store.list('pods', 'doomed').length, 0);
    assert.equal((await call(base, 'GET', '/api/v1/namespaces/doomed')).status, 404);
    w.close();
  });

  it('stays Terminating while a scheduled pod waits for a kubelet, like upstream', async () => {
    await call(base, 'POST', '/api/v1/namespaces', namespace('stuck'));
    await call(base, 'POST', '/api/v1/namespaces/stuck/pods', pod('p'));
    await call(base, 'POST', '/api/v1/namespaces/stuck/pods/p/binding', {
      target: { name: 'node-1' },
    });
    await call(base, 'DELETE', '/api/v1/namespaces/stuck');
    await em.idle();
    const ns = await call(base, 'GET', '/api/v1/namespaces/stuck');
    assert.equal((ns.body.status as { phase: string }).phase, 'Terminating');
    assert.ok(em.store.get('pods', 'stuck', 'p')?.metadata.deletionTimestamp);
    const refused = await call(
      base,
      'POST',
      '/api/v1/namespaces/stuck/endpoints',
      endpoints('late'),
    );
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'endpoints "late" is forbidden: unable to create new content in namespace stuck because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'late',
        kind: 'endpoints',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace stuck is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
      code: 403,
    });
    await call(base, 'DELETE', '/api/v1/namespaces/stuck/pods/p?gracePeriodSeconds=0');
    await eventually(() => em.store.get('namespaces', '', 'stuck') === undefined);
  });

  it('refuses to delete the system namespaces', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const r = await call(base, 'DELETE', `/api/v1/namespaces/${name}`);
      assert.equal(r.status, 403);
      assert.equal(
        r.body.message,
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      );
    }
  });
});
