/**
 * `/healthz`, `/readyz` and `/metrics` of an in-process dashboard watching two embedded clusters
 * (the route handlers called directly): the second cluster is stopped before the dashboard
 * starts, so readiness must not wait for it; once it is started it converges, and stopped again
 * it is unreachable on its own while the replica stays ready. Every watch and cache series
 * carries its `cluster`, in one registry with no metric name defined twice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterRegistry } from '../k8s/clusters';
import { startClusters } from './start-clusters';
import { writeCombinedKubeconfig } from '../../cli/demo-clusters';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { GET as healthz } from '../../app/healthz/route';
import { GET as metrics } from '../../app/metrics/route';
import { GET as readyz } from '../../app/readyz/route';
import { call, eventually } from '../../app/api/testing/routes';
import { parsePrometheusText, valueOf, type Exposition } from './testing/prom-text';

let first: EmbeddedCluster;
let second: EmbeddedCluster;
let dir: string;

before(async () => {
  [first, second] = await Promise.all([startCluster('seed'), startCluster('empty')]);
  dir = mkdtempSync(join(tmpdir(), 'switchboard-ops-clusters-'));
  const kubeconfig = writeCombinedKubeconfig(dir, [
    { id: 'east', file: first.kubeconfig },
    { id: 'west', file: second.kubeconfig },
  ]);
  await second.stop();
  process.env.SWITCHBOARD_KUBECONFIG = kubeconfig;
  process.env.SWITCHBOARD_ALL_CONTEXTS = '1';
});

after(async () => {
  try {
    await clusterRegistry().stop();
  } catch {
    // never configured
  }
  await Promise.all([first?.stop(), second?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(): Promise<{ text: string; e: Exposition }> {
  const text = await (await call(metrics, '/metrics')).text();
  return { text, e: parsePrometheusText(text) };
}

interface ProbeBody {
  clusters: { cluster: string; state: string; lastError?: string }[];
}

async function states(handler: typeof readyz, path: string) {
  const response = await call(handler, path);
  const body = (await response.json()) as ProbeBody;
  return { status: response.status, of: new Map(body.clusters.map((c) => [c.cluster, c])) };
}

const stateOf = (e: Exposition, cluster: string, state: string) =>
  valueOf(e, 'switchboard_cluster_state', { cluster, state });

describe('probes and metrics with two clusters', () => {
  it('a cluster down from the start does not hold readiness back; each cluster is its own series', async () => {
    startClusters();
    await eventually('ready', async () => (await call(readyz, '/readyz')).status === 200);
    const ready = await states(readyz, '/readyz');
    assert.equal(ready.of.get('east')!.state, 'live');
    assert.equal(ready.of.get('west')!.state, 'unreachable');
    assert.ok(ready.of.get('west')!.lastError, 'the down cluster says why');
    const live = await states(healthz, '/healthz');
    assert.equal(live.status, 200);
    assert.equal(live.of.get('west')!.state, 'unreachable');

    const { text, e } = await scrape();
    assert.equal(valueOf(e, 'switchboard_ready'), 1);
    assert.equal(stateOf(e, 'east', 'live'), 1);
    assert.equal(stateOf(e, 'west', 'unreachable'), 1);
    assert.equal(stateOf(e, 'west', 'live'), 0);
    assert.equal(valueOf(e, 'switchboard_watch_synced', { cluster: 'east', kind: 'Service' }), 1);
    assert.equal(valueOf(e, 'switchboard_watch_synced', { cluster: 'west', kind: 'Service' }), 0);
    assert.equal(
      valueOf(e, 'switchboard_watch_state', { cluster: 'west', kind: 'Service', state: 'backoff' }),
      1,
    );
    assert.equal(
      valueOf(e, 'switchboard_cache_objects', { cluster: 'east', kind: 'Service' }),
      clusterRegistry().hub('east').cache.size('Service'),
    );
    assert.ok(
      valueOf(e, 'switchboard_watch_restarts_total', { cluster: 'west', kind: 'Service' }) > 0,
    );
    // One registry: each metric's TYPE line once, and no watch series without its cluster.
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    assert.equal(new Set(types).size, types.length);
    for (const sample of e.samples) {
      if (
        /^switchboard_(watch|cache|sse|change_to_sse|service_health|cluster)_/.test(sample.name)
      ) {
        assert.ok(sample.labels.cluster, `${sample.name} without cluster`);
      }
    }
  });

  it('the stopped cluster started converges; stopped again it is unreachable while the replica stays ready', async () => {
    await second.start();
    await eventually(
      'west live',
      async () => stateOf((await scrape()).e, 'west', 'live') === 1,
      90_000,
    );
    const { e } = await scrape();
    assert.equal(valueOf(e, 'switchboard_watch_synced', { cluster: 'west', kind: 'Service' }), 1);
    assert.equal(stateOf(e, 'east', 'live'), 1);
    await second.stop();
    await eventually('west unreachable', async () => {
      const probe = await states(readyz, '/readyz');
      return probe.of.get('west')?.state === 'unreachable';
    });
    const probe = await states(readyz, '/readyz');
    assert.equal(probe.status, 200);
    assert.equal(probe.of.get('east')!.state, 'live');
    assert.equal(valueOf((await scrape()).e, 'switchboard_ready'), 1);
  });
});
