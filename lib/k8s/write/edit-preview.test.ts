/**
 * The edit form's Preview against the embedded cluster (seed scenario): the same checks and plan
 * as Save, sent as a server dry run — it says what changes and stores nothing, and a Save with
 * the versions the form was shown still succeeds after it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointsForEdit } from '@/lib/api/write-results';
import type { WriteDeps } from './deps';
import { editEndpoints, previewEditEndpoints, readEndpointsForEdit } from './edit-endpoints';
import { startTestCluster, USERS, type TestCluster } from './testing/test-cluster';

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

async function endpointsState(): Promise<string> {
  const got = await t.cluster.kubectl(
    'get',
    'endpoints',
    'external-web',
    '-o',
    'jsonpath={.subsets[*].addresses[*].ip} {.metadata.resourceVersion}',
  );
  assert.equal(got.code, 0, got.stderr);
  return got.stdout;
}

describe('edit endpoints preview', () => {
  it('says what a save would add, remove and keep, stores nothing, and the save still goes through', async () => {
    const seen = await read('external-web');
    const before = await endpointsState();
    const preview = await previewEditEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.60', '10.10.50.53'],
      versions: seen.versions,
    });
    assert.equal(preview.status, 'edit-preview', JSON.stringify(preview));
    assert.ok(preview.status === 'edit-preview');
    assert.deepEqual(preview.added, ['10.10.50.60']);
    assert.deepEqual(preview.removed, []);
    assert.deepEqual(preview.kept, ['10.10.50.53']);
    assert.deepEqual(preview.writes, [
      {
        verb: 'update',
        kind: 'Endpoints',
        name: 'external-web',
        message: 'accepted by the API server (dry run)',
      },
    ]);
    assert.match(preview.yaml, /kind: Endpoints/);
    assert.match(preview.yaml, /ip: 10\.10\.50\.60/);
    assert.equal(preview.focus, '/?focus=default/external-web');
    assert.equal(await endpointsState(), before, 'a dry run changes neither addresses nor version');

    const saved = await editEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.60'],
      versions: seen.versions,
    });
    assert.equal(saved.status, 'updated', JSON.stringify(saved));
    assert.match(await endpointsState(), /^10\.10\.50\.60 /);
  });

  it('lists a removal beside the address that replaces it', async () => {
    const seen = await read('external-web');
    const preview = await previewEditEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.61'],
      versions: seen.versions,
    });
    assert.ok(preview.status === 'edit-preview', JSON.stringify(preview));
    assert.deepEqual(preview.added, ['10.10.50.61']);
    assert.deepEqual(preview.removed, ['10.10.50.60']);
    assert.deepEqual(preview.kept, []);
    // What a person reads, as the create preview shows it: none of the server's bookkeeping.
    // The object as stored (written by the save above) has every one of these; the preview
    // leaves them out.
    const stored = await t.cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '--show-managed-fields',
      '-o',
      'yaml',
    );
    for (const field of ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp']) {
      assert.match(stored.stdout, new RegExp(`\\b${field}:`), `the stored object has ${field}`);
      assert.doesNotMatch(preview.yaml, new RegExp(`\\b${field}:`), field);
    }
    assert.match(preview.yaml, /name: external-web/);
  });

  it('meets the same refusals a save would: a change made meanwhile, bad addresses, no permission', async () => {
    const seen = await read('external-web');
    const other = await t.cluster.kubectl('annotate', 'endpoints', 'external-web', 'someone=else');
    assert.equal(other.code, 0, other.stderr);
    const stale = await previewEditEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.62'],
      versions: seen.versions,
    });
    assert.equal(stale.status, 'conflict', JSON.stringify(stale));

    const fresh = await read('external-web');
    const loopback = await previewEditEndpoints(deps(), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['127.0.0.1', 'not an ip'],
      versions: fresh.versions,
    });
    assert.ok(loopback.status === 'invalid', JSON.stringify(loopback));
    assert.deepEqual(
      loopback.errors.map((e) => e.field),
      ['addresses.0', 'addresses.1'],
      'every bad address at once',
    );

    const denied = await previewEditEndpoints(deps(USERS.noUpdate), {
      namespace: 'default',
      name: 'external-web',
      addresses: ['10.10.50.63'],
      versions: fresh.versions,
    });
    assert.ok(denied.status === 'forbidden' || denied.status === 'failed', JSON.stringify(denied));
    assert.doesNotMatch(await endpointsState(), /10\.10\.50\.6[23]/);
  });
});
