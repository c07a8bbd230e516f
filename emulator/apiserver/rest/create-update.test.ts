/**
 * Create, get and update over real HTTP: strategy defaults, the upstream Status of AlreadyExists,
 * NotFound and Invalid, optimistic concurrency, no-op updates, generation, dryRun=All, and the
 * strategies' create and update warnings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../server';
import { call, deployment, endpoints, openWatch, service, startCore } from '../testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore();
  base = em.url;
});
after(() => em.stop());

const rvOf = (o: { metadata?: Record<string, unknown> }) => Number(o.metadata?.resourceVersion);

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

  it('creates a missing Service on PUT (201), allocating as a create does', async () => {
    const path = '/api/v1/namespaces/default/services/put-made';
    const made = await call(base, 'PUT', path, service('put-made'));
    assert.equal(made.status, 201);
    const spec = made.body.spec as { clusterIP: string; clusterIPs: string[]; type: string };
    assert.equal(spec.type, 'ClusterIP');
    assert.match(spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    assert.deepEqual(spec.clusterIPs, [spec.clusterIP]);
    assert.ok((made.body.metadata as { uid?: string }).uid);
    const again = await call(base, 'PUT', path, made.body);
    assert.equal(again.status, 200, 'an existing one is updated');
    const dep = await call(
      base,
      'PUT',
      '/apis/apps/v1/namespaces/default/deployments/put-missing',
      deployment('put-missing'),
    );
    assert.equal(dep.status, 404, 'Deployments are not created on update');
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

describe('create warnings (WarningsOnCreate)', () => {
  const slices = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
  const slice = (name: string, addressType: string, addresses: string[]) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name },
    addressType,
    endpoints: [{ addresses }],
  });

  it('warns that FQDN EndpointSlices are deprecated, on create only', async () => {
    const created = await call(base, 'POST', slices, slice('fqdn', 'FQDN', ['db.example.com']));
    assert.equal(created.status, 201);
    assert.equal(
      created.headers.get('warning'),
      '299 - "spec.addressType: FQDN endpoints are deprecated"',
    );
    const updated = await call(base, 'PUT', `${slices}/fqdn`, created.body);
    assert.equal(updated.status, 200);
    assert.equal(updated.headers.get('warning'), null);
  });

  it('does not warn for IP slices', async () => {
    const created = await call(base, 'POST', slices, slice('ipv4', 'IPv4', ['10.1.2.3']));
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('warning'), null);
  });

  const bad = (list: string, value: string, canonical: string) =>
    `299 - "${list}: non-standard IP address \\"${value}\\" will be considered invalid in a future Kubernetes release: use \\"${canonical}\\""`;

  it('warns on a non-standard address on create, update and patch (1.33)', async () => {
    const created = await call(base, 'POST', slices, slice('zeros', 'IPv4', ['010.001.002.003']));
    assert.equal(created.status, 201);
    const zeros = bad('endpoints[0].addresses[0]', '010.001.002.003', '10.1.2.3');
    assert.equal(created.headers.get('warning'), zeros);
    const updated = await call(base, 'PUT', `${slices}/zeros`, created.body);
    assert.equal(updated.headers.get('warning'), zeros);
    const patched = await call(
      base,
      'PATCH',
      `${slices}/zeros`,
      { endpoints: [{ addresses: ['10.1.2.3', '::ffff:10.1.2.4'] }] },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(patched.status, 200);
    assert.equal(
      patched.headers.get('warning'),
      bad('endpoints[0].addresses[1]', '::ffff:10.1.2.4', '10.1.2.4'),
    );
  });

  it("does not warn on the EndpointSlice controller's slices", async () => {
    const owned = slice('owned', 'IPv4', ['010.001.002.003']);
    Object.assign(owned.metadata, {
      labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    });
    const created = await call(base, 'POST', slices, owned);
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('warning'), null);
  });

  it('warns on a non-canonical IPv6 Endpoints address after the deprecation warning', async () => {
    const created = await call(base, 'POST', '/api/v1/namespaces/default/endpoints', {
      ...endpoints('v6'),
      subsets: [{ addresses: [{ ip: '2001:DB8::1' }], ports: [{ port: 80 }] }],
    });
    assert.equal(created.status, 201);
    assert.equal(
      created.headers.get('warning'),
      '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice", ' +
        '299 - "subsets[0].addresses[0].ip: IPv6 address \\"2001:DB8::1\\" should be in RFC 5952 canonical format (\\"2001:db8::1\\")"',
    );
  });
});
