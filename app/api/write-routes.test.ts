/**
 * The external-Service routes' handlers called directly (no Next server) against the embedded
 * cluster: each write answers success as JSON and every refusal as a problem whose type is the
 * outcome, with the members the form reads (`errors`, `focus`, …); the guard and the body
 * reading refuse before anything reaches the cluster; the endpoints read says up front what the
 * save would refuse. The dashboard side runs in this process; the cluster is simulated by its
 * own `/version`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointsForEdit, FormContext, Preview, WriteSuccess } from '@/lib/api/write-results';
import { getClusterConnection } from '@/lib/k8s/connection';
import type { EmbeddedCluster } from '../../e2e/harness';
import { POST as create } from './external-services/route';
import { GET as context } from './external-services/context/route';
import { GET as readEndpoints, PUT as saveEndpoints } from './external-services/endpoints/route';
import { POST as preview } from './external-services/preview/route';
import { startDashboardCluster, stopDashboard } from './testing/dashboard';
import { call, expectJson, expectProblem, SAME_ORIGIN } from './testing/routes';

let cluster: EmbeddedCluster;

before(async () => {
  cluster = await startDashboardCluster('seed');
});
after(() => stopDashboard(cluster));

const INPUT = {
  namespace: 'default',
  name: 'routes-web',
  addresses: ['10.10.60.1'],
  ports: [{ port: '80', name: 'http', protocol: 'TCP' }],
  createAs: 'EndpointSlice',
};

const post = (body: unknown, headers: Record<string, string> = SAME_ORIGIN) => ({
  method: 'POST',
  headers,
  body,
});

describe('external-service routes', () => {
  it('context: namespaces and create permission; cross-site reads refused', async () => {
    const ctx = await expectJson<FormContext>(
      await call(context, '/api/external-services/context?namespace=default'),
    );
    assert.equal(ctx.readOnly, false);
    assert.ok(ctx.namespaces.includes('default'));
    assert.equal(ctx.access?.allowed, true);
    await expectProblem(
      await call(context, '/api/external-services/context', {
        headers: { 'sec-fetch-site': 'cross-site' },
      }),
      'foreign-request',
      403,
    );
  });

  it('preview: refusals before the cluster (403, 415, 400, 413), invalid input 422 with field errors', async () => {
    const path = '/api/external-services/preview';
    await expectProblem(
      await call(preview, path, post({ input: INPUT }, { 'content-type': 'application/json' })),
      'foreign-request',
      403,
    );
    await expectProblem(
      await call(preview, path, post('{}', { ...SAME_ORIGIN, 'content-type': 'text/plain' })),
      'unsupported-media-type',
      415,
    );
    await expectProblem(await call(preview, path, post('{nope')), 'bad-request', 400);
    await expectProblem(
      await call(preview, path, post(`"${'x'.repeat(300_000)}"`)),
      'body-too-large',
      413,
    );
    const invalid = await expectProblem(
      await call(preview, path, post({ input: { ...INPUT, addresses: ['127.0.0.1'] } })),
      'invalid',
      422,
    );
    assert.equal((invalid.errors as { field: string }[])[0]?.field, 'addresses.0');
    assert.match(invalid.detail, /addresses\.0/);
  });

  it('create: 409 stale-preview without the preview hash, 201 with it, then a 409 conflict with the map link', async () => {
    const path = '/api/external-services';
    await expectProblem(
      await call(create, path, post({ input: INPUT, hash: 'not-the-hash' })),
      'stale-preview',
      409,
    );
    const shown = await expectJson<Preview>(
      await call(preview, '/api/external-services/preview', post({ input: INPUT })),
    );
    assert.equal(shown.status, 'preview');
    const input = { ...INPUT, requestId: shown.requestId };
    const made = await expectJson<WriteSuccess>(
      await call(create, path, post({ input, hash: shown.hash })),
      201,
    );
    assert.equal(made.status, 'created');
    const again = await expectProblem(
      await call(create, path, post({ input, hash: shown.hash })),
      'conflict',
      409,
    );
    assert.equal(again.focus, '/?focus=default/routes-web');
  });

  it("endpoints GET: the truth up front (editable, the API server's own, unknown, malformed names)", async () => {
    const path = '/api/external-services/endpoints';
    const web = await expectJson<EndpointsForEdit>(
      await call(readEndpoints, `${path}?namespace=default&name=external-web`),
    );
    assert.equal(web.editable, true);
    const own = await expectJson<EndpointsForEdit>(
      await call(readEndpoints, `${path}?namespace=default&name=kubernetes`),
    );
    assert.equal(own.editable, false);
    assert.match(own.reason ?? '', /API server/);
    await expectProblem(
      await call(readEndpoints, `${path}?namespace=default&name=nope`),
      'not-found',
      404,
    );
    const bad = await expectProblem(
      await call(readEndpoints, `${path}?namespace=default&name=Bad_Name`),
      'bad-request',
      400,
    );
    assert.equal((bad.errors as { field: string }[])[0]?.field, 'name');
    await expectProblem(await call(readEndpoints, `${path}?namespace=default`), 'bad-request', 400);
  });

  it('endpoints PUT: 200 updated, 409 on versions someone else changed, 422 on a bad address', async () => {
    const path = '/api/external-services/endpoints';
    const seen = await expectJson<EndpointsForEdit>(
      await call(readEndpoints, `${path}?namespace=default&name=external-web`),
    );
    const put = (body: unknown) => call(saveEndpoints, path, { ...post(body), method: 'PUT' });
    const invalid = await expectProblem(
      await put({
        namespace: 'default',
        name: 'external-web',
        addresses: ['169.254.169.254'],
        versions: seen.versions,
      }),
      'invalid',
      422,
    );
    assert.equal((invalid.errors as { field: string }[])[0]?.field, 'addresses.0');
    const saved = await expectJson<WriteSuccess>(
      await put({
        namespace: 'default',
        name: 'external-web',
        addresses: [...seen.addresses, '10.10.50.99'],
        versions: seen.versions,
      }),
    );
    assert.equal(saved.status, 'updated');
    const stale = await expectProblem(
      await put({
        namespace: 'default',
        name: 'external-web',
        addresses: seen.addresses,
        versions: seen.versions,
      }),
      'conflict',
      409,
    );
    assert.equal(stale.focus, '/?focus=default/external-web');
    await expectProblem(
      await put({ namespace: 'default', name: 'external-web', addresses: 'x', versions: {} }),
      'invalid',
      422,
    );
  });

  it('audit: one line per attempt with who, the cluster, the verbs, the objects sent and dry run', async () => {
    const logged: string[] = [];
    const log = console.log;
    console.log = (line: unknown) => logged.push(String(line));
    const input = { ...INPUT, name: 'audited-web', createAs: 'Endpoints' };
    try {
      const shown = await expectJson<Preview>(
        await call(preview, '/api/external-services/preview', post({ input })),
      );
      await expectJson(
        await call(
          create,
          '/api/external-services',
          post({ input: { ...input, requestId: shown.requestId }, hash: shown.hash }),
        ),
        201,
      );
    } finally {
      console.log = log;
    }
    const lines = logged
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.audit === 'switchboard.write');
    const objects = [
      { kind: 'Service', namespace: 'default', name: 'audited-web' },
      { kind: 'Endpoints', namespace: 'default', name: 'audited-web' },
    ];
    assert.deepEqual(
      lines.map((l) => [
        l.mode,
        l.user,
        l.cluster,
        l.action,
        l.verbs,
        l.objects,
        l.dryRun,
        l.status,
      ]),
      [
        [
          'none',
          'switchboard-admin',
          getClusterConnection().info.name,
          'preview',
          ['create'],
          objects,
          true,
          'preview',
        ],
        [
          'none',
          'switchboard-admin',
          getClusterConnection().info.name,
          'create',
          ['create'],
          objects,
          false,
          'created',
        ],
      ],
    );
  });
});
