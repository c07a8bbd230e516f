/**
 * Writes made as the viewer, against the embedded cluster with RBAC and its audit log: the
 * dashboard's kubeconfig is the admin (it may impersonate); alice (proxy mode) and bob (oidc) are
 * impersonated with their groups, and team-a/deployer (token mode) writes with its own
 * ServiceAccount token. The cluster's audit log is the witness of who each request was. The
 * write dependencies are the routes' own (`getWriteDeps(viewer)`, SWITCHBOARD_KUBECONFIG).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureToProblem, isWriteFailure } from '@/lib/api/write-results';
import type { Viewer } from '@/lib/auth/viewer';
import type { ExternalServiceInput } from '@/lib/topology/validation';
import { auditLine } from './audit';
import type { KubeSend } from './client';
import { getWriteDeps, type WriteDeps } from './deps';
import { editEndpoints, readEndpointsForEdit } from './edit-endpoints';
import {
  accessForCreate,
  createExternalService,
  namespacesForCreate,
  previewExternalService,
} from './external-service';
import {
  ALICE,
  BOB,
  DEPLOYER,
  startPeopleCluster,
  type AuditEvent,
  type PeopleCluster,
} from './testing/people-cluster';
import { newWriteLog } from './write-log';

let people: PeopleCluster;
before(async () => {
  people = await startPeopleCluster();
  process.env.SWITCHBOARD_KUBECONFIG = people.cluster.kubeconfig;
});
after(async () => {
  await people?.cluster.stop();
});

const input = (namespace: string, name: string): ExternalServiceInput => ({
  namespace,
  name,
  addresses: ['10.10.70.1'],
  ports: [{ port: '80', name: 'http', protocol: 'TCP' }],
  createAs: 'EndpointSlice',
  allowInternalTarget: false,
});

async function previewThenCreate(deps: WriteDeps, value: ExternalServiceInput) {
  const shown = await previewExternalService(deps, value);
  if (shown.status !== 'preview') return shown;
  return createExternalService(deps, {
    input: { ...value, requestId: shown.requestId },
    hash: shown.hash,
  });
}

/** Real (not dry-run) creates of `resource` in `namespace`, by the request path. */
const isCreate = (resource: string, namespace: string) => (e: AuditEvent) =>
  e.verb === 'create' &&
  e.requestURI.startsWith(`/api`) &&
  e.requestURI.includes(`/namespaces/${namespace}/${resource}?`) &&
  !e.requestURI.includes('dryRun');

/** Those events once at least `count` are written (none expected: what is there now). */
const creates = (resource: string, namespace: string, count = 1): Promise<AuditEvent[]> =>
  count === 0
    ? Promise.resolve(people.auditEvents().filter(isCreate(resource, namespace)))
    : people.auditEventsWhen(isCreate(resource, namespace), count);

const extraGroups = (groups: string[] | undefined) =>
  (groups ?? []).filter((g) => !g.startsWith('system:'));

describe('writes as the viewer (impersonation)', () => {
  it('alice creates in team-a: the cluster sees the dashboard impersonating alice with each group', async () => {
    const log = newWriteLog();
    const result = await previewThenCreate(getWriteDeps(ALICE, log), input('team-a', 'alice-web'));
    assert.equal(result.status, 'created', JSON.stringify(result));
    // Our own line names the person the cluster saw impersonated.
    const line = auditLine({
      action: 'create',
      target: { namespace: 'team-a', name: 'alice-web' },
      outcome: result.status,
      viewer: ALICE,
      attempts: log.attempts.filter((a) => !a.dryRun),
    });
    assert.deepEqual(
      [line.mode, line.user, line.groups, line.verbs, line.dryRun],
      ['proxy', 'alice', ['team-a', 'endpoint-writers'], ['create'], false],
    );
    assert.deepEqual(
      (line.objects as { kind: string }[]).map((o) => o.kind),
      ['Service', 'EndpointSlice'],
    );
    for (const resource of ['services', 'endpointslices']) {
      const events = await creates(resource, 'team-a');
      assert.equal(events.length, 1, `one create of ${resource}`);
      const [event] = events;
      assert.equal(event?.responseStatus?.code, 201);
      assert.equal(event?.user.username, 'kubernetes-admin');
      assert.equal(event?.impersonatedUser?.username, 'alice');
      // Two header lines, two groups: a comma-joined line would be one group "team-a,endpoint-writers".
      assert.deepEqual(extraGroups(event?.impersonatedUser?.groups), [
        'team-a',
        'endpoint-writers',
      ]);
    }
    const reviews = await people.auditEventsWhen((e) =>
      e.requestURI.startsWith('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'),
    );
    assert.ok(reviews.length > 0);
    assert.ok(reviews.every((e) => e.impersonatedUser?.username === 'alice'));
  });

  it('editing endpoints reads and saves as the person: alice may, bob is told he may not', async () => {
    const current = await readEndpointsForEdit(getWriteDeps(ALICE), 'team-a', 'alice-web');
    assert.ok(current && !('status' in current), JSON.stringify(current));
    assert.equal(current.editable, true, current.reason);
    const saved = await editEndpoints(getWriteDeps(ALICE), {
      namespace: 'team-a',
      name: 'alice-web',
      addresses: [...current.addresses, '10.10.70.2'],
      versions: current.versions,
    });
    assert.equal(saved.status, 'updated', JSON.stringify(saved));
    const updates = await people.auditEventsWhen(
      (e) => e.verb === 'update' && e.objectRef?.resource === 'endpointslices',
    );
    assert.ok(updates.length > 0);
    assert.ok(updates.every((e) => e.impersonatedUser?.username === 'alice'));
    const asBob = await readEndpointsForEdit(getWriteDeps(BOB), 'team-a', 'alice-web');
    assert.ok(asBob && !('status' in asBob));
    assert.equal(asBob.editable, false);
    assert.match(asBob.reason ?? '', /You may not update endpointslices/);
  });

  it("the form's permission notices are alice's: team-a allowed, team-b denied, only team-a offered", async () => {
    const deps = getWriteDeps(ALICE);
    assert.equal((await accessForCreate(deps, 'team-a')).allowed, true);
    const other = await accessForCreate(deps, 'team-b');
    assert.equal(other.allowed, false);
    // Create, and delete for rolling back a half-made create (createNeeds), per kind.
    assert.deepEqual(
      other.denied.map((d) => `${d.verb} ${d.resource}`),
      [
        'create services',
        'delete services',
        'create endpointslices',
        'delete endpointslices',
        'create endpoints',
        'delete endpoints',
      ],
    );
    assert.deepEqual(await namespacesForCreate(deps), ['team-a']);
    // The dashboard itself (no sign-in) still sees every namespace.
    assert.ok((await namespacesForCreate(getWriteDeps({ mode: 'none' }))).includes('team-b'));
  });

  it('alice in team-b is refused before anything is sent, naming what she may not do', async () => {
    const result = await previewThenCreate(getWriteDeps(ALICE), input('team-b', 'alice-web'));
    assert.equal(result.status, 'forbidden', JSON.stringify(result));
    assert.match(
      (result as { message: string }).message,
      /You may not create services in namespace team-b/,
    );
    assert.equal((await creates('services', 'team-b', 0)).length, 0);
  });

  it("a refusal by the cluster itself reaches the problem with the cluster's 403 text", async () => {
    // The access review is made to say yes, so the requests themselves meet RBAC as alice.
    const deps = getWriteDeps(ALICE);
    const yes: KubeSend = async (request) =>
      request.path.includes('selfsubjectaccessreviews')
        ? { status: 201, body: { status: { allowed: true } } }
        : deps.send(request);
    const refusedRead = await previewExternalService(
      { ...deps, send: yes },
      input('team-b', 'a-web'),
    );
    assert.ok(isWriteFailure(refusedRead) && refusedRead.status === 'forbidden');
    assert.match(
      failureToProblem(refusedRead).detail,
      /^The cluster refused: services "a-web" is forbidden: User "alice" cannot get resource "services" in API group "" in the namespace "team-b"/,
    );
    // And with the existence checks answered "none", the dry-run create itself is refused.
    const clear: KubeSend = async (request) =>
      request.method === 'GET' && request.path.includes('/namespaces/team-b/')
        ? { status: 404, body: { kind: 'Status', code: 404 } }
        : yes(request);
    const refusedCreate = await previewExternalService(
      { ...deps, send: clear },
      input('team-b', 'a-web'),
    );
    assert.ok(isWriteFailure(refusedCreate) && refusedCreate.status === 'forbidden');
    const problem = failureToProblem(refusedCreate);
    assert.equal(problem.status, 403);
    assert.deepEqual(problem.kubernetes, { code: 403, reason: 'Forbidden' });
    assert.match(
      problem.detail,
      /^The cluster refused: services is forbidden: User "alice" cannot create resource "services" in API group "" in the namespace "team-b"/,
    );
  });

  it('bob (cluster view) may not write anywhere', async () => {
    const deps = getWriteDeps(BOB);
    const result = await previewThenCreate(deps, input('team-a', 'bob-web'));
    assert.equal(result.status, 'forbidden', JSON.stringify(result));
    assert.equal((await accessForCreate(deps, 'team-a')).allowed, false);
    // view lets bob list namespaces: the form offers them, and says he may not create.
    assert.ok((await namespacesForCreate(deps)).includes('team-a'));
  });

  it("facts are the dashboard's, and a refused address does not name the object for a person", async () => {
    const svc = await people.cluster.kubectl(
      'create',
      'service',
      'clusterip',
      'hidden',
      '-n',
      'team-b',
      '--tcp',
      '80:80',
      '-o',
      'jsonpath={.spec.clusterIP}',
    );
    assert.equal(svc.code, 0, svc.stderr);
    const value = { ...input('team-a', 'alice-inside'), addresses: [svc.stdout.trim()] };
    const asAlice = await previewExternalService(getWriteDeps(ALICE), value);
    assert.equal(asAlice.status, 'invalid', JSON.stringify(asAlice));
    const text = JSON.stringify(asAlice);
    assert.match(text, /ClusterIP of a Service/);
    assert.doesNotMatch(text, /hidden|team-b/);
    const asDashboard = await previewExternalService(getWriteDeps({ mode: 'none' }), value);
    assert.match(JSON.stringify(asDashboard), /ClusterIP of Service team-b\/hidden/);
  });
});

describe('writes as the viewer (token mode)', () => {
  it('team-a/deployer writes with its own token: the cluster sees the ServiceAccount, not the dashboard', async () => {
    const viewer: Viewer = {
      mode: 'token',
      user: { username: DEPLOYER, groups: ['system:serviceaccounts'] },
      token: people.deployerToken,
    };
    const before = (await creates('services', 'team-a', 0)).length;
    const result = await previewThenCreate(getWriteDeps(viewer), input('team-a', 'deployer-web'));
    assert.equal(result.status, 'created', JSON.stringify(result));
    const event = (await creates('services', 'team-a', before + 1))[before];
    assert.equal(event?.user.username, DEPLOYER);
    assert.equal(event?.impersonatedUser, undefined);
    const refused = await previewThenCreate(getWriteDeps(viewer), input('team-b', 'deployer-web'));
    assert.equal(refused.status, 'forbidden');
  });

  it('an invalid token is refused by the cluster, never replaced by the dashboard', async () => {
    const viewer: Viewer = {
      mode: 'token',
      user: { username: 'mallory', groups: [] },
      token: 'not-a-token',
    };
    const result = await previewExternalService(getWriteDeps(viewer), input('team-a', 'm-web'));
    assert.ok(isWriteFailure(result), JSON.stringify(result));
    assert.match(JSON.stringify(result), /Unauthorized/);
  });
});
