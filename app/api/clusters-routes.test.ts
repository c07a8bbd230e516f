/**
 * Several clusters in one dashboard process, against three embedded clusters of different
 * scenarios (demo, seed, empty + a few objects), the handlers called directly (no Next server):
 * the registry from one kubeconfig with several contexts, a context appended to that file
 * appearing without a restart, the overview, per-cluster routes, search by IP, compare after
 * scaling in one cluster, and one cluster stopped — its summary says unreachable (its counts
 * last-known) while the others stay live, and search and compare list it as not asked instead of
 * answering from its cache — then started again, converging.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ClusterIdsAnswer,
  ClustersAnswer,
  ClusterSummary,
  CompareAnswer,
  SearchAnswer,
} from '@/lib/api/clusters';
import { clusterRegistry } from '@/lib/k8s/clusters';
import { startClusters } from '@/lib/ops/start-clusters';
import { combineKubeconfigs, writeCombinedKubeconfig } from '../../cli/demo-clusters';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { GET as clusterGraph } from './clusters/[cluster]/graph/route';
import { GET as clusterDiagnosis } from './clusters/[cluster]/services/[namespace]/[name]/diagnosis/route';
import { GET as clusters } from './clusters/route';
import { GET as compare } from './compare/route';
import { GET as graph } from './graph/route';
import { GET as search } from './search/route';
import { stopDashboard } from './testing/dashboard';
import { call, eventually, expectJson, expectProblem } from './testing/routes';

/** What the third cluster gets: an inventory app and a bridge to 10.30.0.15, as in demo. */
const LEGACY = `apiVersion: v1
kind: Namespace
metadata: { name: legacy }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: inventory, namespace: legacy, labels: { app: inventory } }
spec:
  replicas: 2
  selector: { matchLabels: { app: inventory } }
  template:
    metadata: { labels: { app: inventory } }
    spec:
      containers:
        - name: inventory
          image: registry.example.com/legacy/inventory:3.2.7
          ports: [{ containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: inventory, namespace: legacy, labels: { app: inventory } }
spec:
  selector: { app: inventory }
  ports: [{ port: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: mainframe-bridge, namespace: legacy }
spec:
  ports: [{ name: https, port: 443, targetPort: 8443 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: mainframe-bridge, namespace: legacy }
subsets:
  - addresses: [{ ip: 10.30.0.15 }]
    ports: [{ name: https, port: 8443, protocol: TCP }]
`;

let demo: EmbeddedCluster;
let seed: EmbeddedCluster;
let third: EmbeddedCluster;
let kubeconfig: string;
const parts = () => [
  { id: 'sim-demo', file: demo.kubeconfig },
  { id: 'sim-seed', file: seed.kubeconfig },
];

before(async () => {
  [demo, seed, third] = await Promise.all([
    startCluster('demo'),
    startCluster('seed'),
    startCluster('empty'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-clusters-'));
  const manifest = join(dir, 'legacy.yaml');
  writeFileSync(manifest, LEGACY);
  const applied = await third.kubectl('apply', '-f', manifest);
  assert.equal(applied.code, 0, applied.stderr);
  kubeconfig = writeCombinedKubeconfig(dir, parts());
  process.env.SWITCHBOARD_KUBECONFIG = kubeconfig;
  process.env.SWITCHBOARD_ALL_CONTEXTS = '1';
});

after(() => stopDashboard(demo, seed, third));

async function overview(): Promise<Map<string, ClusterSummary>> {
  const body = await expectJson<ClustersAnswer>(await call(clusters, '/api/clusters'));
  return new Map(body.clusters.map((c) => [c.id, c]));
}

const compareInventory = async () =>
  expectJson<CompareAnswer>(await call(compare, '/api/compare?namespace=legacy&name=inventory'));

const column = (answer: CompareAnswer, cluster: string) =>
  answer.clusters.find((c) => c.cluster === cluster)!;

describe('several clusters', () => {
  it('reads the contexts of one kubeconfig, the first the default, each on its own hub', async () => {
    startClusters();
    const registry = clusterRegistry();
    assert.deepEqual(registry.ids(), ['sim-demo', 'sim-seed']);
    assert.notEqual(registry.hub('sim-demo'), registry.hub('sim-seed'));
    await eventually('both clusters live', async () => {
      const all = await overview();
      return [...all.values()].every((c) => c.state === 'live');
    });
    const all = await overview();
    assert.equal(all.get('sim-demo')!.isDefault, true);
    assert.equal(all.get('sim-demo')!.simulated, true);
    assert.ok(all.get('sim-seed')!.services.total >= 2);
    // The old path means the default cluster; the per-cluster path and ?cluster= the one named.
    const g = await expectJson<{ cluster: { name: string } }>(await call(graph, '/api/graph'));
    assert.equal(g.cluster.name, 'sim-demo');
    const q = await expectJson<{ cluster: { name: string } }>(
      await call(graph, '/api/graph?cluster=sim-seed'),
    );
    assert.equal(q.cluster.name, 'sim-seed');
    const path = await expectJson<{ topology: { services: { name: string }[] } }>(
      await call(clusterGraph, '/api/clusters/sim-seed/graph', {}, { cluster: 'sim-seed' }),
    );
    assert.ok(path.topology.services.some((s) => s.name === 'external-web'));
    const d = await expectJson<{ name: string }>(
      await call(
        clusterDiagnosis,
        '/api/clusters/sim-seed/services/default/external-web/diagnosis',
        {},
        { cluster: 'sim-seed', namespace: 'default', name: 'external-web' },
      ),
    );
    assert.equal(d.name, 'external-web');
    await expectProblem(
      await call(clusterGraph, '/api/clusters/nope/graph', {}, { cluster: 'nope' }),
      'not-found',
      404,
    );
  });

  it('contexts appended to the kubeconfig file appear without a restart, and go when removed', async () => {
    const config = JSON.parse(
      combineKubeconfigs([...parts(), { id: 'sim-legacy', file: third.kubeconfig }]),
    ) as { contexts: unknown[] };
    // And a context whose cluster entry is missing: listed as such, the others unaffected.
    config.contexts.push({
      name: 'half-written',
      context: { cluster: 'nowhere', user: 'sim-demo' },
    });
    writeFileSync(kubeconfig, JSON.stringify(config));
    await eventually('the third cluster listed and live', async () => {
      const c = (await overview()).get('sim-legacy');
      return c?.state === 'live';
    });
    assert.deepEqual(clusterRegistry().ids(), [
      'sim-demo',
      'sim-seed',
      'sim-legacy',
      'half-written',
    ]);
    // The chooser's cheap list: the ids in the dashboard's order, no cluster asked.
    const listed = await expectJson<ClusterIdsAnswer>(
      await call(clusters, '/api/clusters?view=ids'),
    );
    assert.deepEqual(listed, {
      ids: ['sim-demo', 'sim-seed', 'sim-legacy', 'half-written'],
      defaultCluster: 'sim-demo',
    });
    await expectProblem(await call(clusters, '/api/clusters?view=all'), 'bad-request', 400);
    const broken = (await overview()).get('half-written')!;
    assert.equal(broken.state, 'unconfigured');
    assert.match(broken.lastError!, /cluster "nowhere"/);
    // It drops out again when the file no longer names it.
    writeFileSync(
      kubeconfig,
      combineKubeconfigs([...parts(), { id: 'sim-legacy', file: third.kubeconfig }]),
    );
    await eventually(
      'the half-written context gone',
      async () => !(await overview()).has('half-written'),
    );
    assert.equal((await overview()).get('sim-seed')!.state, 'live');
  });

  it('search by IP finds the endpoint in the clusters that have it, and only there', async () => {
    const body = await expectJson<SearchAnswer>(await call(search, '/api/search?q=10.30.0.15'));
    assert.deepEqual(body.matches.map((m) => `${m.cluster} ${m.namespace}/${m.name}`).sort(), [
      'sim-demo legacy/mainframe-bridge',
      'sim-legacy legacy/mainframe-bridge',
    ]);
    assert.match(body.matches[0]!.matched[0]!.detail, /^endpoint 10\.30\.0\.15/);
    // demo holds the seed's objects too; the third cluster has no such endpoint.
    const seeds = await expectJson<SearchAnswer>(await call(search, '/api/search?q=10.10.50.53'));
    assert.deepEqual(seeds.matches.map((m) => m.cluster).sort(), ['sim-demo', 'sim-seed']);
    await expectProblem(await call(search, '/api/search?q='), 'bad-request', 400);
  });

  it('compare shows the difference in ready endpoints after scaling in one cluster', async () => {
    await eventually('inventory alike in demo and legacy', async () => {
      const answer = await compareInventory();
      return (
        column(answer, 'sim-demo').endpoints?.ready === 2 &&
        column(answer, 'sim-legacy').endpoints?.ready === 2
      );
    });
    const before = await compareInventory();
    assert.equal(column(before, 'sim-seed').found, false);
    // sim-seed has no inventory, so every row differs; demo and legacy agree until scaled.
    assert.deepEqual(before.differs, [
      'found',
      'type',
      'ports',
      'selector',
      'endpoints',
      'diagnosis',
    ]);
    assert.deepEqual(column(before, 'sim-demo').endpoints, column(before, 'sim-legacy').endpoints);
    const scaled = await third.kubectl(
      '-n',
      'legacy',
      'scale',
      'deployment/inventory',
      '--replicas=1',
    );
    assert.equal(scaled.code, 0, scaled.stderr);
    await eventually('the scaled cluster shows one endpoint', async () => {
      const answer = await compareInventory();
      return column(answer, 'sim-legacy').endpoints?.total === 1;
    });
    const afterScaling = await compareInventory();
    assert.ok(afterScaling.differs.includes('endpoints'));
    assert.deepEqual(column(afterScaling, 'sim-legacy').endpoints, { ready: 1, total: 1 });
    assert.deepEqual(column(afterScaling, 'sim-demo').endpoints, { ready: 2, total: 2 });
  });

  it('a stopped cluster is unreachable on its own summary while the others stay live, then converges', async () => {
    await seed.stop();
    await eventually('sim-seed unreachable', async () => {
      return (await overview()).get('sim-seed')?.state === 'unreachable';
    });
    const during = await overview();
    assert.equal(during.get('sim-demo')!.state, 'live');
    assert.equal(during.get('sim-legacy')!.state, 'live');
    assert.ok(during.get('sim-seed')!.lastError, 'the unreachable cluster says why');
    // Its counts are last-known, and say so; search and compare leave its cache out and list it
    // among the clusters they could not ask, with since when — never as a current answer.
    assert.equal(during.get('sim-seed')!.answer, 'stale');
    assert.equal(during.get('sim-demo')!.answer, 'current');
    const found = await expectJson<SearchAnswer>(await call(search, '/api/search?q=10.10.50.53'));
    assert.deepEqual(
      found.matches.map((m) => m.cluster),
      ['sim-demo'],
    );
    const left = found.errors.find((e) => e.cluster === 'sim-seed');
    assert.equal(left?.answer, 'stale');
    assert.ok(left?.staleSince, 'since when it is stale');
    const compared = await expectJson<CompareAnswer>(
      await call(compare, '/api/compare?namespace=default&name=external-web'),
    );
    const seedColumn = column(compared, 'sim-seed');
    assert.equal(seedColumn.found, false);
    assert.equal(seedColumn.answer, 'stale');
    assert.ok(seedColumn.error);
    assert.equal(column(compared, 'sim-demo').found, true);
    // The order puts the cluster in trouble first.
    const order = await expectJson<ClustersAnswer>(await call(clusters, '/api/clusters'));
    assert.equal(order.clusters[0]!.id, 'sim-seed');
    // Another cluster keeps updating live meanwhile.
    const scaled = await third.kubectl(
      '-n',
      'legacy',
      'scale',
      'deployment/inventory',
      '--replicas=3',
    );
    assert.equal(scaled.code, 0, scaled.stderr);
    await eventually('the live cluster shows the new replicas', async () => {
      return column(await compareInventory(), 'sim-legacy').endpoints?.ready === 3;
    });
    await seed.start();
    await eventually(
      'sim-seed live again',
      async () => (await overview()).get('sim-seed')?.state === 'live',
      90_000,
    );
  });
});
