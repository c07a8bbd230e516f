/**
 * Real kubectl (1.33 and 1.27, dispatched on the server's /version) against the embedded
 * cluster over HTTPS as the identities kube-apiserver knows: the kubeconfig's admin, a
 * `--token-auth-file` user (`--token`), a ServiceAccount token from `kubectl create token`, a
 * forged token, and requests without credentials — with kubectl's own words for each answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const ALICE = { username: 'alice', uid: 'alice-uid', groups: ['team-a'] };

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} identities`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, {
        kubelet: false,
        tokenUsers: new Map([['alice-token', ALICE]]),
      });
    });
    after(() => k?.stop());

    it('a token-file user is who the file says, and RBAC decides what it may do', async () => {
      const denied = await k.run('--token', 'alice-token', 'get', 'pods');
      assert.equal(denied.code, 1);
      assert.equal(
        denied.stderr.trim(),
        'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
      );
      await k.ok('create', 'rolebinding', 'alice-view', '--clusterrole', 'view', '--user', 'alice');
      assert.match(await k.ok('--token', 'alice-token', 'get', 'pods'), /^$/);
      // kubectl 1.27 asks v1beta1 (beta then), 1.28 and later v1.
      const whoami = JSON.parse(
        await k.ok('--token', 'alice-token', 'auth', 'whoami', '-o', 'json'),
      ) as { apiVersion: string; status: { userInfo: unknown } };
      assert.equal(
        whoami.apiVersion,
        minor >= 28 ? 'authentication.k8s.io/v1' : 'authentication.k8s.io/v1beta1',
      );
      const status = whoami.status;
      assert.deepEqual(status.userInfo, {
        username: 'alice',
        uid: 'alice-uid',
        groups: ['team-a', 'system:authenticated'],
      });
    });

    it('create token mints a ServiceAccount token the server accepts as that account', async () => {
      const token = (await k.ok('create', 'token', 'default', '--duration', '15m')).trim();
      assert.equal(token.split('.').length, 3);
      const denied = await k.run('--token', token, 'get', 'services', '-n', 'kube-system');
      assert.equal(
        denied.stderr.trim(),
        'Error from server (Forbidden): services is forbidden: User "system:serviceaccount:default:default" cannot list resource "services" in API group "" in the namespace "kube-system"',
      );
      const short = await k.run('create', 'token', 'default', '--duration', '5m');
      assert.notEqual(short.code, 0);
      assert.match(short.stderr, /may not specify a duration less than 10 minutes/);
    });

    it('TokenReview is discovered like any kind: kubectl create -f answers who a token is', async () => {
      const resources = await k.ok(
        'api-resources',
        '--api-group',
        'authentication.k8s.io',
        '-o',
        'name',
      );
      assert.deepEqual(
        resources.trim().split('\n'),
        minor >= 28
          ? ['selfsubjectreviews.authentication.k8s.io', 'tokenreviews.authentication.k8s.io']
          : ['tokenreviews.authentication.k8s.io'],
      );
      const review = k.file(
        `review-${minor}.yaml`,
        'apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec:\n  token: alice-token\n',
      );
      const answer = JSON.parse(await k.ok('create', '-f', review, '-o', 'json')) as {
        kind: string;
        status: { authenticated: boolean; user: unknown };
      };
      assert.equal(answer.kind, 'TokenReview');
      assert.equal(answer.status.authenticated, true);
      assert.deepEqual(answer.status.user, {
        username: 'alice',
        uid: 'alice-uid',
        groups: ['team-a', 'system:authenticated'],
      });
      // Discovery names the subresource, so kubectl resolves it without a warning.
      const canI = await k.run(
        'auth',
        'can-i',
        'create',
        'serviceaccounts',
        '--subresource',
        'token',
      );
      assert.deepEqual([canI.stdout.trim(), canI.stderr], ['yes', '']);
      const denied = await k.run(
        '--token',
        'alice-token',
        'auth',
        'can-i',
        'create',
        'tokenreviews',
      );
      // kubectl knows from discovery that tokenreviews are cluster-scoped.
      assert.deepEqual(
        [denied.stdout.trim(), denied.stderr.trim()],
        [
          'no',
          "Warning: resource 'tokenreviews' is not namespace scoped in group 'authentication.k8s.io'",
        ],
      );
    });

    it('a forged token is Unauthorized, never anonymous', async () => {
      const forged = await k.run('--token', 'not-a-token', 'get', 'pods');
      assert.equal(forged.code, 1);
      assert.equal(
        forged.stderr.trim(),
        'error: You must be logged in to the server (Unauthorized)',
      );
    });

    it('the admin of the kubeconfig is kubernetes-admin in system:masters', async () => {
      if (minor < 28) return;
      const whoami = await k.ok('auth', 'whoami', '-o', 'json');
      const status = (JSON.parse(whoami) as { status: { userInfo: unknown } }).status;
      assert.deepEqual(status.userInfo, {
        username: 'kubernetes-admin',
        groups: ['system:masters', 'system:authenticated'],
      });
    });
  });
}
