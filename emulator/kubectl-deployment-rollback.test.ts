/**
 * `kubectl rollout undo deployment/x` through real kubectl 1.33 and 1.27: the ReplicaSet brought
 * back gets the next revision and remembers the one it had in
 * `deployment.kubernetes.io/revision-history` (upstream SetNewReplicaSetAnnotations), so
 * `kubectl rollout history` lists the revisions that still exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadBase } from './scenarios/base';
import { startKubectlHarness, type KubectlHarness } from './testing/kubectl-harness';

const REVISION = 'deployment.kubernetes.io/revision';
const HISTORY = 'deployment.kubernetes.io/revision-history';

interface ReplicaSet {
  metadata: { annotations?: Record<string, string> };
  spec: { template: { spec: { containers: { image: string }[] } } };
}

for (const minor of [33, 27]) {
  describe(`Deployment rollback through kubectl 1.${minor}`, () => {
    let k: KubectlHarness;
    before(async () => {
      // The base scenario's Nodes, so the simulated kubelet runs the pods.
      k = await startKubectlHarness(minor, {
        readinessDelayMs: 20,
        seed: (store) => void loadBase(store, minor),
      });
    });
    after(async () => {
      await k?.stop();
    });

    /** image → [revision, revision-history] of each ReplicaSet of the Deployment. */
    const revisions = async () => {
      const list = JSON.parse(await k.ok('get', 'rs', '-l', 'app=w', '-o', 'json')) as {
        items: ReplicaSet[];
      };
      return Object.fromEntries(
        list.items.map((rs) => [
          rs.spec.template.spec.containers[0]!.image,
          [rs.metadata.annotations?.[REVISION], rs.metadata.annotations?.[HISTORY]],
        ]),
      );
    };
    const settle = () => k.ok('rollout', 'status', 'deployment/w', '--timeout=30s');

    it('rollout undo records the reused ReplicaSet old revisions', async () => {
      await k.ok('create', 'deployment', 'w', '--image=nginx:1');
      await settle();
      await k.ok('set', 'image', 'deployment/w', 'nginx=nginx:2');
      await settle();
      assert.deepEqual(await revisions(), {
        'nginx:1': ['1', undefined],
        'nginx:2': ['2', undefined],
      });
      assert.match(await k.ok('rollout', 'undo', 'deployment/w'), /rolled back/);
      await settle();
      assert.deepEqual(await revisions(), { 'nginx:1': ['3', '1'], 'nginx:2': ['2', undefined] });
      await k.ok('rollout', 'undo', 'deployment/w');
      await settle();
      await k.ok('rollout', 'undo', 'deployment/w');
      await settle();
      assert.deepEqual(await revisions(), { 'nginx:1': ['5', '1,3'], 'nginx:2': ['4', '2'] });
      const history = await k.ok('rollout', 'history', 'deployment/w');
      const listed = history
        .split('\n')
        .map((line) => /^(\d+)\s/.exec(line)?.[1])
        .filter(Boolean);
      assert.deepEqual(listed, ['4', '5']);
    });
  });
}
