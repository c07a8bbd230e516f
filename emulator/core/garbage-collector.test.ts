/**
 * The garbage collector over real HTTP: Background deletes dependents whose owners are gone,
 * Orphan keeps them, Foreground keeps the owner until blocking dependents are gone, and a
 * dangling reference is removed when another owner remains.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import {
  call,
  deployment,
  endpoints,
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
