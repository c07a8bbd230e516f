/**
 * kubectl fidelity sweep: regression checks for what a sweep of real kubectl 1.33 and 1.27
 * against the emulator found wrong, plus the everyday workflows (rollout undo/history, namespace
 * termination, `wait --for=delete`, dry runs, the subresources the emulator does not serve)
 * whose output must match a real cluster's. kubectl.test.ts covers tables, apply, scale,
 * labels and `get -w`; this file does not repeat those.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadBase } from './scenarios/base';
import { kubeconfigYaml } from './cluster';
import { startEmulator, type RunningEmulator } from './server';
import { clusterFetch, trustCluster } from './testing/cluster-fetch';

const KUBECTL = '/usr/bin/kubectl';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} sweep`, () => {
    let emulator: RunningEmulator;
    let dir: string;
    let kubeconfig: string;

    const kubectl = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
      new Promise((resolve) => {
        execFile(
          KUBECTL,
          ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
          { env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig, ...env }, timeout: 40_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
    const ok = async (...args: string[]) => {
      const r = await kubectl(args);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), `kubectl-sweep-${minor}-`));
      emulator = trustCluster(
        await startEmulator({
          port: 0,
          minorVersion: minor,
          readinessDelayMs: 50,
          tokenUsers: new Map([['t0k3n', { username: 'restricted', uid: '', groups: [] }]]),
          seed: (store) => {
            loadBase(store, minor);
            // What RBAC grants the restricted user in default: endpoints without the writes.
            store.create('roles', {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'Role',
              metadata: { name: 'restricted', namespace: 'default' },
              rules: [
                {
                  apiGroups: [''],
                  resources: ['endpoints'],
                  verbs: ['get', 'list', 'watch', 'delete', 'deletecollection'],
                },
                { apiGroups: [''], resources: ['pods'], verbs: ['*'] },
              ],
            });
            store.create('rolebindings', {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'RoleBinding',
              metadata: { name: 'restricted', namespace: 'default' },
              roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'restricted' },
              subjects: [
                { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted' },
              ],
            });
          },
        }),
      );
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

    it('rolls out, undoes back onto the original ReplicaSet, and keeps history as upstream', async () => {
      await ok('create', 'deployment', 'x', '--image=nginx', '--replicas=2');
      assert.match(
        await ok('rollout', 'status', 'deployment/x', '--timeout=30s'),
        /successfully rolled out/,
      );
      const firstRS = (await ok('get', 'rs', '-l', 'app=x', '-o', 'name')).trim();
      await ok('set', 'image', 'deployment/x', 'nginx=nginx:1.25');
      await ok('rollout', 'status', 'deployment/x', '--timeout=30s');
      assert.match(await ok('rollout', 'undo', 'deployment/x'), /rolled back/);
      await ok('rollout', 'status', 'deployment/x', '--timeout=30s');
      // Undo re-uses revision 1's ReplicaSet (it becomes revision 3), so exactly two exist and
      // history lists 2 and 3. kubectl 1.33 creates the template with
      // `metadata.creationTimestamp: null` but undo copies it without: the same template.
      const rsNames = (await ok('get', 'rs', '-l', 'app=x', '-o', 'name')).trim().split('\n');
      assert.equal(rsNames.length, 2, rsNames.join(' '));
      assert.ok(rsNames.includes(firstRS), `${firstRS} not in ${rsNames.join(' ')}`);
      const revisions = (await ok('rollout', 'history', 'deployment/x'))
        .split('\n')
        .map((l) => /^(\d+)\s/.exec(l)?.[1])
        .filter(Boolean);
      assert.deepEqual(revisions, ['2', '3']);
      assert.equal(
        await ok('get', firstRS, '-o', 'jsonpath={.spec.replicas}'),
        '2',
        'the original ReplicaSet is scaled back up',
      );
    });

    it('applies with client-side validation on (1.27/1.28 read /openapi/v2 by default)', async () => {
      const manifest = join(dir, 'svc.yaml');
      const write = (extra: string) =>
        writeFileSync(
          manifest,
          [
            'apiVersion: v1',
            'kind: Service',
            'metadata: {name: validated}',
            'spec:',
            '  selector: {app: x}',
            '  ports: [{port: 80, targetPort: 8080}]',
            extra,
            '',
          ].join('\n'),
        );
      write('');
      assert.match(await ok('apply', '-f', manifest), /service\/validated created/);
      assert.match(await ok('apply', '-f', manifest), /service\/validated unchanged/);
      write('  bogus: 1');
      const r = await kubectl(['apply', '-f', manifest]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /unknown field "spec.bogus"/);
      await ok('delete', '-f', manifest);
    });

    it('lists rules for `auth can-i --list` (SelfSubjectRulesReview)', async () => {
      // kubectl sends no credentials over http://, so it is the admin (system:masters): RBAC's
      // rules for it, as upstream lists them — cluster-admin's first, then the defaults every
      // authenticated user holds (system:basic-user, system:discovery, system:public-info-viewer).
      const rows = (await ok('auth', 'can-i', '--list')).trim().split('\n').slice(1);
      const cells = rows.map((r) => r.trim().split(/\s+/));
      assert.deepEqual(cells.slice(0, 2), [
        ['*.*', '[]', '[]', '[*]'],
        ['[*]', '[]', '[*]'],
      ]);
      assert.deepEqual(cells[2], [
        'selfsubjectreviews.authentication.k8s.io',
        '[]',
        '[]',
        '[create]',
      ]);
      assert.ok(
        cells.some((c) => c[0] === '[/version]' && c[2] === '[get]'),
        rows.join('\n'),
      );
      // The restricted user's rules review lists what its Role grants.
      const res = await clusterFetch(
        `${emulator.url}/apis/authorization.k8s.io/v1/selfsubjectrulesreviews`,
        {
          method: 'POST',
          headers: { authorization: 'Bearer t0k3n', 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } }),
        },
      );
      assert.equal(res.status, 201);
      const review = (await res.json()) as {
        status: { resourceRules: { verbs: string[]; resources: string[] }[] };
      };
      const endpoints = review.status.resourceRules.find((r) => r.resources[0] === 'endpoints');
      assert.deepEqual(endpoints?.verbs, ['get', 'list', 'watch', 'delete', 'deletecollection']);
      const pods = review.status.resourceRules.find((r) => r.resources[0] === 'pods');
      assert.deepEqual(pods?.verbs, ['*']);
    });

    it('answers `auth whoami` (SelfSubjectReview)', async () => {
      const rows = (await ok('auth', 'whoami')).trim().split('\n');
      assert.deepEqual(
        rows.map((r) => r.trim().split(/\s{2,}/)),
        [
          ['ATTRIBUTE', 'VALUE'],
          ['Username', 'kubernetes-admin'],
          ['Groups', '[system:masters system:authenticated]'],
        ],
      );
    });

    it('edits through KUBE_EDITOR and removes a label with key-', async () => {
      const editor = join(dir, 'editor.sh');
      writeFileSync(editor, '#!/bin/sh\nsed -i "s/replicas: 2/replicas: 1/" "$1"\n');
      chmodSync(editor, 0o755);
      const r = await kubectl(['edit', 'deployment/x'], { KUBE_EDITOR: editor });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /deployment.apps\/x edited/);
      assert.equal(await ok('get', 'deploy', 'x', '-o', 'jsonpath={.spec.replicas}'), '1');
      await ok('label', 'deploy', 'x', 'tier=fe');
      await ok('label', 'deploy', 'x', 'tier-');
      assert.equal(
        await ok('get', 'deploy', 'x', '-o', 'jsonpath={.metadata.labels}'),
        '{"app":"x"}',
      );
    });

    it('refuses a value of the wrong JSON type, as decoding into the Go struct does', async () => {
      const r = await kubectl([
        'patch',
        'deploy',
        'x',
        '--type=merge',
        '-p',
        '{"spec":{"replicas":"abc"}}',
      ]);
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(
        r.stderr,
        /patch: Invalid value: .*json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32/,
      );
      assert.equal(await ok('get', 'deploy', 'x', '-o', 'jsonpath={.spec.replicas}'), '1');
      const res = await clusterFetch(`${emulator.url}/api/v1/namespaces/default/services`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'typed', labels: { n: 1 } },
          spec: { ports: [{ port: 80 }] },
        }),
      });
      assert.equal(res.status, 400);
      assert.equal(
        ((await res.json()) as { message: string }).message,
        'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
      );
    });

    it('dry runs never store anything', async () => {
      assert.match(
        await ok('create', 'deployment', 'dry', '--image=nginx', '--dry-run=server'),
        /created \(server dry run\)/,
      );
      assert.match(await ok('delete', 'deployment', 'x', '--dry-run=server'), /server dry run/);
      const r = await kubectl(['get', 'deployment', 'dry']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /NotFound.*"dry" not found/);
      await ok('get', 'deployment', 'x');
    });

    it('shows a deleted namespace Terminating, then `wait --for=delete` returns', async () => {
      await ok('create', 'namespace', 'sweep');
      await ok('-n', 'sweep', 'create', 'deployment', 'n', '--image=nginx');
      await ok(
        '-n',
        'sweep',
        'wait',
        '--for=condition=Ready',
        'pod',
        '-l',
        'app=n',
        '--timeout=30s',
      );
      await ok('delete', 'namespace', 'sweep', '--wait=false');
      const status = await kubectl(['get', 'namespace', 'sweep', '--no-headers']);
      // Either still Terminating, or already gone (NotFound) — never Active.
      if (status.code === 0) assert.match(status.stdout, /Terminating/);
      else assert.match(status.stderr, /NotFound/);
      await ok('wait', '--for=delete', 'namespace/sweep', '--timeout=30s');
      const gone = await kubectl(['get', 'namespace', 'sweep']);
      assert.notEqual(gone.code, 0);
      assert.match(gone.stderr, /namespaces "sweep" not found/);
    });

    it('answers logs, exec and port-forward at once instead of hanging', async () => {
      const pod = (await ok('get', 'pods', '-l', 'app=x', '-o', 'name')).trim().split('\n')[0]!;
      // A simulated container's log is empty (kubectl-pod-streams.test.ts has the rest).
      assert.equal(await ok('logs', pod), '');
      for (const args of [
        ['exec', pod, '--', 'ls'],
        ['port-forward', pod, '0:80'],
      ]) {
        const r = await kubectl(args);
        assert.notEqual(r.code, 0, args.join(' '));
        assert.match(r.stderr, /error dialing backend: node-\d is a simulated Node/, args[0]);
      }
    });
    it('drains a node (pod DELETEs with a protobuf DeleteOptions body), then uncordons it', async () => {
      const node = await ok(
        'get',
        'pods',
        '-l',
        'app=x',
        '-o',
        'jsonpath={.items[0].spec.nodeName}',
      );
      assert.match(node, /^node-\d$/);
      const out = await ok('drain', node, '--ignore-daemonsets', '--force', '--timeout=30s');
      assert.match(out, new RegExp(`node/${node} drained`));
      const left = await ok(
        'get',
        'pods',
        '-A',
        '--field-selector',
        `spec.nodeName=${node}`,
        '-o',
        'name',
      );
      assert.equal(left.trim(), '');
      assert.match(await ok('get', 'node', node, '--no-headers'), /Ready,SchedulingDisabled/);
      await ok('uncordon', node);
    });
  });
}
