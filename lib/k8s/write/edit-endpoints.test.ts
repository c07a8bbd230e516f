/**
 * Editing endpoints in place against the embedded cluster (seed scenario): legacy Endpoints (the
 * seed's external-web, mirrored by the cluster) and our own EndpointSlices; optimistic
 * concurrency turns a change made meanwhile into a conflict, never an overwrite.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { editEndpoints, readEndpointsForEdit } from './edit-endpoints';
import { createExternalService, previewExternalService } from './external-service';
import type { WriteDeps } from './deps';
import { failing, startTestCluster, USERS, type TestCluster } from './testing/test-cluster';
import type { EndpointsForEdit } from '@/lib/api/write-results';

let t: TestCluster;
before(async () => {
  t = await startTestCluster('seed');
});
after(async () => {
  await t?.cluster.stop();
});

const deps = (token?: string): WriteDeps => ({ send: t.send(token), readOnly: false });

async function read(name: string): Promise<EndpointsForEdit> {
  const r = await readEndpointsForEdit(deps(), 'default', name);
  assert.ok(r && !('status' in r), JSON.stringify(r));
  return r as EndpointsForEdit;
}

async function sliceAddresses(service: string): Promise<string[]> {
  const got = await t.cluster.kubectl(
    'get',
    'endpointslices',
    '-l',
    `kubernetes.io/service-name=${service}`,
    '-o',
    'jsonpath={.items[*].endpoints[*].addresses[*]}',
  );
  return got.stdout.split(/\s+/).filter(Boolean).sort();
}

describe('edit endpoints', () => {
  it('adds and removes addresses of the seed external-web (legacy Endpoints, mirrored)', async () => {
    const current = await read('external-web');
    assert.deepEqual(current.addresses, ['10.10.50.53']);
    assert.ok(current.editable);
    const added = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.53', '10.10.50.54'],
      versions: current.versions,
    });
    assert.equal(added.status, 'updated', JSON.stringify(added));
    const ep = await t.cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip}',
    );
    assert.deepEqual(ep.stdout.split(' ').sort(), ['10.10.50.53', '10.10.50.54']);
    const ports = await t.cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[0].ports[0].name}',
    );
    assert.equal(ports.stdout, 'apache');

    const again = await read('external-web');
    const removed = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.54'],
      versions: again.versions,
    });
    assert.equal(removed.status, 'updated', JSON.stringify(removed));
    const after2 = await t.cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip}',
    );
    assert.equal(after2.stdout, '10.10.50.54');
  });

  it('a change made meanwhile is a conflict, and that change survives', async () => {
    const seen = await read('external-web');
    // Someone else edits the Endpoints after the form was opened.
    const other = await t.cluster.kubectl('annotate', 'endpoints', 'external-web', 'someone=else');
    assert.equal(other.code, 0, other.stderr);
    const result = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.99'],
      versions: seen.versions,
    });
    assert.equal(result.status, 'conflict');
    assert.ok(result.status === 'conflict');
    assert.match(result.message, /changed/);
    const ep = await t.cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip} {.metadata.annotations.someone}',
    );
    assert.equal(ep.stdout, '10.10.50.54 else');
  });

  it('rejects forbidden addresses beside the field, and honours the override for internal ones', async () => {
    const seen = await read('external-web');
    const bad = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.54', '169.254.169.254'],
      versions: seen.versions,
    });
    assert.equal(bad.status, 'invalid');
    assert.ok(bad.status === 'invalid');
    assert.equal(bad.errors[0]?.field, 'addresses.1');
    const svc = await t.send()({
      method: 'GET',
      path: '/api/v1/namespaces/default/services/kubernetes',
    });
    const clusterIP = (svc.body as { spec: { clusterIP: string } }).spec.clusterIP;
    const refused = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: [clusterIP],
      versions: seen.versions,
    });
    assert.equal(refused.status, 'invalid');
    const allowed = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.54', clusterIP],
      allowInternalTarget: true,
      versions: seen.versions,
    });
    assert.equal(allowed.status, 'updated', JSON.stringify(allowed));
    const note = await t.cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.metadata.annotations.switchboard\\.dev/allow-internal-target}',
    );
    assert.equal(note.stdout, clusterIP);
  });

  it('edits our own EndpointSlices in place, adding a slice for a new family', async () => {
    const input = {
      namespace: 'default',
      name: 'db',
      addresses: ['10.20.0.1'],
      ports: [{ port: '5432', name: 'pg' }],
    };
    const preview = await previewExternalService(deps(), input);
    assert.ok(preview.status === 'preview', JSON.stringify(preview));
    const created = await createExternalService(deps(), {
      input: { ...input, requestId: preview.requestId },
      hash: preview.hash,
    });
    assert.equal(created.status, 'created');
    const seen = await read('db');
    assert.deepEqual(seen.addresses, ['10.20.0.1']);
    // The Service is IPv4 only (this cluster's one family): an IPv6 address would be dead.
    const refused = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'db',
      addresses: ['10.20.0.1', '2001:db8::20'],
      versions: seen.versions,
    });
    assert.ok(refused.status === 'invalid', JSON.stringify(refused));
    assert.deepEqual(
      refused.errors.map((e) => [e.field, e.code]),
      [['addresses', 'ip-family-unavailable']],
    );
    assert.match(refused.errors[0]?.message ?? '', /^Service default\/db has IPv4 addresses only/);
    assert.deepEqual(await sliceAddresses('db'), ['10.20.0.1']);
    // The same Service with both families (headless and selector-less: both even on this
    // cluster); its slice stays.
    const services = '/api/v1/namespaces/default/services';
    await t.send()({ method: 'DELETE', path: `${services}/db` });
    const dual = await t.send()({
      method: 'POST',
      path: services,
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'db' },
        spec: {
          clusterIP: 'None',
          ipFamilyPolicy: 'PreferDualStack',
          ports: [{ name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP' }],
        },
      },
    });
    assert.equal(dual.status, 201, JSON.stringify(dual.body));
    const result = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'db',
      addresses: ['10.20.0.1', '10.20.0.2', '2001:db8::20'],
      versions: (await read('db')).versions,
    });
    assert.equal(result.status, 'updated', JSON.stringify(result));
    assert.deepEqual(await sliceAddresses('db'), ['10.20.0.1', '10.20.0.2', '2001:db8::20']);
    const ports = await t.cluster.kubectl(
      'get',
      'endpointslice',
      'db-ipv6',
      '-o',
      'jsonpath={.ports[0].name}:{.ports[0].port}',
    );
    assert.equal(ports.stdout, 'pg:5432');
  });

  it('puts back earlier updates when a later one fails', async () => {
    const input = {
      namespace: 'default',
      name: 'both',
      addresses: ['10.30.0.1'],
      ports: [{ port: '80', name: 'http' }],
      createAs: 'Both' as const,
    };
    const preview = await previewExternalService(deps(), input);
    assert.ok(preview.status === 'preview');
    assert.equal(
      (
        await createExternalService(deps(), {
          input: { ...input, requestId: preview.requestId },
          hash: preview.hash,
        })
      ).status,
      'created',
    );
    const seen = await read('both');
    // The slice PUT goes first and succeeds; the Endpoints PUT fails.
    const send = failing(
      t.send(),
      (r) =>
        r.method === 'PUT' &&
        r.path.includes('/endpoints/both') &&
        !r.path.includes('endpointslices'),
      '500',
    );
    const result = await editEndpoints(
      { send, readOnly: false },
      { namespace: 'default', name: 'both', addresses: ['10.30.0.2'], versions: seen.versions },
    );
    assert.equal(result.status, 'failed');
    assert.deepEqual(await sliceAddresses('both'), ['10.30.0.1']);
    const ep = await t.cluster.kubectl(
      'get',
      'endpoints',
      'both',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip}',
    );
    assert.equal(ep.stdout, '10.30.0.1');
  });

  it('refuses a selector Service, read-only mode and a user without update', async () => {
    const nginx = await readEndpointsForEdit(deps(), 'default', 'ingress-nginx');
    assert.ok(nginx && !('status' in nginx));
    assert.equal((nginx as EndpointsForEdit).editable, false);
    const ro = await editEndpoints(
      { send: t.send(), readOnly: true },
      { namespace: 'default', name: 'external-web', addresses: [], versions: {} },
    );
    assert.equal(ro.status, 'read-only');
    assert.match((ro as { message: string }).message, /--read-only/);
    // A recorded snapshot (switchboard view) is read-only for another reason, said as such.
    const recorded = await editEndpoints(
      { send: t.send(), readOnly: true, snapshot: true },
      { namespace: 'default', name: 'external-web', addresses: [], versions: {} },
    );
    assert.equal(recorded.status, 'read-only');
    assert.match(
      (recorded as { message: string }).message,
      /recorded snapshot .* no cluster to change/,
    );
    assert.doesNotMatch((recorded as { message: string }).message, /--read-only/);
    const seen = await read('external-web');
    const denied = await editEndpoints(deps(USERS.noUpdate), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.60'],
      versions: seen.versions,
    });
    // The SSAR answer depends on the emulator honouring its auth config in reviews; the PUT is refused either way.
    assert.ok(denied.status === 'forbidden' || denied.status === 'failed', JSON.stringify(denied));
    const ep = await t.cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip}',
    );
    assert.ok(!ep.stdout.includes('10.10.50.60'));
  });

  it("says up front what the save would refuse: the API server's own Service, no update permission, no such Service", async () => {
    const apiserver = await readEndpointsForEdit(deps(), 'default', 'kubernetes');
    assert.ok(apiserver && !('status' in apiserver), JSON.stringify(apiserver));
    assert.equal(apiserver.editable, false);
    assert.match(apiserver.reason ?? '', /API server/);
    const put = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'kubernetes',
      addresses: apiserver.addresses,
      versions: apiserver.versions,
    });
    assert.equal(put.status, 'conflict');
    assert.ok(put.status === 'conflict' && put.message === apiserver.reason);

    const noUpdate = await readEndpointsForEdit(deps(USERS.noUpdate), 'default', 'external-web');
    assert.ok(noUpdate && !('status' in noUpdate), JSON.stringify(noUpdate));
    assert.equal(noUpdate.editable, false);
    assert.match(noUpdate.reason ?? '', /You may not update/);
    assert.ok((await read('external-web')).editable, 'the same Service is editable for others');

    assert.equal(await readEndpointsForEdit(deps(), 'default', 'no-such-service'), undefined);
    const gone = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'no-such-service',
      addresses: [],
      versions: {},
    });
    assert.equal(gone.status, 'conflict');
  });

  it('refuses hostile payloads without touching anything', async () => {
    for (const body of [
      null,
      'x',
      { namespace: 'default' },
      { namespace: 'default', name: 'external-web', addresses: 'x', versions: {} },
      { namespace: '../..', name: 'x', addresses: [], versions: {} },
    ]) {
      const r = await editEndpoints(deps(), body);
      assert.ok(['invalid', 'conflict'].includes(r.status), JSON.stringify(r));
    }
  });
});
