/**
 * Real kubectl 1.33 and 1.28 reading and re-applying StatefulSet and DaemonSet history through
 * apps/v1 ControllerRevisions: `rollout history` (with `--revision`), `rollout undo` (to the
 * previous revision and `--to-revision`, whose "current template already matches" check compares
 * kubectl's own encoding of the set with the revision's data byte for byte), and
 * `get controllerrevisions`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadBase } from './scenarios/base';
import { startKubectlHarness, tableRows, type KubectlHarness } from './testing/kubectl-harness';

const MANIFESTS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: 'postgres:16'}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: 'busybox:1.36'}]}
`;

const cases = [
  { kind: 'statefulset', short: 'sts/db', container: 'pg', images: ['postgres:16', 'postgres:17'] },
  {
    kind: 'daemonset',
    short: 'ds/agent',
    container: 'agent',
    images: ['busybox:1.36', 'busybox:1.37'],
  },
];

for (const minor of [33, 28]) {
  describe(`kubectl 1.${minor} rollout history and undo`, () => {
    let k: KubectlHarness;
    before(async () => {
      // The base scenario's Nodes, so the simulated kubelet runs the pods.
      k = await startKubectlHarness(minor, {
        readinessDelayMs: 20,
        seed: (store) => void loadBase(store, minor),
      });
      await k.ok('apply', '-f', k.file('sets.yaml', MANIFESTS));
    });
    after(async () => {
      await k?.stop();
    });

    const image = async (short: string) =>
      k.ok('get', short, '-o', 'jsonpath={.spec.template.spec.containers[0].image}');

    for (const c of cases) {
      const name = `${c.kind}.apps/${c.short.split('/')[1]}`;
      it(`${c.short}: history, undo, undo --to-revision`, async () => {
        await k.ok('rollout', 'status', c.short, '--timeout=30s');
        await k.ok('set', 'image', c.short, `${c.container}=${c.images[1]}`);
        await k.ok('rollout', 'status', c.short, '--timeout=30s');

        const history = tableRows(await k.ok('rollout', 'history', c.short));
        assert.deepEqual(history, [
          [name],
          ['REVISION', 'CHANGE-CAUSE'],
          ['1', '<none>'],
          ['2', '<none>'],
        ]);
        const first = await k.ok('rollout', 'history', c.short, '--revision=1');
        assert.match(first, new RegExp(`^${name} with revision #1\\n`));
        assert.match(first, new RegExp(`Image:\\s+${c.images[0]}\\n`));

        assert.equal(await k.ok('rollout', 'undo', c.short), `${name} rolled back\n`);
        await k.ok('rollout', 'status', c.short, '--timeout=30s');
        assert.equal(await image(c.short), c.images[0]);
        assert.deepEqual(tableRows(await k.ok('rollout', 'history', c.short)).slice(2), [
          ['2', '<none>'],
          ['3', '<none>'],
        ]);
        assert.equal(
          await k.ok('rollout', 'undo', c.short, '--to-revision=3'),
          `${name} skipped rollback (current template already matches revision 3)\n`,
        );
        assert.equal(
          await k.ok('rollout', 'undo', c.short, '--to-revision=2'),
          `${name} rolled back\n`,
        );
        await k.ok('rollout', 'status', c.short, '--timeout=30s');
        assert.equal(await image(c.short), c.images[1]);
        const missing = await k.run('rollout', 'undo', c.short, '--to-revision=9');
        assert.notEqual(missing.code, 0);
        assert.match(missing.stderr, /unable to find specified revision 9 in history/);
      });
    }

    it('lists controllerrevisions with their controller and revision', async () => {
      const rows = tableRows(await k.ok('get', 'controllerrevisions'));
      assert.deepEqual(rows[0], ['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
      const byController = rows
        .slice(1)
        .map((r) => [r[1], r[2]])
        .sort();
      assert.deepEqual(byController, [
        ['daemonset.apps/agent', '3'],
        ['daemonset.apps/agent', '4'],
        ['statefulset.apps/db', '3'],
        ['statefulset.apps/db', '4'],
      ]);
      for (const row of rows.slice(1)) assert.match(row[0] ?? '', /^(db|agent)-[a-z0-9]+$/);
      const described = await k.ok('explain', 'controllerrevision.revision');
      assert.match(described, /FIELD: revision/);
    });
  });
}
