/**
 * The write routes with real sign-in, called as Next calls them (no Next server) against the
 * embedded cluster with RBAC and its audit log (lib/k8s/write/testing/people-cluster.ts):
 * - proxy mode: alice, named by a trusted proxy's headers with her two groups, previews and
 *   creates in team-a (201; the cluster's audit log shows the dashboard impersonating her with
 *   each group; our audit line names her), is refused in team-b with 403, and the form's context
 *   offers her team-a only; bob (cluster view) is refused; deleting, bob is told he may not by
 *   the panel's check before the dialog, by the dialog and by the DELETE (403), and alice deletes
 *   as herself;
 * - token mode: the ServiceAccount team-a/deployer signs in with its token and creates; the
 *   cluster saw the ServiceAccount, and no line we print holds the token.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessReport, DeletionPlan, FormContext, Preview } from '@/lib/api/write-results';
import { sessionEnv, KEY_1, type SessionEnv } from '@/lib/auth/testing/session-env';
import {
  DEPLOYER,
  startPeopleCluster,
  type PeopleCluster,
} from '@/lib/k8s/write/testing/people-cluster';
import { POST as signIn } from './auth/token/route';
import { DELETE as remove, POST as create } from './external-services/route';
import { GET as readDeletion } from './external-services/deletion/route';
import { GET as deleteAccess } from './external-services/deletion/access/route';
import { GET as context } from './external-services/context/route';
import { POST as preview } from './external-services/preview/route';
import { stopDashboard } from './testing/dashboard';
import { call, expectJson, expectProblem, SAME_ORIGIN } from './testing/routes';

let people: PeopleCluster;
let env: SessionEnv | undefined;
before(async () => {
  people = await startPeopleCluster();
  process.env.SWITCHBOARD_KUBECONFIG = people.cluster.kubeconfig;
});
after(() => stopDashboard(people?.cluster));
afterEach(() => {
  env?.restore();
  env = undefined;
});

const input = (namespace: string, name: string) => ({
  namespace,
  name,
  addresses: ['10.10.80.1'],
  ports: [{ port: '80', name: 'http', protocol: 'TCP' }],
  createAs: 'EndpointSlice',
});

/** Preview then create through the routes with `headers`; the create's response and our lines. */
async function previewThenCreate(headers: Record<string, string>, value: object) {
  const lines: Record<string, unknown>[] = [];
  const log = console.log;
  console.log = (line: unknown) => lines.push(JSON.parse(String(line)) as Record<string, unknown>);
  try {
    const shown = await call(preview, '/api/external-services/preview', {
      method: 'POST',
      headers: { ...SAME_ORIGIN, ...headers },
      body: { input: value },
    });
    if (shown.status !== 200) return { response: shown, lines };
    const { requestId, hash } = (await shown.json()) as Preview;
    const response = await call(create, '/api/external-services', {
      method: 'POST',
      headers: { ...SAME_ORIGIN, ...headers },
      body: { input: { ...value, requestId }, hash },
    });
    return { response, lines };
  } finally {
    console.log = log;
  }
}

const proxyHeaders = (user: string, groups: string) => ({
  'x-switchboard-peer': '127.0.0.1',
  'x-forwarded-user': user,
  'x-forwarded-groups': groups,
});

describe('write routes behind an authenticating proxy', () => {
  const proxyMode = () =>
    (env = sessionEnv({ SWITCHBOARD_AUTH: 'proxy', SWITCHBOARD_TRUSTED_PROXIES: '127.0.0.1/32' }));

  it('alice creates in team-a as herself: 201, impersonated with each group, our line names her', async () => {
    proxyMode();
    const alice = proxyHeaders('alice', 'team-a, endpoint-writers');
    const { response, lines } = await previewThenCreate(alice, input('team-a', 'proxied-web'));
    await expectJson(response, 201);
    const created = await people.auditEventsWhen(
      (e) =>
        e.verb === 'create' &&
        e.requestURI.startsWith('/api/v1/namespaces/team-a/services?') &&
        !e.requestURI.includes('dryRun'),
    );
    assert.equal(created.length, 1);
    assert.equal(created[0]?.impersonatedUser?.username, 'alice');
    assert.deepEqual(
      created[0]?.impersonatedUser?.groups?.filter((g) => !g.startsWith('system:')),
      ['team-a', 'endpoint-writers'],
    );
    assert.deepEqual(
      lines.map((l) => [l.mode, l.user, l.groups, l.action, l.dryRun, l.status]),
      [
        ['proxy', 'alice', ['team-a', 'endpoint-writers'], 'preview', true, 'preview'],
        ['proxy', 'alice', ['team-a', 'endpoint-writers'], 'create', false, 'created'],
      ],
    );
  });

  it("alice in team-b: 403 forbidden; the form's context is hers", async () => {
    proxyMode();
    const alice = proxyHeaders('alice', 'team-a, endpoint-writers');
    const { response, lines } = await previewThenCreate(alice, input('team-b', 'proxied-web'));
    const problem = await expectProblem(response, 'forbidden', 403);
    assert.match(problem.detail, /You may not create services in namespace team-b/);
    assert.deepEqual(
      lines.map((l) => [l.user, l.verbs, l.objects, l.status]),
      [['alice', ['create'], [], 'forbidden']],
    );
    const ctx = await expectJson<FormContext>(
      await call(context, '/api/external-services/context?namespace=team-b', { headers: alice }),
    );
    assert.deepEqual(ctx.namespaces, ['team-a']);
    assert.equal(ctx.access?.namespace, 'team-a');
    assert.equal(ctx.access?.allowed, true);
  });

  it('bob (cluster view) is refused', async () => {
    proxyMode();
    const { response } = await previewThenCreate(
      proxyHeaders('bob', 'sre'),
      input('team-a', 'bob-web'),
    );
    await expectProblem(response, 'forbidden', 403);
  });
});

describe('deleting behind an authenticating proxy', () => {
  it('bob may not delete: the dialog says why before he tries, the DELETE is 403; alice deletes as herself', async () => {
    env = sessionEnv({ SWITCHBOARD_AUTH: 'proxy', SWITCHBOARD_TRUSTED_PROXIES: '127.0.0.1/32' });
    const alice = proxyHeaders('alice', 'team-a, endpoint-writers');
    const bob = proxyHeaders('bob', 'sre');
    await expectJson((await previewThenCreate(alice, input('team-a', 'doomed-web'))).response, 201);
    // The panel's check before it offers "Delete Service…": bob is told, in words, before the dialog.
    const accessPath = '/api/external-services/deletion/access?namespace=team-a&name=doomed-web';
    const bobMay = await expectJson<AccessReport>(
      await call(deleteAccess, accessPath, { headers: bob }),
    );
    assert.equal(bobMay.allowed, false);
    assert.deepEqual(
      bobMay.denied.map((d) => `${d.verb} ${d.resource} ${d.namespace}`),
      ['delete services team-a'],
    );
    assert.match(
      bobMay.denied[0]?.message ?? '',
      /You may not delete services in namespace team-a/,
    );
    const aliceMay = await expectJson<AccessReport>(
      await call(deleteAccess, accessPath, { headers: alice }),
    );
    assert.equal(aliceMay.allowed, true, JSON.stringify(aliceMay.denied));
    const path = '/api/external-services/deletion?namespace=team-a&name=doomed-web';
    const bobs = await expectJson<DeletionPlan>(await call(readDeletion, path, { headers: bob }));
    assert.equal(bobs.deletable, false);
    assert.match(bobs.reason ?? '', /You may not delete services in namespace team-a/);
    const body = { namespace: 'team-a', name: 'doomed-web', versions: bobs.versions };
    const refused = await expectProblem(
      await call(remove, '/api/external-services', {
        method: 'DELETE',
        headers: { ...SAME_ORIGIN, ...bob },
        body,
      }),
      'forbidden',
      403,
    );
    assert.match(refused.detail, /You may not delete services in namespace team-a/);
    const alices = await expectJson<DeletionPlan>(
      await call(readDeletion, path, { headers: alice }),
    );
    assert.equal(alices.deletable, true, alices.reason);
    await expectJson(
      await call(remove, '/api/external-services', {
        method: 'DELETE',
        headers: { ...SAME_ORIGIN, ...alice },
        body,
      }),
    );
    const deleted = await people.auditEventsWhen(
      (e) =>
        e.verb === 'delete' && e.requestURI === '/api/v1/namespaces/team-a/services/doomed-web',
    );
    assert.equal(deleted.length, 1);
    assert.equal(deleted[0]?.impersonatedUser?.username, 'alice');
  });
});

describe('write routes with a pasted token', () => {
  it('team-a/deployer signs in with its token and creates: the cluster saw the ServiceAccount', async () => {
    env = sessionEnv({ SWITCHBOARD_AUTH: 'token', SWITCHBOARD_PUBLIC_URL: undefined });
    env.useKeys(`1 ${KEY_1}\n`);
    const signedIn = await call(signIn, '/api/auth/token', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: { token: people.deployerToken },
    });
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { response, lines } = await previewThenCreate({ cookie }, input('team-a', 'token-web'));
    await expectJson(response, 201);
    const created = await people.auditEventsWhen(
      (e) =>
        e.verb === 'create' &&
        e.requestURI.startsWith('/api/v1/namespaces/team-a/services?') &&
        !e.requestURI.includes('dryRun') &&
        e.user.username === DEPLOYER,
    );
    assert.equal(created.length, 1);
    assert.equal(created[0]?.impersonatedUser, undefined);
    assert.deepEqual(
      lines.map((l) => [l.mode, l.user, l.status]),
      [
        ['token', DEPLOYER, 'preview'],
        ['token', DEPLOYER, 'created'],
      ],
    );
    assert.ok(!JSON.stringify(lines).includes(people.deployerToken));
  });
});
