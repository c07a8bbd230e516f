/**
 * RBAC through real kubectl 1.33 and 1.27: the bootstrap roles and bindings a cluster ships,
 * `kubectl create role/clusterrole/rolebinding/clusterrolebinding`, ClusterRole aggregation
 * (`view`, `edit` and `admin` gain a new `aggregate-to-view` role's rules), `auth can-i`, and
 * SubjectAccessReviews answering for alice from the same authorizer every request meets.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kubeconfigYaml } from './cluster';
import { startEmulator, type RunningEmulator } from './server';

const KUBECTL = '/usr/bin/kubectl';

async function poll(what: string, check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const minor of [33, 27]) {
  describe(`RBAC with kubectl 1.${minor}`, () => {
    let emulator: RunningEmulator;
    let dir: string;
    let kubeconfig: string;
    const validate = minor < 29 ? ['--validate=false'] : [];

    const kubectl = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          KUBECTL,
          ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
          { env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig }, timeout: 30_000 },
          (err, stdout, stderr) => {
            resolve({
              code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
              stdout,
              stderr,
            });
          },
        );
      });
    const ok = async (...args: string[]) => {
      const r = await kubectl(...args);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };
    const review = async (path: string, spec: Record<string, unknown>) => {
      const res = await emulator.fetch(
        new Request(`${emulator.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${emulator.adminToken}`,
          },
          body: JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', spec }),
        }),
      );
      return {
        code: res.status,
        body: (await res.json()) as { status: Record<string, unknown>; message?: string },
      };
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), `kubectl-rbac-${minor}-`));
      emulator = await startEmulator({ port: 0, minorVersion: minor, kubelet: false });
      kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        kubeconfigYaml(emulator.url, emulator.adminToken, emulator.caCertificate),
      );
    });
    after(async () => {
      await emulator?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('ships the bootstrap roles and bindings, aggregated and labelled as upstream', async () => {
      const names = (await ok('get', 'clusterroles', '-o', 'name')).split('\n');
      for (const name of [
        'admin',
        'edit',
        'view',
        'cluster-admin',
        'system:discovery',
        'system:basic-user',
      ]) {
        assert.ok(names.includes(`clusterrole.rbac.authorization.k8s.io/${name}`), name);
      }
      const binding = JSON.parse(
        await ok('get', 'clusterrolebinding', 'cluster-admin', '-o', 'json'),
      );
      assert.deepEqual(binding.subjects, [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' },
      ]);
      assert.equal(binding.metadata.labels['kubernetes.io/bootstrapping'], 'rbac-defaults');
      assert.equal(
        binding.metadata.annotations['rbac.authorization.kubernetes.io/autoupdate'],
        'true',
      );
      const view = JSON.parse(await ok('get', 'clusterrole', 'view', '-o', 'json'));
      assert.ok(view.rules.some((r: { resources?: string[] }) => r.resources?.includes('pods')));
    });

    it('creates roles and bindings with kubectl create; the binding means what it means upstream', async () => {
      await ok('create', 'namespace', 'team-a');
      await ok('create', 'namespace', 'team-b');
      assert.equal(
        (
          await ok(
            'create',
            'role',
            'pod-reader',
            '--verb=get,list',
            '--resource=pods',
            '-n',
            'team-a',
          )
        ).trim(),
        'role.rbac.authorization.k8s.io/pod-reader created',
      );
      assert.equal(
        (
          await ok('create', 'clusterrole', 'node-reader', '--verb=get,list', '--resource=nodes')
        ).trim(),
        'clusterrole.rbac.authorization.k8s.io/node-reader created',
      );
      assert.equal(
        (
          await ok(
            'create',
            'rolebinding',
            'x',
            '--clusterrole=view',
            '--user=alice',
            '-n',
            'team-a',
          )
        ).trim(),
        'rolebinding.rbac.authorization.k8s.io/x created',
      );
      assert.equal(
        (
          await ok(
            'create',
            'clusterrolebinding',
            'alice-nodes',
            '--clusterrole=node-reader',
            '--user=alice',
          )
        ).trim(),
        'clusterrolebinding.rbac.authorization.k8s.io/alice-nodes created',
      );

      const inTeamA = await review('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        user: 'alice',
        groups: ['system:authenticated'],
        resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'team-a' },
      });
      assert.equal(inTeamA.code, 201);
      assert.deepEqual(inTeamA.body.status, {
        allowed: true,
        reason: 'RBAC: allowed by RoleBinding "x/team-a" of ClusterRole "view" to User "alice"',
      });
      const inTeamB = await review('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        user: 'alice',
        resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'team-b' },
      });
      assert.deepEqual(inTeamB.body.status, { allowed: false });
      const nodes = await review(
        '/apis/authorization.k8s.io/v1/namespaces/team-b/localsubjectaccessreviews',
        {
          user: 'alice',
          resourceAttributes: { verb: 'get', resource: 'nodes', namespace: 'team-b' },
        },
      );
      assert.equal(nodes.body.status.allowed, true);
      const invalid = await review('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        resourceAttributes: { verb: 'get', resource: 'pods' },
      });
      assert.equal(invalid.code, 422);
      assert.equal(
        invalid.body.message,
        'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
      );
    });

    it('aggregates a new aggregate-to-view ClusterRole into view, edit and admin', async () => {
      const manifest = join(dir, 'crontabs.yaml');
      writeFileSync(
        manifest,
        [
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: ClusterRole',
          'metadata:',
          '  name: crontabs-view',
          '  labels:',
          '    rbac.authorization.k8s.io/aggregate-to-view: "true"',
          'rules:',
          '- apiGroups: ["stable.example.com"]',
          '  resources: ["crontabs"]',
          '  verbs: ["get", "list", "watch"]',
          '',
        ].join('\n'),
      );
      await ok('apply', ...validate, '-f', manifest);
      for (const role of ['view', 'edit', 'admin']) {
        await poll(`${role} to aggregate crontabs`, async () =>
          (await ok('get', 'clusterrole', role, '-o', 'json')).includes('crontabs'),
        );
      }
      const granted = await review('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        user: 'alice',
        resourceAttributes: {
          verb: 'list',
          group: 'stable.example.com',
          resource: 'crontabs',
          namespace: 'team-a',
        },
      });
      assert.equal(granted.body.status.allowed, true);
    });

    it('auth can-i and can-i --list answer from RBAC for the admin', async () => {
      assert.equal((await ok('auth', 'can-i', 'create', 'clusterroles')).trim(), 'yes');
      const list = await ok('auth', 'can-i', '--list', '-n', 'team-a');
      const rows = list.split('\n').map((l) => l.trim().split(/\s{2,}/));
      assert.ok(
        rows.some((r) => r[0] === '*.*' && r[3] === '[*]'),
        list,
      );
      assert.ok(
        rows.some((r) => r[0] === 'selfsubjectrulesreviews.authorization.k8s.io'),
        list,
      );
    });

    it('kubectl create -f answers SubjectAccessReviews and LocalSubjectAccessReviews (served in discovery)', async () => {
      const resources = await ok('api-resources', '--api-group=authorization.k8s.io', '-o', 'name');
      assert.deepEqual(resources.trim().split('\n').sort(), [
        'localsubjectaccessreviews.authorization.k8s.io',
        'selfsubjectaccessreviews.authorization.k8s.io',
        'selfsubjectrulesreviews.authorization.k8s.io',
        'subjectaccessreviews.authorization.k8s.io',
      ]);
      const file = join(dir, 'reviews.yaml');
      const attributes = '{verb: delete, resource: pods, namespace: team-a}';
      writeFileSync(
        file,
        [
          'apiVersion: authorization.k8s.io/v1',
          'kind: SubjectAccessReview',
          `spec: {user: nobody, resourceAttributes: ${attributes}}`,
          '---',
          'apiVersion: authorization.k8s.io/v1',
          'kind: LocalSubjectAccessReview',
          'metadata: {namespace: team-a}',
          `spec: {user: root, groups: [system:masters], resourceAttributes: ${attributes}}`,
          '',
        ].join('\n'),
      );
      // kubectl validates a kind without a PATCH operation by listing CRDs, which are not served
      // (emulator/README.md, where it differs); the review itself is what is under test.
      const allowed = await ok(
        'create',
        '--validate=false',
        '-f',
        file,
        '-o',
        'jsonpath={.status.allowed}{"\\n"}',
      );
      assert.deepEqual(allowed.trim().split('\n'), ['false', 'true']);
    });

    it("an apply or a PUT that creates its object also needs create, with upstream's 403", async () => {
      await ok(
        'create',
        'role',
        'writer-no-create',
        '--verb=get,patch,update',
        '--resource=configmaps,endpoints',
      );
      await ok('create', 'rolebinding', 'bob-writer', '--role=writer-no-create', '--user=bob');
      const manifest = (kind: string, name: string, body: string) => {
        const file = join(dir, `${name}.yaml`);
        writeFileSync(
          file,
          `apiVersion: v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: default}\n${body}\n`,
        );
        return file;
      };
      const cm = (name: string, v: string) => manifest('ConfigMap', name, `data: {k: "${v}"}`);

      const denied = await kubectl(
        'apply',
        '--server-side',
        '-f',
        cm('ssa-new', '1'),
        '--as',
        'bob',
      );
      assert.notEqual(denied.code, 0);
      assert.match(
        denied.stderr,
        /configmaps "ssa-new" is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "default"/,
      );
      assert.equal((await kubectl('get', 'configmap', 'ssa-new')).code, 1, 'nothing was created');

      // Applying to an object that exists is a patch: patch alone is enough (forced: the
      // creator owns the field).
      await ok('create', 'configmap', 'ssa-existing', '--from-literal=k=0');
      await ok(
        'apply',
        '--server-side',
        '--force-conflicts',
        '-f',
        cm('ssa-existing', '2'),
        '--as',
        'bob',
      );
      assert.equal(await ok('get', 'configmap', 'ssa-existing', '-o', 'jsonpath={.data.k}'), '2');

      // Endpoints are created by a PUT of a missing object (AllowCreateOnUpdate): update alone is not enough.
      const endpoints = manifest(
        'Endpoints',
        'put-new',
        'subsets: [{addresses: [{ip: 10.1.2.3}], ports: [{port: 80}]}]',
      );
      const put = await kubectl('replace', ...validate, '-f', endpoints, '--as', 'bob');
      assert.notEqual(put.code, 0);
      assert.match(
        put.stderr,
        /endpoints "put-new" is forbidden: User "bob" cannot create resource "endpoints" in API group "" in the namespace "default"/,
      );

      // With create granted as well, both go through.
      await ok('create', 'role', 'creator', '--verb=create', '--resource=configmaps,endpoints');
      await ok('create', 'rolebinding', 'bob-creator', '--role=creator', '--user=bob');
      await ok('apply', '--server-side', '-f', cm('ssa-new', '1'), '--as', 'bob');
      await ok('replace', ...validate, '-f', endpoints, '--as', 'bob');
      assert.equal(
        await ok('get', 'endpoints', 'put-new', '-o', 'jsonpath={.subsets[0].addresses[0].ip}'),
        '10.1.2.3',
      );
    });
  });
}
