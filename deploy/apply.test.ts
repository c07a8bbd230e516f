/**
 * `kubectl apply -k deploy/overlays/<each>` against the embedded cluster with RBAC and the audit
 * log on (real kubectl 1.33 and 1.27): every overlay applies, and the cluster's own authorizer
 * then answers for the ServiceAccount (`kubectl auth can-i --as system:serviceaccount:...`) —
 * read-only may list what the map needs and write nothing, writer writes only in its listed
 * namespaces, writer-cluster-wide everywhere, and each sign-in overlay may ask the review APIs,
 * impersonate people (users and groups, never ServiceAccounts) only for oidc and proxy, and write
 * nothing itself.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent } from '../emulator/auth/audit/event';
import { startKubectlHarness, type KubectlHarness } from '../emulator/testing/kubectl-harness';
import { overlayDir, SIGN_IN_OVERLAYS, type Overlay } from './testing/render';

const AS = ['--as', 'system:serviceaccount:switchboard:switchboard'];

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} apply -k of each overlay`, () => {
    let k: KubectlHarness;
    let dir: string;
    const validate = minor < 29 ? ['--validate=false'] : [];
    const can = async (...args: string[]) => {
      const r = await k.run('auth', 'can-i', ...args, ...AS);
      assert.ok(r.code === 0 || r.code === 1, `can-i ${args.join(' ')}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const apply = (overlay: Overlay) => k.ok('apply', '-k', overlayDir(overlay), ...validate);

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'deploy-apply-'));
      k = await startKubectlHarness(minor, { kubelet: false, auditLog: join(dir, 'audit.log') });
    });
    after(async () => {
      await k?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('read-only applies; the ServiceAccount reads the map and writes nothing', async () => {
      const out = await apply('read-only');
      assert.match(out, /deployment\.apps\/switchboard created/);
      assert.match(out, /clusterrole\.rbac\.authorization\.k8s\.io\/switchboard-read created/);
      for (const what of ['pods', 'services', 'endpoints', 'endpointslices.discovery.k8s.io']) {
        assert.equal(await can('watch', what, '--all-namespaces'), 'yes', what);
      }
      assert.equal(await can('list', 'deployments.apps', '--all-namespaces'), 'yes');
      assert.equal(await can('get', 'secrets', '-n', 'default'), 'no');
      assert.equal(await can('create', 'services', '-n', 'default'), 'no');
      assert.equal(await can('impersonate', 'users'), 'no');
      const replicas = await k.ok(
        'get',
        'deployment',
        'switchboard',
        '-n',
        'switchboard',
        '-o',
        'jsonpath={.spec.replicas}',
      );
      assert.equal(replicas, '2');
    });

    it('writer writes in its listed namespaces only', async () => {
      await k.ok('create', 'namespace', 'shop');
      await k.ok('create', 'namespace', 'payments');
      await apply('writer');
      for (const ns of ['default', 'shop']) {
        for (const verb of ['create', 'update', 'patch', 'delete']) {
          assert.equal(await can(verb, 'services', '-n', ns), 'yes', `${verb} in ${ns}`);
        }
        assert.equal(await can('create', 'endpointslices.discovery.k8s.io', '-n', ns), 'yes');
      }
      assert.equal(await can('create', 'services', '-n', 'payments'), 'no');
      assert.equal(await can('create', 'configmaps', '-n', 'shop'), 'no');
      for (const ns of ['default', 'shop']) {
        await k.ok('delete', 'rolebinding', 'switchboard-write', '-n', ns);
      }
      assert.equal(await can('create', 'services', '-n', 'shop'), 'no');
    });

    it('writer-cluster-wide writes everywhere', async () => {
      await apply('writer-cluster-wide');
      assert.equal(await can('create', 'services', '-n', 'payments'), 'yes');
      assert.equal(await can('get', 'secrets', '-n', 'payments'), 'no');
      await k.ok('delete', 'clusterrolebinding', 'switchboard-write');
      assert.equal(await can('create', 'services', '-n', 'payments'), 'no');
    });

    it('sign-in overlays: the review APIs; oidc and proxy impersonate users and groups only; none writes itself', async () => {
      for (const overlay of SIGN_IN_OVERLAYS) {
        await apply(overlay);
        const impersonates = overlay !== 'sign-in-token';
        assert.equal(await can('create', 'tokenreviews.authentication.k8s.io'), 'yes', overlay);
        assert.equal(
          await can('create', 'subjectaccessreviews.authorization.k8s.io'),
          'yes',
          overlay,
        );
        for (const what of ['users', 'groups']) {
          assert.equal(await can('impersonate', what), impersonates ? 'yes' : 'no', overlay);
        }
        assert.equal(await can('impersonate', 'serviceaccounts', '-n', 'default'), 'no', overlay);
        for (const what of ['services', 'endpoints', 'endpointslices.discovery.k8s.io']) {
          assert.equal(await can('create', what, '-n', 'default'), 'no', `${overlay}: ${what}`);
        }
        if (impersonates)
          await k.ok('delete', 'clusterrolebinding', 'switchboard-impersonate-people');
      }
    });

    it('the applies were audited, none refused', async () => {
      const events = (await readFile(join(dir, 'audit.log'), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as AuditEvent);
      const applies = events.filter((e) => e.verb === 'create' || e.verb === 'patch');
      assert.ok(applies.some((e) => e.objectRef?.resource === 'clusterrolebindings'));
      assert.deepEqual(
        events.filter((e) => e.responseStatus?.code === 403 && !e.impersonatedUser),
        [],
      );
    });
  });
}
