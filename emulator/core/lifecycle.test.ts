/**
 * Deletion semantics over HTTP: graceful pod deletion (two steps, the kubelet's grace-0 finish),
 * finalizers, preconditions, the garbage collector's Background/Orphan/Foreground propagation,
 * and namespace deletion cascading through the core namespace-lifecycle controller.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import {
  call,
  deployment,
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
  await call(base, 'POST', '/api/v1/namespaces', namespace('life'));
});
after(() => em.stop());

const P = '/api/v1/namespaces/life/pods';

async function scheduledPod(name: string, extra: Record<string, unknown> = {}) {
  await call(base, 'POST', P, pod(name, {}, extra));
  const bound = await call(base, 'POST', `${P}/${name}/binding`, { target: { name: 'node-1' } });
  assert.equal(bound.status, 201);
}

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

describe('garbage collection', () => {
  async function tree(name: string) {
    const d = await call(
      base,
      'POST',
      '/apis/apps/v1/namespaces/life/deployments',
      deployment(name),
    );
    const owner = (o: Record<string, unknown>, kind: string, apiVersion: string) => {
      const m = o.metadata as { name: string; uid: string };
      return [
        { apiVersion, kind, name: m.name, uid: m.uid, controller: true, blockOwnerDeletion: true },
      ];
    };
    const rs = await call(base, 'POST', '/apis/apps/v1/namespaces/life/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${name}-rs`,
        labels: { app: name },
        ownerReferences: owner(d.body, 'Deployment', 'apps/v1'),
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: (deployment(name).spec as { template: unknown }).template,
      },
    });
    assert.equal(rs.status, 201, JSON.stringify(rs.body));
    const p = await call(base, 'POST', P, {
      ...pod(`${name}-pod`, { app: name }),
      metadata: {
        name: `${name}-pod`,
        labels: { app: name },
        ownerReferences: owner(rs.body, 'ReplicaSet', 'apps/v1'),
      },
    });
    assert.equal(p.status, 201);
  }

  it('deletes dependents of a Background-deleted owner', async () => {
    await tree('bg');
    const del = await call(base, 'DELETE', '/apis/apps/v1/namespaces/life/deployments/bg', {
      propagationPolicy: 'Background',
    });
    assert.equal(del.body.status, 'Success');
    assert.deepEqual(del.body.details, {
      name: 'bg',
      group: 'apps',
      kind: 'deployments',
      uid: (del.body.details as { uid: string }).uid,
    });
    await em.idle();
    assert.equal(em.store.get('replicasets', 'life', 'bg-rs'), undefined);
    assert.equal(em.store.get('pods', 'life', 'bg-pod'), undefined);
  });

  it('orphans dependents with propagationPolicy=Orphan', async () => {
    await tree('or');
    const del = await call(base, 'DELETE', '/apis/apps/v1/namespaces/life/deployments/or', {
      propagationPolicy: 'Orphan',
    });
    assert.equal(del.status, 200);
    await em.idle();
    assert.equal(em.store.get('deployments', 'life', 'or'), undefined);
    const rs = em.store.get('replicasets', 'life', 'or-rs');
    assert.ok(rs, 'the ReplicaSet survives');
    assert.equal(rs.metadata.ownerReferences, undefined);
    assert.ok(em.store.get('pods', 'life', 'or-pod'), 'and so does its pod');
  });

  it('keeps a Foreground-deleted owner until its blocking dependents are gone', async () => {
    await tree('fg');
    const w = await openWatch(
      base,
      `/apis/apps/v1/namespaces/life/deployments?watch=1&fieldSelector=metadata.name%3Dfg&resourceVersion=${em.store.currentResourceVersion()}`,
    );
    const del = await call(base, 'DELETE', '/apis/apps/v1/namespaces/life/deployments/fg', {
      propagationPolicy: 'Foreground',
    });
    assert.equal(del.status, 200);
    assert.deepEqual((del.body.metadata as { finalizers: string[] }).finalizers, [
      'foregroundDeletion',
    ]);
    const events: string[] = [];
    for (;;) {
      const e = await w.next();
      assert.ok(e);
      events.push(e.type);
      if (e.type === 'DELETED') break;
    }
    assert.equal(events[0], 'MODIFIED');
    assert.equal(em.store.get('replicasets', 'life', 'fg-rs'), undefined);
    assert.equal(em.store.get('pods', 'life', 'fg-pod'), undefined);
    w.close();
  });

  it('removes a dangling reference when another owner remains', async () => {
    const a = await call(base, 'POST', '/api/v1/namespaces/life/services', service('owner-a'));
    const b = await call(base, 'POST', '/api/v1/namespaces/life/services', service('owner-b'));
    const ref = (o: Record<string, unknown>) => {
      const m = o.metadata as { name: string; uid: string };
      return { apiVersion: 'v1', kind: 'Service', name: m.name, uid: m.uid };
    };
    await call(base, 'POST', '/api/v1/namespaces/life/endpoints', {
      ...endpoints('shared'),
      metadata: { name: 'shared', ownerReferences: [ref(a.body), ref(b.body)] },
    });
    await call(base, 'DELETE', '/api/v1/namespaces/life/services/owner-a');
    await em.idle();
    const shared = em.store.get('endpoints', 'life', 'shared');
    assert.ok(shared);
    assert.deepEqual(
      shared.metadata.ownerReferences?.map((r) => r.name),
      ['owner-b'],
    );
  });
});

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
