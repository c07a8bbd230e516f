/**
 * A DaemonSet's rolling update driven by real kubectl 1.33 and 1.27 on the base scenario's three
 * Nodes, as upstream's controller does it: without surge, a Node whose old pod is still
 * Terminating (its container ignores SIGTERM through a long grace period, as with a slow preStop
 * hook: the simulated kubelet's `switchboard.dev/simulate: ignore-sigterm`) gets no new pod until
 * the old one is gone, and `kubectl rollout status` waits for it and then finishes; with
 * maxSurge the new pod starts beside the old one, the old goes once the new is available, and
 * `rollout status` finishes with every Node on the new template.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadBase } from './scenarios/base';
import { startKubectlHarness, type KubectlHarness, until } from './testing/kubectl-harness';

const SIMULATE = 'switchboard.dev/simulate';

const daemonSet = (name: string, strategy: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  updateStrategy: ${strategy}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 3600
      containers: [{name: agent, image: 'busybox:1.36'}]
`;

interface PodRow {
  name: string;
  node: string;
  image: string;
  deleting: boolean;
}

for (const minor of [33, 27]) {
  describe(`kubectl 1.${minor}: a DaemonSet rollout and terminating pods`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, {
        readinessDelayMs: 20,
        seed: (store) => void loadBase(store, minor),
      });
    });
    after(async () => {
      await k?.stop();
    });

    async function pods(app: string): Promise<PodRow[]> {
      const out = await k.ok(
        'get',
        'pods',
        '-l',
        `app=${app}`,
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.spec.containers[0].image} {.metadata.deletionTimestamp}{"\\n"}{end}',
      );
      return out
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [name = '', node = '', image = '', deleting] = line.split(' ');
          return { name, node, image, deleting: Boolean(deleting) };
        });
    }

    const rolledOut = (app: string) =>
      k.run('rollout', 'status', `ds/${app}`, '--timeout=60s').then((r) => {
        assert.equal(r.code, 0, `rollout status ds/${app}: ${r.stdout}\n${r.stderr}`);
        return r.stdout;
      });

    it('maxSurge 0: the new pod comes only once the terminating old pod is gone', async () => {
      await k.ok(
        'apply',
        '-f',
        k.file(
          'agent.yaml',
          daemonSet('agent', '{type: RollingUpdate, rollingUpdate: {maxUnavailable: 3}}'),
        ),
      );
      await rolledOut('agent');
      const [held] = await pods('agent');
      assert.ok(held);
      await k.ok('annotate', 'pod', held.name, `${SIMULATE}=ignore-sigterm`);
      await k.ok('set', 'image', 'ds/agent', 'agent=busybox:1.37');
      let finished = false;
      const status = rolledOut('agent').finally(() => (finished = true));

      // maxUnavailable 3: every old pod is deleted at once (with 1, the held Node would spend the
      // budget and stop the rollout, as upstream's does). The other Nodes get their new pods; the
      // held pod's Node keeps only its terminating pod.
      const rolling = await until('the other Nodes updated', async () => {
        const now = await pods('agent');
        const others = now.filter((p) => p.node !== held.node);
        const done =
          others.length === 2 && others.every((p) => p.image === 'busybox:1.37' && !p.deleting);
        const terminating = now.some((p) => p.name === held.name && p.deleting);
        return done && terminating ? now : undefined;
      });
      assert.deepEqual(
        rolling.filter((p) => p.node === held.node).map((p) => p.name),
        [held.name],
        'no replacement beside the terminating pod',
      );
      assert.equal(
        await k.ok('get', 'ds', 'agent', '-o', 'jsonpath={.status.updatedNumberScheduled}'),
        '2',
      );
      assert.equal(finished, false, 'rollout status still waits for the held Node');

      // Its container finally exits: the pod goes and the Node gets its new pod.
      await k.ok('annotate', 'pod', held.name, `${SIMULATE}-`);
      assert.match(await status, /daemon set "agent" successfully rolled out/);
      const after = await pods('agent');
      assert.deepEqual(after.map((p) => p.node).sort(), ['node-1', 'node-2', 'node-3']);
      assert.ok(after.every((p) => p.image === 'busybox:1.37' && !p.deleting));
    });

    it('maxSurge 1: the new pod runs beside the old until it is available, then the old goes', async () => {
      await k.ok(
        'apply',
        '-f',
        k.file(
          'surge.yaml',
          daemonSet(
            'surge',
            '{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}',
          ),
        ),
      );
      await rolledOut('surge');
      // The emulator's kubelet never readies an image named *never-ready*: the surge holds.
      await k.ok('set', 'image', 'ds/surge', 'agent=busybox:1.37-never-ready');
      const surged = await until('one new pod beside the old', async () => {
        const now = await pods('surge');
        return now.length === 4 ? now : undefined;
      });
      const fresh = surged.filter((p) => p.image === 'busybox:1.37-never-ready');
      assert.equal(fresh.length, 1, 'maxSurge 1: one Node at a time');
      assert.equal(
        surged.filter((p) => p.image === 'busybox:1.36' && !p.deleting).length,
        3,
        'every old pod still serves while its replacement is not available',
      );

      await k.ok('set', 'image', 'ds/surge', 'agent=busybox:1.37');
      assert.match(await rolledOut('surge'), /daemon set "surge" successfully rolled out/);
      const done = await until('the old pods gone', async () => {
        const now = await pods('surge');
        return now.length === 3 ? now : undefined;
      });
      assert.deepEqual(done.map((p) => p.node).sort(), ['node-1', 'node-2', 'node-3']);
      assert.ok(done.every((p) => p.image === 'busybox:1.37' && !p.deleting));
    });
  });
}
