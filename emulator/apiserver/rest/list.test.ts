/**
 * Lists over real HTTP on 127.0.0.1: one resourceVersion counter across kinds, paging with
 * limit/continue, label and field selectors, and resourceVersion/resourceVersionMatch semantics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import {
  call,
  deployment,
  endpoints,
  namespace,
  pod,
  service,
  startCore,
} from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
});
after(() => em.stop());

const rvOf = (o: { metadata?: Record<string, unknown> }) => Number(o.metadata?.resourceVersion);

describe('resourceVersion', () => {
  it('is one increasing counter across kinds, and the list RV is current', async () => {
    const rvs: number[] = [];
    rvs.push(rvOf((await call(base, 'POST', '/api/v1/namespaces', namespace('rv'))).body));
    rvs.push(rvOf((await call(base, 'POST', '/api/v1/namespaces/rv/services', service('a'))).body));
    rvs.push(
      rvOf((await call(base, 'POST', '/api/v1/namespaces/rv/endpoints', endpoints('a'))).body),
    );
    rvs.push(rvOf((await call(base, 'POST', '/api/v1/namespaces/rv/pods', pod('a'))).body));
    rvs.push(
      rvOf(
        (await call(base, 'POST', '/apis/apps/v1/namespaces/rv/deployments', deployment('a'))).body,
      ),
    );
    for (let i = 1; i < rvs.length; i++) assert.ok(rvs[i]! > rvs[i - 1]!, `${rvs}`);
    const list = await call(base, 'GET', '/api/v1/namespaces/rv/pods');
    assert.equal(rvOf(list.body), Number(em.store.currentResourceVersion()));
    assert.ok(rvOf(list.body) >= rvs[rvs.length - 1]!);
  });

  it('sets uid, creationTimestamp and generateName suffixes like the apiserver', async () => {
    const { status, body } = await call(base, 'POST', '/api/v1/namespaces/default/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { generateName: 'gen-' },
    });
    assert.equal(status, 201);
    const meta = body.metadata as Record<string, string>;
    assert.match(meta.name!, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.match(
      meta.uid!,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.match(meta.creationTimestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe('list', () => {
  before(async () => {
    await call(base, 'POST', '/api/v1/namespaces', namespace('page'));
    for (const name of ['e', 'b', 'g', 'a', 'd', 'c', 'f']) {
      await call(base, 'POST', '/api/v1/namespaces/page/endpoints', endpoints(name, { n: name }));
    }
  });

  it('pages with limit/continue in key order; items carry no kind/apiVersion', async () => {
    const names: string[] = [];
    let cont = '';
    let pages = 0;
    let firstRV = '';
    for (;;) {
      const q = `limit=3${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const { status, body } = await call(base, 'GET', `/api/v1/namespaces/page/endpoints?${q}`);
      assert.equal(status, 200);
      assert.equal(body.kind, 'EndpointsList');
      pages++;
      const items = body.items as { kind?: string; metadata: { name: string } }[];
      for (const item of items) {
        assert.equal(item.kind, undefined);
        names.push(item.metadata.name);
      }
      const meta = body.metadata as {
        continue?: string;
        remainingItemCount?: number;
        resourceVersion: string;
      };
      if (pages === 1) {
        firstRV = meta.resourceVersion;
        assert.equal(meta.remainingItemCount, 4);
      }
      assert.equal(meta.resourceVersion, firstRV, 'every page carries the first page RV');
      if (!meta.continue) break;
      cont = meta.continue;
    }
    assert.equal(pages, 3);
    assert.deepEqual(names, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('pages across all namespaces, sorted by namespace/name', async () => {
    const all = await call(base, 'GET', '/api/v1/endpoints');
    const keys = (all.body.items as { metadata: { namespace: string; name: string } }[]).map(
      (i) => `${i.metadata.namespace}/${i.metadata.name}`,
    );
    assert.deepEqual(keys, [...keys].sort());
    const paged: string[] = [];
    let cont = '';
    do {
      const r = await call(
        base,
        'GET',
        `/api/v1/endpoints?limit=2${cont ? `&continue=${cont}` : ''}`,
      );
      for (const i of r.body.items as { metadata: { namespace: string; name: string } }[]) {
        paged.push(`${i.metadata.namespace}/${i.metadata.name}`);
      }
      cont = encodeURIComponent((r.body.metadata as { continue?: string }).continue ?? '');
    } while (cont);
    assert.deepEqual(paged, keys);
  });

  it('filters with label selectors (set-based) and field selectors', async () => {
    const r = await call(
      base,
      'GET',
      `/api/v1/namespaces/page/endpoints?labelSelector=${encodeURIComponent('n in (a,c,x),n!=c')}`,
    );
    assert.deepEqual(
      (r.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['a'],
    );
    const f = await call(
      base,
      'GET',
      `/api/v1/endpoints?fieldSelector=${encodeURIComponent('metadata.namespace=page,metadata.name!=a')}&limit=2`,
    );
    assert.deepEqual(
      (f.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['b', 'c'],
    );
    assert.ok((f.body.metadata as { continue?: string }).continue);
  });

  it('filters pods by spec.nodeName and status.phase', async () => {
    await call(base, 'POST', '/api/v1/namespaces', namespace('fs'));
    await call(base, 'POST', '/api/v1/namespaces/fs/pods', pod('p1'));
    await call(base, 'POST', '/api/v1/namespaces/fs/pods', pod('p2'));
    const bind = await call(base, 'POST', '/api/v1/namespaces/fs/pods/p1/binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'p1' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
    });
    assert.equal(bind.status, 201);
    const p1 = await call(base, 'GET', '/api/v1/namespaces/fs/pods/p1');
    const status = { ...(p1.body.status as object), phase: 'Running', podIP: '10.244.0.5' };
    const put = await call(base, 'PUT', '/api/v1/namespaces/fs/pods/p1/status', {
      ...p1.body,
      status,
    });
    assert.equal(put.status, 200);
    const byNode = await call(base, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1');
    assert.deepEqual(
      (byNode.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['p1'],
    );
    const pending = await call(
      base,
      'GET',
      '/api/v1/namespaces/fs/pods?fieldSelector=status.phase%3DPending',
    );
    assert.deepEqual(
      (pending.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['p2'],
    );
    const unsched = await call(
      base,
      'GET',
      '/api/v1/namespaces/fs/pods?fieldSelector=spec.nodeName%3D',
    );
    assert.deepEqual(
      (unsched.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['p2'],
    );
    const bad = await call(
      base,
      'GET',
      '/api/v1/namespaces/fs/services?fieldSelector=spec.nodeName%3Dx',
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, 'field label not supported: spec.nodeName');
    const rebind = await call(base, 'POST', '/api/v1/namespaces/fs/pods/p1/binding', {
      target: { name: 'node-2' },
    });
    assert.equal(rebind.status, 409);
  });

  it('answers a list in a namespace that does not exist with an empty list', async () => {
    const r = await call(base, 'GET', '/api/v1/namespaces/nope/pods');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items, []);
  });

  it('rejects resourceVersionMatch without resourceVersion with the ListOptions Status', async () => {
    const r = await call(base, 'GET', '/api/v1/pods?resourceVersionMatch=NotOlderThan');
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  });

  it('serves Exact only for the current RV, and 410 for an older one', async () => {
    const rv = em.store.currentResourceVersion();
    const ok = await call(
      base,
      'GET',
      `/api/v1/pods?resourceVersion=${rv}&resourceVersionMatch=Exact`,
    );
    assert.equal(ok.status, 200);
    const old = await call(
      base,
      'GET',
      `/api/v1/pods?resourceVersion=1&resourceVersionMatch=Exact`,
    );
    assert.equal(old.status, 410);
    assert.equal(old.body.reason, 'Expired');
  });
});
