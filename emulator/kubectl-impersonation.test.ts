/**
 * Impersonation through real kubectl 1.33 and 1.27 (`--as`, `--as-group`) against the embedded
 * cluster over HTTPS: the request runs as the impersonated user for RBAC, `auth whoami` and
 * `auth can-i --list`; a ServiceAccount username is that account; a token-file user without the
 * `impersonate` verb gets upstream's Forbidden, printed by kubectl word for word; the field
 * manager still comes from the client, not from the user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const BOB = { username: 'bob', uid: '', groups: ['devs'] };
const ALICE = { username: 'alice', uid: '', groups: [] };

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} --as`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, {
        kubelet: false,
        tokenUsers: new Map([
          ['bob-token', BOB],
          ['alice-token', ALICE],
        ]),
      });
      await k.ok('create', 'rolebinding', 'alice-view', '--clusterrole', 'view', '--user', 'alice');
      await k.ok(
        'create',
        'rolebinding',
        'team-a-edit',
        '--clusterrole',
        'edit',
        '--group',
        'team-a',
      );
    });
    after(() => k?.stop());

    it('--as alice is alice for RBAC', async () => {
      await k.ok('get', 'pods', '--as', 'alice');
      const denied = await k.run('create', 'configmap', 'by-alice', '--as', 'alice');
      assert.equal(denied.code, 1);
      assert.equal(
        denied.stderr.trim(),
        'error: failed to create configmap: configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "default"',
      );
    });

    it("--as alice --as-group team-a holds team-a's grants; the manager is still kubectl's", async () => {
      await k.ok(
        'create',
        'configmap',
        'by-team-a',
        '--from-literal=k=v',
        '--as',
        'alice',
        '--as-group',
        'team-a',
      );
      const cm = JSON.parse(
        await k.ok('get', 'configmap', 'by-team-a', '-o', 'json', '--show-managed-fields'),
      ) as { metadata: { managedFields: { manager: string }[] } };
      assert.deepEqual(
        cm.metadata.managedFields.map((f) => f.manager),
        ['kubectl-create'],
      );
      const whoami = await k.ok(
        'auth',
        'whoami',
        '-o',
        'json',
        '--as',
        'alice',
        '--as-group',
        'team-a',
      );
      assert.deepEqual(JSON.parse(whoami).status.userInfo, {
        username: 'alice',
        groups: ['team-a', 'system:authenticated'],
      });
    });

    it('--as system:serviceaccount:NS:NAME is that ServiceAccount', async () => {
      const denied = await k.run(
        'get',
        'services',
        '-n',
        'kube-system',
        '--as',
        'system:serviceaccount:ns1:robot',
      );
      assert.equal(
        denied.stderr.trim(),
        'Error from server (Forbidden): services is forbidden: User "system:serviceaccount:ns1:robot" cannot list resource "services" in API group "" in the namespace "kube-system"',
      );
      const whoami = await k.ok(
        'auth',
        'whoami',
        '-o',
        'json',
        '--as',
        'system:serviceaccount:ns1:robot',
      );
      assert.deepEqual(JSON.parse(whoami).status.userInfo, {
        username: 'system:serviceaccount:ns1:robot',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated'],
      });
    });

    it('auth can-i --list --as alice lists what alice herself is told', async () => {
      const impersonated = await k.ok('auth', 'can-i', '--list', '--as', 'alice');
      const herself = await k.ok('--token', 'alice-token', 'auth', 'can-i', '--list');
      assert.equal(impersonated, herself);
      assert.match(impersonated, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
      const create = await k.run('auth', 'can-i', 'create', 'pods', '--as', 'alice');
      assert.equal(create.code, 1);
      assert.equal(create.stdout.trim(), 'no');
      assert.equal((await k.ok('auth', 'can-i', 'list', 'pods', '--as', 'alice')).trim(), 'yes');
    });

    it("a user without the impersonate verb is refused with upstream's words", async () => {
      const refused = await k.run('--token', 'bob-token', 'get', 'pods', '--as', 'alice');
      assert.equal(refused.code, 1);
      assert.equal(
        refused.stderr.trim(),
        'Error from server (Forbidden): users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
      );
      const group = await k.run(
        '--token',
        'bob-token',
        'get',
        'pods',
        '--as',
        'bob',
        '--as-group',
        'team-a',
      );
      assert.equal(
        group.stderr.trim(),
        'Error from server (Forbidden): users "bob" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
      );
    });
  });
}
