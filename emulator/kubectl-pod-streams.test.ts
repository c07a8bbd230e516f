/**
 * `kubectl logs`, `exec`, `attach` and `port-forward` through real kubectl 1.33 and 1.27.
 *
 * Logs: a simulated container's log is empty, so
 * kubectl prints nothing and succeeds; the refusals are upstream's (the apiserver's container
 * choice and PodLogOptions validation, the kubelet's "waiting to start" and "previous terminated
 * container … not found", relayed as BadRequest); `--follow` holds the stream until the pod goes
 * or the cluster stops.
 *
 * exec, attach and port-forward: the apiserver's checks (the pod, the container, a Node), then
 * the embedded cluster's reason for not connecting, printed by kubectl, where before it read "the
 * server could not find the requested resource".
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadBase } from './scenarios/base';
import { startKubectlHarness, until, type KubectlHarness } from './testing/kubectl-harness';

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  initContainers: [{name: setup, image: 'busybox:1.36'}]
  containers: [{name: app, image: 'nginx:1.27'}, {name: sidecar, image: 'busybox:1.36'}]
---
apiVersion: v1
kind: Pod
metadata: {name: pulling}
spec:
  containers: [{name: app, image: 'registry.example/image-pull-error:1'}]
---
apiVersion: v1
kind: Pod
metadata: {name: unplaced}
spec:
  nodeSelector: {no-such-label: 'x'}
  containers: [{name: app, image: 'nginx:1.27'}]
`;

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor} logs`, () => {
    let k: KubectlHarness;
    let pod = '';
    let stopped = false;
    before(async () => {
      k = await startKubectlHarness(minor, {
        readinessDelayMs: 20,
        seed: (store) => void loadBase(store, minor),
      });
      await k.ok('create', 'deployment', 'web', '--image=nginx:1.27');
      await k.ok('apply', '-f', k.file('pods.yaml', MANIFESTS));
      await k.ok('rollout', 'status', 'deploy/web', '--timeout=30s');
      pod = (
        await k.ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')
      ).trim();
      await until('two running', async () => {
        const phase = await k.ok('get', 'pod', 'two', '-o', 'jsonpath={.status.phase}');
        return phase === 'Running' ? phase : undefined;
      });
    });
    after(async () => {
      if (!stopped) await k?.stop();
    });

    it('a running container: an empty log, by pod and by Deployment', async () => {
      assert.equal(await k.ok('logs', pod), '');
      assert.equal(await k.ok('logs', 'deploy/web', '--tail=10', '--timestamps'), '');
      const r = await k.run('logs', 'two');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      // kubectl picks the first container itself and says so.
      assert.match(r.stderr, /Defaulted container "app" out of: app, sidecar, setup \(init\)/);
      assert.equal(await k.ok('logs', 'two', '-c', 'sidecar'), '');
    });

    it('the container choice, as the apiserver refuses it', async () => {
      const wrong = await k.run('logs', pod, '-c', 'nope');
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, new RegExp(`container nope is not valid for pod ${pod}`));
      const raw = await k.run('get', '--raw', '/api/v1/namespaces/default/pods/two/log');
      assert.notEqual(raw.code, 0);
      assert.match(
        raw.stderr,
        /a container name must be specified for pod two, choose one of: \[app sidecar\] or one of the init containers: \[setup\]/,
      );
      const missing = await k.run('logs', 'ghost');
      assert.match(missing.stderr, /pods "ghost" not found/);
    });

    it('PodLogOptions that do not validate: 422', async () => {
      const r = await k.run(
        'get',
        '--raw',
        `/api/v1/namespaces/default/pods/${pod}/log?tailLines=-1`,
      );
      assert.notEqual(r.code, 0);
      assert.match(
        r.stderr,
        new RegExp(
          `PodLogOptions "${pod}" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0`,
        ),
      );
    });

    it('the kubelet’s refusals: no previous run, an image that cannot be pulled', async () => {
      const previous = await k.run('logs', pod, '--previous');
      assert.notEqual(previous.code, 0);
      assert.match(
        previous.stderr,
        new RegExp(
          `Error from server \\(BadRequest\\): previous terminated container "nginx" in pod "${pod}" not found`,
        ),
      );
      const waiting = await until('the pull to fail', async () => {
        const r = await k.run('logs', 'pulling');
        return /is waiting to start: (image can't be pulled|trying and failing to pull image)/.test(
          r.stderr,
        )
          ? r
          : undefined;
      });
      assert.notEqual(waiting.code, 0);
      assert.match(waiting.stderr, /container "app" in pod "pulling" is waiting to start/);
    });

    it('exec, attach and port-forward say why they cannot connect', async () => {
      const why =
        /error dialing backend: node-\d is a simulated Node of the embedded cluster: no kubelet serves exec, attach or port-forward/;
      for (const args of [
        ['exec', pod, '--', 'ls'],
        ['attach', pod],
        ['port-forward', `pod/${pod}`, '0:80'],
      ]) {
        const r = await k.run(...args);
        assert.notEqual(r.code, 0, args.join(' '));
        assert.match(r.stderr, why, `${args.join(' ')}: ${r.stderr}`);
      }
      const wrong = await k.run('exec', pod, '-c', 'nope', '--', 'ls');
      assert.match(wrong.stderr, new RegExp(`container nope is not valid for pod ${pod}`));
      const unplaced = await k.run('exec', 'unplaced', '--', 'ls');
      assert.match(unplaced.stderr, /pod unplaced does not have a host assigned/);
    });

    it('a pod on no Node yet: an empty log', async () => {
      assert.equal(await k.ok('logs', 'unplaced'), '');
    });

    /** `kubectl logs -f` as a child process: its exit code once it exits, and its stderr. */
    const follow = (...args: string[]) => {
      const child = spawn(
        '/usr/bin/kubectl',
        ['--kubeconfig', join(k.dir, 'kubeconfig'), '--cache-dir', join(k.dir, 'cache')].concat([
          'logs',
          '-f',
          ...args,
        ]),
        { env: { ...process.env, HOME: k.dir }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { child, exited, stderr: () => stderr };
    };
    const streamOpen = () =>
      until('the followed log to open', async () =>
        k.emulator.router.activeStreamCount() > 0 ? true : undefined,
      );

    it('--follow holds the stream until the pod is deleted', async () => {
      const f = follow('two', '-c', 'app');
      try {
        // Held open: the request is in, and kubectl has not exited while the pod runs.
        await streamOpen();
        assert.equal(f.child.exitCode, null);
        await k.ok('delete', 'pod', 'two', '--wait=false');
        assert.equal(await f.exited, 0, f.stderr());
        assert.equal(k.emulator.router.activeStreamCount(), 0);
      } finally {
        f.child.kill();
      }
    });

    it('a followed log ends when the cluster stops', async () => {
      const f = follow(pod);
      try {
        await streamOpen();
        stopped = true;
        await k.stop();
        await f.exited;
        assert.equal(k.emulator.router.activeStreamCount(), 0);
      } finally {
        f.child.kill();
      }
    });
  });
}
