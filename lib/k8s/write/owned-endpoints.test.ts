/**
 * What the create form makes besides the Service is owned by it, against the embedded cluster
 * (garbage collector and endpoints controllers running) and real kubectl: the preview shows the
 * owner reference with the uid pending, create fills in the Service's uid and nothing else,
 * `kubectl delete svc` takes the slices and Endpoints with it, and the name can be created again.
 * The printed kubectl command does the same.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SERVICE_UID_PENDING,
  withServiceUid,
  type ExternalServiceInput,
  type Manifest,
} from '@/lib/topology/validation';
import { createExternalService, previewExternalService } from './external-service';
import { startTestCluster, type TestCluster } from './testing/test-cluster';

const BOTH: ExternalServiceInput = {
  namespace: 'default',
  name: 'ext-both',
  addresses: ['10.10.50.53', '10.10.50.54'],
  ports: [{ port: '443', name: 'https', protocol: 'TCP' }],
  createAs: 'Both',
  allowInternalTarget: false,
};

let t: TestCluster;
before(async () => {
  t = await startTestCluster('empty');
});
after(async () => {
  await t?.cluster.stop();
});

const deps = () => ({ send: t.send(), readOnly: false });

async function kubectlJson(...args: string[]): Promise<Record<string, unknown>> {
  const got = await t.cluster.kubectl(...args, '-o', 'json');
  assert.equal(got.code, 0, got.stderr);
  return JSON.parse(got.stdout) as Record<string, unknown>;
}

/** The slices labelled for `name` and its Endpoints, as `Kind/name`. */
async function endpointObjects(name: string): Promise<string[]> {
  const slices = await kubectlJson(
    'get',
    'endpointslices',
    '-l',
    `kubernetes.io/service-name=${name}`,
  );
  const out = (slices.items as { metadata: { name: string } }[]).map(
    (s) => `EndpointSlice/${s.metadata.name}`,
  );
  const ep = await t.cluster.kubectl('get', 'endpoints', name, '-o', 'name');
  if (ep.code === 0) out.push(`Endpoints/${name}`);
  return out.sort();
}

/** Garbage collection is asynchronous: look again until nothing is left, a bounded number of times. */
async function endpointObjectsOnceSettled(name: string): Promise<string[]> {
  let left = await endpointObjects(name);
  for (let i = 0; i < 50 && left.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await endpointObjects(name);
  }
  return left;
}

async function previewThenCreate(input: ExternalServiceInput) {
  const preview = await previewExternalService(deps(), input);
  assert.ok(preview.status === 'preview', JSON.stringify(preview));
  const result = await createExternalService(deps(), {
    input: { ...input, requestId: preview.requestId },
    hash: preview.hash,
  });
  assert.ok(result.status === 'created', JSON.stringify(result));
  return { preview, result };
}

/** What create wrote, in the terms the preview used (the server's own fields left out). */
function asSent(stored: Record<string, unknown>, shown: Manifest): Record<string, unknown> {
  const meta = stored.metadata as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const field of Object.keys(shown)) picked[field] = stored[field];
  picked.metadata = Object.fromEntries(
    Object.keys(shown.metadata).map((field) => [field, meta[field]]),
  );
  return picked;
}

describe('endpoints objects owned by their Service', () => {
  it('previews the owner reference as pending, creates it with the uid, and goes with the Service', async () => {
    const { preview, result } = await previewThenCreate(BOTH);
    assert.ok(preview.status === 'preview' && result.status === 'created');
    const [service, ...owned] = preview.manifests;
    assert.equal(service?.kind, 'Service');
    assert.deepEqual(
      owned.map((m) => `${m.kind}/${m.metadata.name}`),
      ['EndpointSlice/ext-both-ipv4', 'Endpoints/ext-both'],
    );
    for (const m of owned) {
      assert.deepEqual(m.metadata.ownerReferences, [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: 'ext-both',
          uid: SERVICE_UID_PENDING,
          controller: true,
        },
      ]);
    }
    assert.match(preview.yaml, /uid: <assigned when the Service is created>/);

    // Create sent what the preview showed, the Service's uid filled in and nothing else.
    const uid = result.created.find((c) => c.kind === 'Service')?.uid;
    assert.ok(uid);
    const slice = await kubectlJson('get', 'endpointslice', 'ext-both-ipv4');
    const endpoints = await kubectlJson('get', 'endpoints', 'ext-both');
    const [shownSlice, shownEndpoints] = owned.map((m) => withServiceUid(m, uid)) as [
      Manifest,
      Manifest,
    ];
    assert.deepEqual(asSent(slice, shownSlice), JSON.parse(JSON.stringify(shownSlice)));
    assert.deepEqual(asSent(endpoints, shownEndpoints), JSON.parse(JSON.stringify(shownEndpoints)));

    const deleted = await t.cluster.kubectl('delete', 'svc', 'ext-both');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(await endpointObjectsOnceSettled('ext-both'), []);

    // Nothing stale is left to refuse the name: the form creates it again.
    const again = await previewThenCreate(BOTH);
    assert.equal(again.result.status, 'created');
    assert.equal((await t.cluster.kubectl('delete', 'svc', 'ext-both')).code, 0);
    assert.deepEqual(await endpointObjectsOnceSettled('ext-both'), []);
  });

  it('the printed kubectl command creates the same owned objects', async () => {
    const input = { ...BOTH, name: 'ext-cli' };
    const preview = await previewExternalService(deps(), input);
    assert.ok(preview.status === 'preview', JSON.stringify(preview));
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-euo', 'pipefail', '-c', preview.command],
        { env: { ...process.env, HOME: dir, KUBECONFIG: t.cluster.kubeconfig }, timeout: 60_000 },
        (err, _stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }),
      );
    });
    assert.equal(run.code, 0, run.stderr);
    const service = await kubectlJson('get', 'service', 'ext-cli');
    const uid = (service.metadata as { uid: string }).uid;
    for (const [kind, name] of [
      ['endpointslice', 'ext-cli-ipv4'],
      ['endpoints', 'ext-cli'],
    ] as const) {
      const got = await kubectlJson('get', kind, name);
      const refs = (got.metadata as { ownerReferences?: { uid: string; name: string }[] })
        .ownerReferences;
      assert.deepEqual(
        refs?.map((r) => [r.name, r.uid]),
        [['ext-cli', uid]],
      );
    }
    assert.equal((await t.cluster.kubectl('delete', 'svc', 'ext-cli')).code, 0);
    assert.deepEqual(await endpointObjectsOnceSettled('ext-cli'), []);
  });
});
