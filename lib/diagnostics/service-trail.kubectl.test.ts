/**
 * The change trail against the embedded cluster, driven by real kubectl 1.33: a `kubectl edit`
 * of a Service's selector (KUBE_EDITOR is a sed script) is a selector entry, old → new, by manager
 * `kubectl-edit`; `kubectl scale --replicas=0` a replicas entry 2 → 0 written through the scale
 * subresource. The history is wired to a real hub the way the server wires it (attach-history.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// eslint-disable-next-line no-restricted-imports -- the test drives the cluster with kubectl; the code under test reaches it over HTTP only
import { startKubectlHarness, type KubectlHarness } from '../../emulator/testing/kubectl-harness';
// eslint-disable-next-line no-restricted-imports -- as above: the cluster's seed nodes
import { loadBase } from '../../emulator/scenarios/base';
import { Hub } from '../k8s/hub';
import { kubeConfigFor, waitFor } from '../k8s/testing/helpers';
import type { TimelineEntry } from '../api/diagnostics';
import { attachHistory } from './attach-history';
import type { ServiceHistory } from './service-history';

describe('change trail with kubectl 1.33', () => {
  let k: KubectlHarness;
  let hub: Hub;
  let history: ServiceHistory;

  before(async () => {
    // Nodes and system namespaces, so the deployment's pods are scheduled and become ready.
    k = await startKubectlHarness(33, {
      readinessDelayMs: 50,
      seed: (store) => void loadBase(store, 33),
    });
    const { url, adminToken, caCertificate } = k.emulator;
    const kubeConfig = kubeConfigFor(url, adminToken, caCertificate);
    hub = new Hub({
      connection: {
        kubeConfig,
        info: { name: 'trail', simulated: true, readOnly: false },
      },
      loop: { backoff: { initialMs: 50, maxMs: 500 } },
    });
    hub.start();
    assert.equal(await hub.waitForSync(20_000), true);
    ({ history } = attachHistory(hub.cache));
  });
  after(async () => {
    await hub?.stop();
    await k?.stop();
  });

  const trail = () => history.entries('default', 'web');
  async function until(what: string, find: (e: TimelineEntry) => boolean): Promise<TimelineEntry> {
    let found: TimelineEntry | undefined;
    await waitFor(what, () => (found = trail().find(find)) !== undefined, 30_000, 50);
    return found!;
  }

  it('kubectl edit of the selector is a selector entry, old → new, before its endpoint removals', async () => {
    await k.ok('create', 'deployment', 'web', '--image=nginx', '--replicas=2');
    await k.ok('expose', 'deployment', 'web', '--port=80');
    await waitFor(
      'two ready endpoints',
      () =>
        history.stateAt('default', 'web', Date.now()).endpoints.filter((e) => e.state === 'ready')
          .length === 2,
      30_000,
      50,
    );
    // Only the selector's line: the Service's own labels say app: web too.
    const script = k.file('selector.sed', '/^  selector:/,/^  [a-z]/ s/app: web/app: wbe/\n');
    process.env.KUBE_EDITOR = `sed -i -f ${script}`;
    try {
      await k.ok('edit', 'service', 'web');
    } finally {
      delete process.env.KUBE_EDITOR;
    }
    const spec = await until('selector entry', (e) => e.type === 'spec' && e.field === 'selector');
    assert.ok(spec.type === 'spec');
    assert.deepEqual([spec.from, spec.to], ['app=web', 'app=wbe']);
    assert.deepEqual([spec.by?.manager, spec.by?.operation], ['kubectl-edit', 'Update']);
    await until('endpoints removed', (e) => e.type === 'endpoint' && e.change === 'removed');
    const all = trail();
    const removed = all.findIndex((e) => e.type === 'endpoint' && e.change === 'removed');
    assert.ok(all.indexOf(spec) < removed, all.map((e) => e.type).join(','));
  });

  it('kubectl scale --replicas=0 is a replicas entry 2 → 0, written through the scale subresource', async () => {
    // Back to the pods' labels first, so the Service selects the Deployment's pods again.
    await k.ok('patch', 'service', 'web', '-p', '{"spec":{"selector":{"app":"web"}}}');
    await until('selector back', (e) => e.type === 'spec' && e.to === 'app=web');
    await k.ok('scale', 'deployment', 'web', '--replicas=0');
    const scaled = await until(
      'replicas entry',
      (e) => e.type === 'workload' && e.field === 'replicas',
    );
    assert.ok(scaled.type === 'workload');
    assert.deepEqual(
      [scaled.workload, scaled.from, scaled.to],
      [{ kind: 'Deployment', name: 'web' }, '2', '0'],
    );
    assert.deepEqual(
      [scaled.by?.manager, scaled.by?.operation, scaled.by?.subresource],
      ['kubectl', 'Update', 'scale'],
    );
    const back = trail().find((e) => e.type === 'spec' && e.to === 'app=web');
    assert.equal(back?.by?.manager, 'kubectl-patch');
  });
});
