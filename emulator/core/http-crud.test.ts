/**
 * The core over real HTTP on 127.0.0.1: resourceVersions, list paging, selectors, create with
 * strategy defaults, optimistic concurrency, each patch type, scale, dry-run, authorization,
 * and bad input answered with the apiserver's Status while the server keeps serving.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
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
  em = await startCore({
    authConfig: {
      users: [
        {
          name: 'restricted',
          token: 't0k3n',
          deny: [{ verbs: ['create'], resources: ['services'], namespaces: ['*'] }],
        },
      ],
    },
  });
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

describe('create, get, update', () => {
  it('applies the strategies defaults on create', async () => {
    const { status, body } = await call(
      base,
      'POST',
      '/api/v1/namespaces/default/services',
      service('defaults'),
    );
    assert.equal(status, 201);
    const spec = body.spec as {
      clusterIP: string;
      type: string;
      ports: { protocol: string; targetPort: number }[];
    };
    assert.equal(spec.type, 'ClusterIP');
    assert.match(spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    assert.equal(spec.ports[0]!.protocol, 'TCP');
    assert.equal(spec.ports[0]!.targetPort, 80);
    assert.equal(body.kind, 'Service');
  });

  it('returns 409 AlreadyExists and 404 NotFound with the upstream Status', async () => {
    await call(base, 'POST', '/api/v1/namespaces/default/services', service('dup'));
    const again = await call(base, 'POST', '/api/v1/namespaces/default/services', service('dup'));
    assert.deepEqual(again.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'services "dup" already exists',
      reason: 'AlreadyExists',
      details: { name: 'dup', kind: 'services' },
      code: 409,
    });
    const missing = await call(
      base,
      'GET',
      '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/foo-abc12',
    );
    assert.deepEqual(missing.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'endpointslices.discovery.k8s.io "foo-abc12" not found',
      reason: 'NotFound',
      details: { name: 'foo-abc12', group: 'discovery.k8s.io', kind: 'endpointslices' },
      code: 404,
    });
    const ns = await call(base, 'POST', '/api/v1/namespaces/nope/services', service('x'));
    assert.equal(ns.status, 404);
    assert.equal(ns.body.message, 'namespaces "nope" not found');
  });

  it('answers 422 Invalid with details.causes for an invalid Service', async () => {
    const r = await call(
      base,
      'POST',
      '/api/v1/namespaces/default/services',
      service('bad', { ports: [{ port: 0 }] }),
    );
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    const details = r.body.details as { kind: string; name: string; causes: { field: string }[] };
    assert.equal(details.kind, 'Service');
    assert.equal(details.name, 'bad');
    assert.ok(details.causes.some((c) => c.field === 'spec.ports[0].port'));
    assert.match(String(r.body.message), /^Service "bad" is invalid: /);
  });

  it('rejects a stale resourceVersion with 409 Conflict and ignores .status on update', async () => {
    const created = await call(base, 'POST', '/api/v1/namespaces/default/services', service('occ'));
    const first = structuredClone(created.body);
    (first.metadata as Record<string, unknown>).labels = { v: '1' };
    (first as Record<string, unknown>).status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } };
    const ok = await call(base, 'PUT', '/api/v1/namespaces/default/services/occ', first);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.status, { loadBalancer: {} }, 'status only changes through /status');
    const stale = structuredClone(created.body);
    (stale.metadata as Record<string, unknown>).labels = { v: '2' };
    const conflict = await call(base, 'PUT', '/api/v1/namespaces/default/services/occ', stale);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.reason, 'Conflict');
    assert.equal(
      conflict.body.message,
      'Operation cannot be fulfilled on services "occ": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('does not write (nor bump the RV) when an update changes nothing', async () => {
    const created = await call(
      base,
      'POST',
      '/api/v1/namespaces/default/endpoints',
      endpoints('noop'),
    );
    const again = await call(
      base,
      'PUT',
      '/api/v1/namespaces/default/endpoints/noop',
      created.body,
    );
    assert.equal(rvOf(again.body), rvOf(created.body));
  });

  it('bumps generation on spec changes of a Deployment only', async () => {
    const d = await call(
      base,
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deployment('gen'),
    );
    assert.equal((d.body.metadata as { generation: number }).generation, 1);
    const labelled = await call(
      base,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/gen',
      { metadata: { labels: { a: 'b' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal((labelled.body.metadata as { generation: number }).generation, 1);
    const svc = await call(base, 'POST', '/api/v1/namespaces/default/services', service('nogen'));
    assert.equal(
      (svc.body.metadata as { generation?: number }).generation,
      undefined,
      'Services have no generation',
    );
    const scaled = await call(
      base,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/gen',
      { spec: { replicas: 3 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal((scaled.body.metadata as { generation: number }).generation, 2);
  });
});

describe('deletecollection and /status', () => {
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

  it('writes only .status through /status, with optimistic concurrency', async () => {
    const created = await call(base, 'POST', '/api/v1/namespaces/default/services', service('st'));
    const body = structuredClone(created.body) as Record<string, unknown>;
    body.status = { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } };
    (body.spec as Record<string, unknown>).type = 'NodePort';
    const r = await call(base, 'PUT', '/api/v1/namespaces/default/services/st/status', body);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.status, { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } });
    assert.equal(
      (r.body.spec as { type: string }).type,
      'ClusterIP',
      'spec is not written through /status',
    );
    const stale = await call(base, 'PUT', '/api/v1/namespaces/default/services/st/status', body);
    assert.equal(stale.status, 409);
    const patched = await call(
      base,
      'PATCH',
      '/api/v1/namespaces/default/services/st/status',
      { status: { loadBalancer: null } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(patched.status, 200);
    const lb = (patched.body.status as { loadBalancer?: { ingress?: unknown } }).loadBalancer;
    assert.equal(lb?.ingress, undefined);
  });
});

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

  it('creates and then merges with server-side apply (apply-patch+yaml)', async () => {
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
    assert.deepEqual((again.body.metadata as { labels: object }).labels, { a: '1', b: '2' });
  });

  it('reads and writes the scale subresource (kubectl scale)', async () => {
    const scale = await call(base, 'GET', `${path}/scale`);
    assert.equal(scale.status, 200);
    assert.equal(scale.body.kind, 'Scale');
    assert.equal(scale.body.apiVersion, 'autoscaling/v1');
    assert.deepEqual((scale.body.status as { selector: string }).selector, 'app=web');
    const patched = await call(
      base,
      'PATCH',
      `${path}/scale`,
      { spec: { replicas: 5 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(patched.status, 200);
    assert.equal((patched.body.spec as { replicas: number }).replicas, 5);
    const put = await call(base, 'PUT', `${path}/scale`, {
      ...patched.body,
      spec: { replicas: 4 },
    });
    assert.equal((put.body.spec as { replicas: number }).replicas, 4);
    const d = await call(base, 'GET', path);
    assert.equal((d.body.spec as { replicas: number }).replicas, 4);
    const stale = await call(base, 'PUT', `${path}/scale`, {
      ...patched.body,
      spec: { replicas: 1 },
    });
    assert.equal(stale.status, 409);
  });
});

describe('dryRun=All', () => {
  it('validates and defaults but never stores, bumps the RV or reaches a watch', async () => {
    const watch = await openWatch(
      base,
      `/api/v1/namespaces/default/services?watch=1&resourceVersion=${em.store.currentResourceVersion()}`,
    );
    const rv = em.store.currentResourceVersion();
    const created = await call(
      base,
      'POST',
      '/api/v1/namespaces/default/services?dryRun=All',
      service('dry'),
    );
    assert.equal(created.status, 201);
    assert.ok((created.body.spec as { clusterIP?: string }).clusterIP, 'defaulted');
    assert.equal(
      (created.body.metadata as { resourceVersion?: string }).resourceVersion,
      undefined,
    );
    assert.equal((await call(base, 'GET', '/api/v1/namespaces/default/services/dry')).status, 404);
    const invalid = await call(
      base,
      'POST',
      '/api/v1/namespaces/default/services?dryRun=All',
      service('dry', { ports: [{ port: 70000 }] }),
    );
    assert.equal(invalid.status, 422);
    await call(base, 'POST', '/api/v1/namespaces/default/services', service('dry-real'));
    const after = em.store.currentResourceVersion();
    const upd = await call(
      base,
      'PATCH',
      '/api/v1/namespaces/default/services/dry-real?dryRun=All',
      { metadata: { labels: { x: 'y' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.deepEqual((upd.body.metadata as { labels: object }).labels, { x: 'y' });
    const del = await call(
      base,
      'DELETE',
      '/api/v1/namespaces/default/services/dry-real?dryRun=All',
    );
    assert.equal(del.status, 200);
    assert.equal(
      (await call(base, 'GET', '/api/v1/namespaces/default/services/dry-real')).status,
      200,
    );
    assert.equal(em.store.currentResourceVersion(), after, 'dry-run wrote nothing');
    assert.equal(Number(after), Number(rv) + 1);
    const first = await watch.next();
    assert.equal(first?.type, 'ADDED');
    assert.equal(first?.object.metadata.name, 'dry-real');
    await call(base, 'DELETE', '/api/v1/namespaces/default/services/dry-real');
    const second = await watch.next();
    assert.equal(second?.type, 'DELETED');
    watch.close();
  });

  it('rejects any other dryRun value', async () => {
    const r = await call(
      base,
      'POST',
      '/api/v1/namespaces/default/services?dryRun=Yes',
      service('x'),
    );
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All"',
    );
  });
});

describe('authorization', () => {
  it('answers 403 with the apiserver message for a denied verb', async () => {
    const r = await call(base, 'POST', '/api/v1/namespaces/default/services', service('denied'), {
      authorization: 'Bearer t0k3n',
    });
    assert.equal(r.status, 403);
    assert.equal(r.body.reason, 'Forbidden');
    assert.equal(
      r.body.message,
      'services is forbidden: User "restricted" cannot create resource "services" in API group "" in the namespace "default"',
    );
    const allowed = await call(base, 'GET', '/api/v1/namespaces/default/services', undefined, {
      authorization: 'Bearer t0k3n',
    });
    assert.equal(allowed.status, 200);
  });
});

describe('bad input', () => {
  const cases: {
    name: string;
    method: string;
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
    status: number;
    reason: string;
    message?: string | RegExp;
  }[] = [
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: '{"kind":',
      status: 400,
      reason: 'BadRequest',
      message:
        /^the object provided is unrecognized \(must be of type Service\): couldn't get version\/kind; json parse error: /,
    },
    {
      name: 'apiVersion mismatch',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: { ...service('v'), apiVersion: 'apps/v1' },
      status: 400,
      reason: 'BadRequest',
      message: 'the API version in the data (apps/v1) does not match the expected API version (v1)',
    },
    {
      name: 'kind mismatch',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: { ...service('v'), kind: 'Pod' },
      status: 400,
      reason: 'BadRequest',
      message: /^Pod in version "v1" cannot be handled as a Service/,
    },
    {
      name: 'namespace mismatch',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: { ...service('v'), metadata: { name: 'v', namespace: 'other' } },
      status: 400,
      reason: 'BadRequest',
      message:
        'the namespace of the provided object does not match the namespace sent on the request',
    },
    {
      name: 'name mismatch on PUT',
      method: 'PUT',
      path: '/api/v1/namespaces/default/services/a',
      body: service('b'),
      status: 400,
      reason: 'BadRequest',
      message: 'the name of the object (b) does not match the name on the URL (a)',
    },
    {
      name: 'oversized body',
      method: 'POST',
      path: '/api/v1/namespaces/default/endpoints',
      body: JSON.stringify({
        ...endpoints('big'),
        metadata: { name: 'big', annotations: { a: 'x'.repeat(3 * 1024 * 1024) } },
      }),
      status: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    },
    {
      name: 'unknown path',
      method: 'GET',
      path: '/api/v1/widgets',
      status: 404,
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    },
    {
      name: 'unknown group',
      method: 'GET',
      path: '/apis/nope.example.com/v1/things',
      status: 404,
      reason: 'NotFound',
    },
    {
      name: 'unknown subresource',
      method: 'GET',
      path: '/api/v1/namespaces/default/endpoints/x/status',
      status: 404,
      reason: 'NotFound',
    },
    {
      name: 'wrong verb on an item',
      method: 'POST',
      path: '/api/v1/namespaces/default/services/x',
      body: service('x'),
      status: 405,
      reason: 'MethodNotAllowed',
      message: 'the server does not allow this method on the requested resource',
    },
    {
      name: 'create on the all-namespaces path',
      method: 'POST',
      path: '/api/v1/services',
      body: service('x'),
      status: 405,
      reason: 'MethodNotAllowed',
    },
    {
      name: 'invalid label selector',
      method: 'GET',
      path: '/api/v1/pods?labelSelector=a%20b',
      status: 400,
      reason: 'BadRequest',
      message: "unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'",
    },
    {
      name: 'unknown field with Strict',
      method: 'POST',
      path: '/api/v1/namespaces/default/services?fieldValidation=Strict',
      body: { ...service('strict'), spec: { ports: [{ port: 80, nme: 'x' }], foo: 1 } },
      status: 400,
      reason: 'BadRequest',
      message: 'strict decoding error: unknown field "spec.ports[0].nme", unknown field "spec.foo"',
    },
    {
      name: 'body that is not an object',
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: '[1,2]',
      status: 400,
      reason: 'BadRequest',
    },
    {
      name: 'resourceVersion set on create',
      method: 'POST',
      path: '/api/v1/namespaces/default/endpoints',
      body: { ...endpoints('rv'), metadata: { name: 'rv', resourceVersion: '5' } },
      status: 400,
      reason: 'BadRequest',
      message: 'resourceVersion should not be set on objects to be created',
    },
    {
      name: 'malformed percent-encoding in the path',
      method: 'GET',
      path: '/api/v1/namespaces/%E0%A4%A/pods',
      status: 400,
      reason: 'BadRequest',
    },
    {
      name: 'bad continue token',
      method: 'GET',
      path: '/api/v1/pods?limit=1&continue=%%%',
      status: 400,
      reason: 'BadRequest',
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.reason}`, async () => {
      const r = await call(base, c.method, c.path, c.body, c.headers);
      assert.equal(r.status, c.status, JSON.stringify(r.body));
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, c.reason);
      assert.equal(r.body.code, c.status);
      if (typeof c.message === 'string') assert.equal(r.body.message, c.message);
      else if (c.message) assert.match(String(r.body.message), c.message);
    });
  }

  it('warns about unknown fields with fieldValidation=Warn and stores the object', async () => {
    const r = await call(base, 'POST', '/api/v1/namespaces/default/services?fieldValidation=Warn', {
      ...service('warned'),
      spec: { ports: [{ port: 80 }], bogus: true },
    });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('warning') ?? '', /unknown field \\"spec.bogus\\"/);
  });

  it('survives a garbage HTTP request and keeps serving everyone else', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(em.port, '127.0.0.1', () => {
        socket.write('GARBAGE / HTTP/9.9\r\n\r\n\x00\x01\x02');
      });
      socket.on('data', () => undefined);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      setTimeout(() => socket.destroy(), 500).unref();
    });
    await new Promise<void>((resolve) => {
      const socket = connect(em.port, '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/namespaces/default/services HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"kin',
        );
        socket.destroy();
        resolve();
      });
    });
    const r = await call(base, 'GET', '/api/v1/namespaces/default/services');
    assert.equal(r.status, 200);
  });
});
