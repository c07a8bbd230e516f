/**
 * The create path against the embedded cluster (a real process, reached over HTTP): preview,
 * create, conflicts, permission refusals, concurrent submits, and a failure injected at every
 * step with the rollback checked by listing what is left.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ExternalServiceInput } from '@/lib/topology/validation';
import { accessForCreate, createExternalService, previewExternalService } from './external-service';
import type { WriteDeps } from './deps';
import {
  dualStack,
  failing,
  startTestCluster,
  USERS,
  type TestCluster,
} from './testing/test-cluster';
import type { KubeResponse, KubeSend } from './client';
import type { WriteResult } from '@/lib/api/write-results';

const SEED: ExternalServiceInput = {
  namespace: 'default',
  name: 'external-web',
  addresses: ['10.10.50.53'],
  ports: [{ port: '80', name: 'apache', protocol: 'TCP' }],
  createAs: 'EndpointSlice',
  allowInternalTarget: false,
};

let t: TestCluster;
before(async () => {
  t = await startTestCluster('empty');
});
after(async () => {
  await t?.cluster.stop();
});

const deps = (send?: KubeSend, readOnly = false): WriteDeps => ({
  send: send ?? t.send(),
  readOnly,
});

async function previewThenCreate(
  input: ExternalServiceInput,
  createDeps = deps(),
  previewDeps = deps(),
): Promise<{ preview: WriteResult; result: WriteResult }> {
  const preview = await previewExternalService(previewDeps, input);
  assert.equal(preview.status, 'preview', JSON.stringify(preview));
  if (preview.status !== 'preview') throw new Error('no preview');
  const result = await createExternalService(createDeps, {
    input: { ...input, requestId: preview.requestId },
    hash: preview.hash,
  });
  return { preview, result };
}

/** Everything in the namespace that belongs to `name`: the Service, slices by label, Endpoints. */
async function leftovers(namespace: string, name: string): Promise<string[]> {
  const send = t.send();
  const out: string[] = [];
  const svc = await send({
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/services/${name}`,
  });
  if (svc.status === 200) out.push(`Service/${name}`);
  const slices = await send({
    method: 'GET',
    path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${name}`)}`,
  });
  for (const s of (slices.body as { items: { metadata: { name: string } }[] }).items)
    out.push(`EndpointSlice/${s.metadata.name}`);
  const ep = await send({
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/endpoints/${name}`,
  });
  if (ep.status === 200) out.push(`Endpoints/${name}`);
  return out.sort();
}

async function remove(namespace: string, name: string): Promise<void> {
  const send = t.send();
  for (const path of [
    `/api/v1/namespaces/${namespace}/services/${name}`,
    `/api/v1/namespaces/${namespace}/endpoints/${name}`,
    `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices/${name}-ipv4`,
    `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices/${name}-ipv6`,
  ]) {
    await send({ method: 'DELETE', path });
  }
}

describe('create an external Service', () => {
  it('recreates the seed external-web: preview, then create exactly what was previewed', async () => {
    const { preview, result } = await previewThenCreate(SEED);
    assert.equal(result.status, 'created', JSON.stringify(result));
    assert.ok(preview.status === 'preview');
    assert.match(preview.command, /^kubectl apply -f - <<'EOF'\n/);
    assert.deepEqual(
      preview.dryRun.map((d) => d.kind),
      ['Service', 'EndpointSlice'],
    );
    assert.deepEqual(await leftovers('default', 'external-web'), [
      'EndpointSlice/external-web-ipv4',
      'Service/external-web',
    ]);
    // The slice kubectl sees is the one the preview showed.
    const got = await t.cluster.kubectl(
      'get',
      'endpointslices',
      '-l',
      'kubernetes.io/service-name=external-web',
      '-o',
      'yaml',
    );
    assert.equal(got.code, 0, got.stderr);
    const slice = (parse(got.stdout) as { items: Record<string, unknown>[] }).items[0] as {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      addressType: string;
      endpoints: unknown;
      ports: unknown;
    };
    const shown = preview.manifests[1] as unknown as typeof slice;
    assert.deepEqual(slice.metadata.labels, shown.metadata.labels);
    assert.deepEqual(slice.metadata.annotations, shown.metadata.annotations);
    assert.equal(slice.addressType, shown.addressType);
    assert.deepEqual(slice.endpoints, shown.endpoints);
    assert.deepEqual(slice.ports, shown.ports);
    assert.ok(result.status === 'created');
    assert.equal(result.focus, '/?focus=default/external-web');
    // The printed YAML is what kubectl would apply: a server-side dry run of it succeeds.
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-yaml-'));
    writeFileSync(join(dir, 'preview.yaml'), preview.yaml);
    const applied = await t.cluster.kubectl(
      'apply',
      '--dry-run=server',
      '-f',
      join(dir, 'preview.yaml'),
    );
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /service\/external-web (unchanged|configured|created)/);

    // A second create of the same name is a conflict with a link, and touches nothing.
    const before = await t.cluster.kubectl(
      'get',
      'svc',
      'external-web',
      '-o',
      'jsonpath={.metadata.resourceVersion}',
    );
    const again = await previewExternalService(deps(), SEED);
    assert.equal(again.status, 'conflict');
    assert.ok(again.status === 'conflict');
    assert.equal(again.focus, '/?focus=default/external-web');
    const afterRv = await t.cluster.kubectl(
      'get',
      'svc',
      'external-web',
      '-o',
      'jsonpath={.metadata.resourceVersion}',
    );
    assert.equal(afterRv.stdout, before.stdout);
    await remove('default', 'external-web');
  });

  it('refuses to create anything but what was previewed', async () => {
    const preview = await previewExternalService(deps(), { ...SEED, name: 'stale' });
    assert.ok(preview.status === 'preview');
    const result = await createExternalService(deps(), {
      input: { ...SEED, name: 'stale', addresses: ['10.10.50.54'], requestId: preview.requestId },
      hash: preview.hash,
    });
    assert.equal(result.status, 'stale-preview');
    const noHash = await createExternalService(deps(), {
      input: { ...SEED, name: 'stale' },
      hash: undefined,
    });
    assert.equal(noHash.status, 'stale-preview');
    assert.deepEqual(await leftovers('default', 'stale'), []);
  });

  it('rejects invalid input before any write, beside the field', async () => {
    for (const [patch, field] of [
      [{ addresses: ['127.0.0.1'] }, 'addresses.0'],
      [{ addresses: ['169.254.169.254'] }, 'addresses.0'],
      [{ ports: [{ port: '70000', name: 'apache' }] }, 'ports.0.port'],
      [{ name: 'Bad_Name' }, 'name'],
      [{ namespace: 'nope' }, 'namespace'],
    ] as const) {
      const result = await previewExternalService(deps(), { ...SEED, name: 'bad-one', ...patch });
      assert.equal(result.status, 'invalid', JSON.stringify(patch));
      assert.ok(result.status === 'invalid');
      assert.equal(result.errors[0]?.field, field);
    }
    assert.deepEqual(await leftovers('default', 'bad-one'), []);
  });

  it('reports every problem at once: field mistakes beside what only the cluster knows', async () => {
    const svc = await t.send()({
      method: 'GET',
      path: '/api/v1/namespaces/default/services/kubernetes',
    });
    const clusterIP = (svc.body as { spec: { clusterIP: string } }).spec.clusterIP;
    const result = await previewExternalService(deps(), {
      ...SEED,
      namespace: 'no-such-namespace',
      name: 'Bad_Name',
      addresses: [clusterIP, '203.0.113.10 '],
      ports: [{ port: '0', name: '', protocol: 'TCP' }],
    });
    assert.ok(result.status === 'invalid', JSON.stringify(result));
    assert.deepEqual(result.errors.map((e) => `${e.field}:${e.code}`).sort(), [
      'addresses.0:internal-target',
      'addresses.1:whitespace',
      'name:name',
      'namespace:namespace-missing',
      'ports.0.port:port-range',
    ]);
  });

  it('refuses a ClusterIP unless overridden, and records the override', async () => {
    const svc = await t.send()({
      method: 'GET',
      path: '/api/v1/namespaces/default/services/kubernetes',
    });
    const clusterIP = (svc.body as { spec: { clusterIP: string } }).spec.clusterIP;
    const refused = await previewExternalService(deps(), {
      ...SEED,
      name: 'inward',
      addresses: [clusterIP],
    });
    assert.equal(refused.status, 'invalid');
    assert.ok(refused.status === 'invalid');
    assert.equal(refused.errors[0]?.code, 'internal-target');
    const { result } = await previewThenCreate({
      ...SEED,
      name: 'inward',
      addresses: [clusterIP],
      allowInternalTarget: true,
    });
    assert.equal(result.status, 'created');
    const got = await t.cluster.kubectl(
      'get',
      'svc',
      'inward',
      '-o',
      'jsonpath={.metadata.annotations.switchboard\\.dev/allow-internal-target}',
    );
    assert.equal(got.stdout, clusterIP);
    await remove('default', 'inward');
  });

  it('tells a user denied create on endpointslices, before anything is created', async () => {
    const result = await previewExternalService(deps(t.send(USERS.noSlices)), {
      ...SEED,
      name: 'denied',
    });
    assert.equal(result.status, 'forbidden');
    assert.ok(result.status === 'forbidden');
    assert.deepEqual(
      result.denied.map((d) => `${d.verb} ${d.resource}`),
      ['create endpointslices'],
    );
    assert.match(
      result.message,
      /You may not create endpointslices \(discovery\.k8s\.io\) in namespace default/,
    );
    // The same user may create with legacy Endpoints only.
    const legacy = await previewExternalService(deps(t.send(USERS.noSlices)), {
      ...SEED,
      name: 'denied',
      createAs: 'Endpoints',
    });
    assert.equal(legacy.status, 'preview');
    // A user who could not undo a half-made create (no delete on services) is refused up front.
    const noDelete = await previewExternalService(deps(t.send(USERS.noDelete)), {
      ...SEED,
      name: 'denied',
    });
    assert.equal(noDelete.status, 'forbidden');
    assert.deepEqual(await leftovers('default', 'denied'), []);
  });

  it("the form's first check asks what the preview asks: no delete, no create, and says why", async () => {
    // M5: a user who may create but not delete was told "allowed" by the form, then refused.
    const noDelete = deps(t.send(USERS.noDelete));
    const access = await accessForCreate(noDelete, 'default');
    assert.equal(access.allowed, false);
    const preview = await previewExternalService(noDelete, { ...SEED, name: 'denied' });
    assert.ok(preview.status === 'forbidden', JSON.stringify(preview));
    const asked = (denied: readonly { verb: string; resource: string }[]) =>
      denied.map((d) => `${d.verb} ${d.resource}`);
    // Every denial the preview gives, the form gave first (the form asks for every kind).
    for (const denial of asked(preview.denied)) assert.ok(asked(access.denied).includes(denial));
    assert.ok(asked(access.denied).includes('delete services'));
    for (const message of [preview.message, ...access.denied.map((d) => d.message)]) {
      assert.match(message, /needed to roll back a half-made create/);
    }
    // A user with every right is allowed by both.
    assert.equal((await accessForCreate(deps(), 'default')).allowed, true);
  });

  it('read-only mode refuses writes', async () => {
    const result = await previewExternalService(deps(undefined, true), SEED);
    assert.equal(result.status, 'read-only');
    const create = await createExternalService(deps(undefined, true), { input: SEED, hash: 'x' });
    assert.equal(create.status, 'read-only');
  });

  it('does not adopt endpoints that already carry the name', async () => {
    const send = t.send();
    await send({
      method: 'POST',
      path: '/api/v1/namespaces/default/endpoints',
      body: {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'orphan' },
        subsets: [{ addresses: [{ ip: '10.1.1.1' }], ports: [{ port: 80 }] }],
      },
    });
    const result = await previewExternalService(deps(), { ...SEED, name: 'orphan' });
    assert.equal(result.status, 'conflict');
    assert.ok(result.status === 'conflict');
    assert.match(result.message, /already exist/);
    await remove('default', 'orphan');
  });

  const foreignSlice = (name: string, labels: Record<string, string>) => ({
    method: 'POST' as const,
    path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
    body: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, labels },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.2.2.2'] }],
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
    },
  });

  it("names the real owner of a slice that already has our slice's name", async () => {
    const send = t.send();
    const slicePath = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/coll-ipv4';
    const input = { ...SEED, name: 'coll' };
    // Labelled for a Service that does not exist: said so, and no link to a Service at all.
    const made = await send(foreignSlice('coll-ipv4', { 'kubernetes.io/service-name': 'other' }));
    assert.equal(made.status, 201);
    const missing = await previewExternalService(deps(), input);
    assert.ok(missing.status === 'conflict', JSON.stringify(missing));
    assert.equal(
      missing.message,
      'The EndpointSlice this form would name "coll-ipv4" already exists in namespace "default", and its kubernetes.io/service-name label names Service "other", which does not exist. Nothing was created or overwritten. Choose another name for the Service, or delete or rename that EndpointSlice if nothing uses it.',
    );
    assert.equal(missing.focus, undefined);
    // Its owner exists: named, and linked.
    const other = await send({
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'other' },
        spec: { ports: [{ port: 80 }] },
      },
    });
    assert.equal(other.status, 201);
    const owned = await previewExternalService(deps(), input);
    assert.ok(owned.status === 'conflict');
    assert.match(
      owned.message,
      /belongs to Service "other" \(its kubernetes.io\/service-name label\)/,
    );
    assert.equal(owned.focus, '/?focus=default/other');
    // No label: no Service's.
    await send({ method: 'DELETE', path: slicePath });
    await send(foreignSlice('coll-ipv4', {}));
    const create = await createExternalService(deps(), { input, hash: 'x' });
    assert.equal(create.status, 'stale-preview');
    const unowned = await previewExternalService(deps(), input);
    assert.ok(unowned.status === 'conflict');
    assert.match(
      unowned.message,
      /it belongs to no Service \(it has no kubernetes.io\/service-name label\)/,
    );
    assert.equal(unowned.focus, undefined);
    assert.deepEqual(await leftovers('default', 'coll'), []);
    await send({ method: 'DELETE', path: slicePath });
    await remove('default', 'other');
  });

  it('rolls back when an EndpointSlice with the name appears mid-create, and leaves that slice alone', async () => {
    const send = t.send();
    const preview = await previewExternalService(deps(), { ...SEED, name: 'clash' });
    assert.ok(preview.status === 'preview');
    // The slice appears after every check, right as the Service is created.
    let existing: KubeResponse | undefined;
    const racing: KubeSend = async (request) => {
      const kind = (request.body as { kind?: string } | undefined)?.kind;
      if (request.method === 'POST' && kind === 'Service' && !existing)
        existing = await send(
          foreignSlice('clash-ipv4', { 'kubernetes.io/service-name': 'someone-else' }),
        );
      return send(request);
    };
    const result = await createExternalService(deps(racing), {
      input: { ...SEED, name: 'clash', requestId: preview.requestId },
      hash: preview.hash,
    });
    assert.equal(existing?.status, 201);
    const rv = (existing?.body as { metadata: { resourceVersion: string } }).metadata
      .resourceVersion;
    assert.equal(result.status, 'failed', JSON.stringify(result));
    assert.ok(result.status === 'failed');
    assert.match(result.message, /already exists/);
    assert.deepEqual(
      result.rolledBack.map((o) => o.kind),
      ['Service'],
    );
    assert.deepEqual(result.leftBehind, []);
    assert.deepEqual(await leftovers('default', 'clash'), []);
    const still = await send({
      method: 'GET',
      path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/clash-ipv4',
    });
    assert.equal(
      (still.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
      rv,
    );
    await send({
      method: 'DELETE',
      path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/clash-ipv4',
    });
  });

  const DUAL: ExternalServiceInput = {
    ...SEED,
    addresses: ['10.10.50.53', '2001:db8::53'],
    createAs: 'Both',
  };
  const isCreate = (r: { method: string; path: string }) =>
    r.method === 'POST' && !r.path.includes('dryRun') && !r.path.includes('accessreviews');
  for (const how of ['throw', '500', 'lose-answer'] as const) {
    for (let step = 0; step < 4; step++) {
      it(`leaves nothing half-made when create step ${step + 1} of 4 fails (${how})`, async () => {
        const name = `fail-${how}-${step}`;
        let creates = 0;
        const send = failing(dualStack(t.send()), (r) => isCreate(r) && creates++ === step, how);
        const { result } = await previewThenCreate(
          { ...DUAL, name },
          deps(send),
          deps(dualStack(t.send())),
        );
        assert.notEqual(result.status, 'created');
        if (result.status === 'failed') assert.deepEqual(result.leftBehind, []);
        assert.deepEqual(await leftovers('default', name), []);
      });
    }
  }

  it('leaves nothing when the first rollback delete fails too (retried)', async () => {
    const name = 'fail-rollback';
    let creates = 0;
    let deletes = 0;
    const send = failing(
      dualStack(t.send()),
      (r) => (isCreate(r) && creates++ === 2) || (r.method === 'DELETE' && deletes++ === 0),
    );
    const { result } = await previewThenCreate(
      { ...DUAL, name },
      deps(send),
      deps(dualStack(t.send())),
    );
    assert.equal(result.status, 'failed');
    assert.deepEqual(await leftovers('default', name), []);
  });

  it('two concurrent submits of the same name: exactly one wins', async () => {
    const a = await previewExternalService(deps(), {
      ...SEED,
      name: 'race',
      addresses: ['10.3.3.1'],
    });
    const b = await previewExternalService(deps(), {
      ...SEED,
      name: 'race',
      addresses: ['10.3.3.2'],
    });
    assert.ok(a.status === 'preview' && b.status === 'preview');
    const results = await Promise.all([
      createExternalService(deps(), {
        input: { ...SEED, name: 'race', addresses: ['10.3.3.1'], requestId: a.requestId },
        hash: a.hash,
      }),
      createExternalService(deps(), {
        input: { ...SEED, name: 'race', addresses: ['10.3.3.2'], requestId: b.requestId },
        hash: b.hash,
      }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, ['conflict', 'created']);
    const winner = results[0]?.status === 'created' ? '10.3.3.1' : '10.3.3.2';
    const got = await t.cluster.kubectl(
      'get',
      'endpointslices',
      '-l',
      'kubernetes.io/service-name=race',
      '-o',
      'jsonpath={.items[*].endpoints[*].addresses[*]}',
    );
    assert.equal(got.stdout.trim(), winner);
    await remove('default', 'race');
  });
  it('asks for the IP families the addresses need, and says when this cluster cannot give them', async () => {
    // This cluster serves IPv4 only: an IPv6 Service is refused, beside the addresses.
    for (const addresses of [['2001:db8::10'], ['10.10.50.60', '2001:db8::10']]) {
      const result = await previewExternalService(deps(), { ...SEED, name: 'v6', addresses });
      assert.equal(result.status, 'invalid', JSON.stringify(result));
      assert.ok(result.status === 'invalid');
      assert.deepEqual(
        result.errors.map((e) => [e.field, e.code]),
        [['addresses', 'ip-family-unavailable']],
      );
      // The rows of the refused family are marked, so the form can point at them.
      assert.deepEqual(result.errors[0]?.marks, [`addresses.${addresses.length - 1}`]);
      assert.equal(
        result.errors[0]?.message,
        'This cluster gives Services IPv4 addresses only: the IPv6 addresses (2001:db8::10) would never receive traffic. Remove them, or use a dual-stack cluster.',
      );
      assert.match(
        result.errors[0]?.apiserver ?? '',
        /spec\.ipFamilies\[\d\]: Invalid value: "IPv6": not configured on this cluster/,
      );
    }
    assert.deepEqual(await leftovers('default', 'v6'), []);

    // A cluster that quietly drops a family (PreferDualStack answered with IPv4 only) is caught too.
    const dropping: KubeSend = async (request) => {
      const body = request.body as { kind?: string; spec?: Record<string, unknown> } | undefined;
      if (body?.kind !== 'Service' || !body.spec) return t.send()(request);
      const { ipFamilies: _families, ...spec } = body.spec;
      return t.send()({ ...request, body: { ...body, spec } });
    };
    const dropped = await previewExternalService(deps(dropping), {
      ...SEED,
      name: 'v6',
      addresses: ['10.10.50.60', '2001:db8::10'],
    });
    assert.ok(dropped.status === 'invalid', JSON.stringify(dropped));
    assert.equal(dropped.errors[0]?.code, 'ip-family-unavailable');
    assert.equal(dropped.errors[0]?.apiserver, undefined);

    // On a dual-stack cluster the preview, its kubectl command and the create all carry them.
    const dual = deps(dualStack(t.send()));
    const input = { ...SEED, name: 'v6', addresses: ['2001:db8::10', '10.10.50.60'] };
    const { preview, result } = await previewThenCreate(input, dual, dual);
    assert.ok(preview.status === 'preview' && result.status === 'created');
    const families = { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv4'] };
    const spec = preview.manifests[0]?.spec as Record<string, unknown>;
    assert.deepEqual(
      { ipFamilyPolicy: spec.ipFamilyPolicy, ipFamilies: spec.ipFamilies },
      families,
    );
    const yamlService = parse(
      preview.yaml.split('---\n')[0] ?? '',
    ) as (typeof preview.manifests)[0];
    assert.deepEqual(yamlService, preview.manifests[0]);
    assert.ok(preview.command.includes(preview.yaml.split('---\n')[0] ?? '-'));
    await remove('default', 'v6');
  });
});
