/**
 * `kubectl drain` honours PodDisruptionBudgets through real kubectl 1.33 and 1.27: it finds
 * pods/eviction in discovery, evicts instead of deleting, and retries the 429 a budget answers
 * ("error when evicting pods/… (will retry after 5s): Cannot evict pod as it would violate the
 * pod's disruption budget.") until its --timeout; with room in the budget the drain completes
 * and the Deployment's pod comes back on another Node. `kubectl describe node` finds the Node's
 * Lease. Three Nodes, the simulated kubelet on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNode, nodeObject, ZONES } from './scenarios/base';
import { startKubectlHarness, type KubectlHarness, until } from './testing/kubectl-harness';

for (const minor of [33, 27]) {
  describe(`kubectl drain with PodDisruptionBudgets (1.${minor})`, () => {
    let k: KubectlHarness;
    before(async () => {
      k = await startKubectlHarness(minor, {
        seed: (store) => {
          for (let i = 0; i < 3; i++)
            createNode(
              store,
              nodeObject({
                name: `node-${i}`,
                podCIDR: `10.244.${i}.0/24`,
                internalIP: `172.18.0.${10 + i}`,
                zone: ZONES[i] ?? 'zone-a',
                minorVersion: minor,
              }),
            );
        },
      });
    });
    after(async () => {
      await k?.stop();
    });

    const healthy = (want: string) =>
      until(`pdb healthy ${want}`, async () => {
        const out = await k.ok(
          'get',
          'pdb',
          'web',
          '-o',
          'jsonpath={.status.currentHealthy}/{.status.disruptionsAllowed}',
        );
        return out === want ? out : undefined;
      });

    it('describe node shows the kubelet’s Lease (coordination.k8s.io served)', async () => {
      const out = await until('the lease', async () => {
        const text = await k.ok('describe', 'node', 'node-1');
        return /HolderIdentity:\s+node-1/.test(text) ? text : undefined;
      });
      assert.doesNotMatch(out, /Failed to get lease/);
      assert.match(out, /RenewTime:\s+\w{3}, \d\d \w{3} \d{4}/);
    });

    it('refuses while the budget has no room, then drains once it has', async () => {
      await k.ok('create', 'deployment', 'web', '--image=nginx', '--replicas=3');
      await k.ok('rollout', 'status', 'deployment/web', '--timeout=60s');
      await k.ok('create', 'pdb', 'web', '--selector=app=web', '--min-available=3');
      await healthy('3/0');
      const pods = (
        await k.ok('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.nodeName}')
      ).split(' ');
      assert.equal(new Set(pods).size, 3, `one pod per node: ${pods.join()}`);
      const node = pods[0] ?? '';
      const victim = (
        await k.ok(
          'get',
          'pods',
          '-l',
          'app=web',
          '--field-selector',
          `spec.nodeName=${node}`,
          '-o',
          'jsonpath={.items[0].metadata.name}',
        )
      ).trim();

      const refused = await k.run('drain', node, '--ignore-daemonsets', '--timeout=7s');
      assert.notEqual(refused.code, 0, refused.stdout);
      assert.match(
        refused.stderr,
        new RegExp(
          `error when evicting pods/"${victim}" -n "default" \\(will retry after 5s\\): Cannot evict pod as it would violate the pod's disruption budget\\.`,
        ),
      );
      assert.ok(await k.ok('get', 'pod', victim, '-o', 'name'));
      assert.equal(await k.ok('get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}'), 'true');

      await k.ok('patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":2}}');
      await healthy('3/1');
      const drained = await k.run('drain', node, '--ignore-daemonsets', '--timeout=60s');
      assert.equal(drained.code, 0, `${drained.stdout}${drained.stderr}`);
      assert.match(drained.stdout, new RegExp(`pod/${victim} evicted`));
      assert.match(drained.stdout, new RegExp(`node/${node} drained`));
      const after = await k.run('get', 'pod', victim);
      assert.match(after.stderr, /NotFound/);
      // The Deployment brings the pod back elsewhere; the budget recovers.
      await healthy('3/1');
      const nodes = await k.ok(
        'get',
        'pods',
        '-l',
        'app=web',
        '-o',
        'jsonpath={.items[*].spec.nodeName}',
      );
      assert.ok(!nodes.split(' ').includes(node), nodes);
    });
  });
}
