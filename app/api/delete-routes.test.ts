/**
 * Deleting an external Service through the routes, handlers called directly (no Next server)
 * against the embedded cluster (garbage collector and endpoints controllers running), with real
 * kubectl as the judge: the dialog's read lists what goes and why, with the kubectl equivalent;
 * the DELETE takes the Service, what it owns and the form's slices from before owner references,
 * and leaves a slice someone else made; anything changed since the read — the Service replaced
 * by another of the same name included — is a 409 that deletes nothing; the guard, the body and
 * the API server's own Service are refused as problems.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeletionPlan, Preview, WriteSuccess } from '@/lib/api/write-results';
import type { EmbeddedCluster } from '../../e2e/harness';
import { DELETE as remove, POST as create } from './external-services/route';
import { GET as readDeletion } from './external-services/deletion/route';
import { POST as preview } from './external-services/preview/route';
import { startDashboardCluster, stopDashboard } from './testing/dashboard';
import { call, expectJson, expectProblem, SAME_ORIGIN } from './testing/routes';

let cluster: EmbeddedCluster;
before(async () => {
  cluster = await startDashboardCluster('empty');
});
after(() => stopDashboard(cluster));

async function createWithForm(name: string) {
  const input = {
    namespace: 'default',
    name,
    addresses: ['10.10.70.1'],
    ports: [{ port: '80', name: 'http', protocol: 'TCP' }],
    createAs: 'EndpointSlice',
  };
  const shown = await expectJson<Preview>(
    await call(preview, '/api/external-services/preview', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: { input },
    }),
  );
  await expectJson(
    await call(create, '/api/external-services', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: { input: { ...input, requestId: shown.requestId }, hash: shown.hash },
    }),
    201,
  );
}

/** An EndpointSlice for `service` with these labels and no owner references, made by kubectl. */
async function applySlice(name: string, service: string, labels: Record<string, string>) {
  const file = join(mkdtempSync(join(tmpdir(), 'delete-routes-')), 'slice.json');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name,
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': service, ...labels },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.10.70.9'] }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    }),
  );
  const made = await cluster.kubectl('apply', '-f', file);
  assert.equal(made.code, 0, made.stderr);
}

/** What kubectl lists for the name: the Service, its labelled slices, its Endpoints. */
async function objectsOf(name: string): Promise<string> {
  const got = await cluster.kubectl(
    'get',
    'services,endpoints',
    '-o',
    'name',
    '--field-selector',
    `metadata.name=${name}`,
  );
  const slices = await cluster.kubectl(
    'get',
    'endpointslices',
    '-l',
    `kubernetes.io/service-name=${name}`,
    '-o',
    'name',
  );
  return [got.stdout, slices.stdout].join('\n').split('\n').filter(Boolean).sort().join(' ');
}

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await check()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(await check());
}

const plan = (name: string) =>
  call(readDeletion, `/api/external-services/deletion?namespace=default&name=${name}`);

const del = (body: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
  call(remove, '/api/external-services', { method: 'DELETE', headers, body });

describe('deleting an external Service', () => {
  it('lists what goes and why, deletes it, the old form slice too, and keeps a stranger’s', async () => {
    await createWithForm('gone-web');
    await applySlice('gone-web-legacy', 'gone-web', {
      'endpointslice.kubernetes.io/managed-by': 'switchboard.dev',
    });
    await applySlice('gone-web-manual', 'gone-web', {});
    const shown = await expectJson<DeletionPlan>(await plan('gone-web'));
    assert.equal(shown.deletable, true, shown.reason);
    assert.deepEqual(
      shown.plan.map((p) => [p.kind, p.name, p.fate]),
      [
        ['Service', 'gone-web', 'deleted'],
        ['EndpointSlice', 'gone-web-ipv4', 'with-service'],
        ['EndpointSlice', 'gone-web-legacy', 'deleted'],
        ['EndpointSlice', 'gone-web-manual', 'kept'],
      ],
    );
    assert.equal(
      shown.command,
      'kubectl delete service gone-web -n default --cascade=background\n' +
        'kubectl delete endpointslice gone-web-legacy -n default',
    );
    const done = await expectJson<WriteSuccess>(
      await del({ namespace: 'default', name: 'gone-web', versions: shown.versions }),
    );
    assert.equal(done.status, 'deleted');
    assert.ok(done.status === 'deleted');
    assert.deepEqual(
      done.deleted.map((d) => `${d.kind}/${d.name}`),
      ['Service/gone-web', 'EndpointSlice/gone-web-legacy'],
    );
    assert.deepEqual(
      done.withService.map((d) => `${d.kind}/${d.name}`),
      ['EndpointSlice/gone-web-ipv4'],
    );
    // The garbage collector takes the owned slice; the stranger's stays.
    await eventually(
      async () =>
        (await objectsOf('gone-web')) === 'endpointslice.discovery.k8s.io/gone-web-manual',
    );
    await expectProblem(await plan('gone-web'), 'not-found', 404);
  });

  it('409, nothing deleted, when the Service changed or was replaced since the dialog read it', async () => {
    await createWithForm('moving-web');
    const shown = await expectJson<DeletionPlan>(await plan('moving-web'));
    const annotated = await cluster.kubectl('annotate', 'service', 'moving-web', 'touched=yes');
    assert.equal(annotated.code, 0, annotated.stderr);
    const changed = await expectProblem(
      await del({ namespace: 'default', name: 'moving-web', versions: shown.versions }),
      'conflict',
      409,
    );
    assert.match(changed.detail, /Service\/moving-web changed since you opened this dialog/);
    assert.equal(changed.focus, '/?focus=default/moving-web');

    // Replaced: deleted and made again under the same name.
    const again = await expectJson<DeletionPlan>(await plan('moving-web'));
    assert.equal((await cluster.kubectl('delete', 'service', 'moving-web')).code, 0);
    await eventually(async () => (await objectsOf('moving-web')) === '');
    await createWithForm('moving-web');
    await expectProblem(
      await del({ namespace: 'default', name: 'moving-web', versions: again.versions }),
      'conflict',
      409,
    );
    assert.match(await objectsOf('moving-web'), /service\/moving-web/);
  });

  it('refuses foreign requests, malformed bodies and the API server’s own Service, as problems', async () => {
    const body = { namespace: 'default', name: 'kubernetes', versions: {} };
    await expectProblem(
      await del(body, { 'content-type': 'application/json' }),
      'foreign-request',
      403,
    );
    await expectProblem(
      await del(JSON.stringify(body), { ...SAME_ORIGIN, 'content-type': 'text/plain' }),
      'unsupported-media-type',
      415,
    );
    await expectProblem(await del({ namespace: 'default' }), 'invalid', 422);
    await expectProblem(
      await del({ namespace: 'default', name: 'Bad_Name', versions: {} }),
      'invalid',
      422,
    );
    const own = await expectJson<DeletionPlan>(await plan('kubernetes'));
    assert.equal(own.deletable, false);
    assert.match(own.reason ?? '', /API server/);
    await expectProblem(await del(body), 'conflict', 409);
    assert.match(await objectsOf('kubernetes'), /service\/kubernetes/);
    await expectProblem(await plan('Bad_Name'), 'bad-request', 400);
  });
});
