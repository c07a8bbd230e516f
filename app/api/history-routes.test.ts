/**
 * The whole-map history routes called directly against the embedded cluster, history in memory
 * (no history settings): odd and future instants are 400s, an instant before the kept history
 * is a 410 that says how far back it goes; a Service broken (its Deployment scaled to zero) and
 * fixed again is broken in `/api/graph?at=` at the broken instant and healthy before, the
 * records at that instant hold the scaled Deployment, and `/api/changes` lists both transitions
 * and the workload change with its manager (from where history starts, with `clamp=1`, for a
 * `from` before it), and with `only=health` the same without the entries (any other `only` is a
 * 400); the snapshot of that instant is a valid
 * `switchboard.snapshot/v1` attachment holding the same records.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ChangesResponse,
  GraphAtResponse,
  HealthChangesResponse,
  RecordsAtResponse,
} from '@/lib/api/history';
import type { DeploymentRecord } from '@/lib/topology/records';
import type { EmbeddedCluster } from '../../e2e/harness';
import { GET as changes } from './changes/route';
import { GET as graph } from './graph/route';
import { GET as records } from './records/route';
import { GET as snapshot } from './snapshot/route';
import { parseSnapshot } from '@/lib/history/snapshot';
import { GET as readyz } from '../readyz/route';
import { startDashboardCluster, stopDashboard } from './testing/dashboard';
import { call, eventually, expectJson, expectProblem } from './testing/routes';

let cluster: EmbeddedCluster;

before(async () => {
  cluster = await startDashboardCluster('seed');
});
after(() => stopDashboard(cluster));

const q = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthAt(at: number): Promise<string | undefined> {
  const body = await expectJson<GraphAtResponse>(await call(graph, `/api/graph?at=${q(at)}`));
  assert.equal(body.history.at, new Date(at).toISOString());
  return body.topology.services.find((s) => s.namespace === 'default' && s.name === 'ingress-nginx')
    ?.health;
}

async function liveHealth(): Promise<string | undefined> {
  const body = await expectJson<GraphAtResponse>(await call(graph, '/api/graph'));
  assert.equal(body.history, undefined);
  return body.topology.services.find((s) => s.namespace === 'default' && s.name === 'ingress-nginx')
    ?.health;
}

describe('history routes', () => {
  let since: string;

  it('start keeping the records once the cluster is read', async () => {
    await eventually('readyz 200', async () => (await call(readyz, '/readyz')).status === 200);
    await eventually('history kept', async () => {
      const r = await call(records, `/api/records?at=${q(Date.now())}`);
      if (r.status !== 200) return false;
      since = (await expectJson<RecordsAtResponse>(r)).retainedSince;
      return true;
    });
  });

  it('refuse malformed, missing, future and reversed instants with 400 naming the parameter', async () => {
    for (const [handler, path, field] of [
      [records, '/api/records', 'at'],
      [records, '/api/records?at=yesterday', 'at'],
      [records, `/api/records?at=${q(Date.now() + 3_600_000)}`, 'at'],
      [graph, `/api/graph?at=${q(Date.now() + 3_600_000)}`, 'at'],
      [graph, '/api/graph?at=2025-02-30T00:00:00Z', 'at'],
      [changes, '/api/changes?to=2025-01-01T00:00:00Z', 'from'],
      [changes, `/api/changes?from=${q(Date.now() - 1000)}&to=${q(Date.now() - 2000)}`, 'from'],
      [changes, `/api/changes?from=${q(Date.now() - 1000)}&namespace=Bad_NS`, 'namespace'],
      [changes, `/api/changes?from=${q(Date.now() - 1000)}&only=entries`, 'only'],
      [changes, `/api/changes?from=${q(Date.now() - 1000)}&only=`, 'only'],
    ] as const) {
      const p = await expectProblem(await call(handler, path), 'bad-request', 400);
      assert.equal((p.errors as { field: string }[])[0]?.field, field, path);
    }
  });

  it('answer 410 with how far back history goes for an instant before it', async () => {
    for (const [handler, path] of [
      [records, '/api/records?at=2000-01-01T00:00:00Z'],
      [graph, '/api/graph?at=2000-01-01T00:00:00Z'],
      [changes, '/api/changes?from=2000-01-01T00:00:00Z'],
    ] as const) {
      const p = await expectProblem(await call(handler, path), 'before-retained-history', 410);
      assert.equal(p.retainedSince, since);
      assert.match(p.detail, new RegExp(`goes back to ${since}`));
    }
  });

  it('answer changes from where history starts, no 410, for a from before it with clamp=1', async () => {
    const body = await expectJson<ChangesResponse>(
      await call(changes, '/api/changes?from=2000-01-01T00:00:00Z&clamp=1'),
    );
    assert.equal(body.from, since);
    assert.equal(body.retainedSince, since);
    // A from inside the history is kept as asked.
    const inside = Date.parse(since) + 1;
    const kept = await expectJson<ChangesResponse>(
      await call(changes, `/api/changes?from=${q(inside)}&clamp=1`),
    );
    assert.equal(kept.from, new Date(inside).toISOString());
  });

  it('rebuild the map as it was: broken at the broken instant, healthy before and after', async () => {
    await eventually('healthy live', async () => (await liveHealth()) === 'healthy');
    await sleep(5);
    const healthy = Date.now();
    await sleep(5);
    const scaled = await cluster.kubectl('scale', 'deployment/nginx-deployment', '--replicas=0');
    assert.equal(scaled.code, 0, scaled.stderr);
    await eventually('broken live', async () => (await liveHealth()) === 'broken');
    await sleep(5);
    const broken = Date.now();
    await sleep(5);
    const fixed = await cluster.kubectl('scale', 'deployment/nginx-deployment', '--replicas=2');
    assert.equal(fixed.code, 0, fixed.stderr);
    await eventually('healthy again', async () => (await liveHealth()) === 'healthy');
    await sleep(5);
    const recovered = Date.now();

    assert.equal(await healthAt(healthy), 'healthy');
    assert.equal(await healthAt(broken), 'broken');
    assert.equal(await healthAt(recovered), 'healthy');

    const atBroken = await expectJson<RecordsAtResponse>(
      await call(records, `/api/records?at=${q(broken)}`),
    );
    const deployment = atBroken.records.find(
      (r): r is DeploymentRecord => r.kind === 'Deployment' && r.meta.name === 'nginx-deployment',
    );
    assert.equal(deployment?.replicas, 0);
    assert.equal(atBroken.at, new Date(broken).toISOString());
    assert.ok(Date.parse(atBroken.now) >= broken);

    const diff = await expectJson<ChangesResponse>(
      await call(changes, `/api/changes?from=${q(healthy)}&to=${q(recovered)}`),
    );
    const mine = diff.transitions.filter((t) => t.name === 'ingress-nginx');
    assert.deepEqual(
      mine.map((t) => t.to),
      ['broken', 'healthy'],
    );
    assert.ok(mine[0]!.reasons.includes('scaled-to-zero'), JSON.stringify(mine[0]));
    const scale = diff.entries.find(
      (e) => e.type === 'workload' && e.field === 'replicas' && e.to === '0',
    );
    assert.ok(scale, JSON.stringify(diff.entries));
    assert.deepEqual(scale.service, { namespace: 'default', name: 'ingress-nginx' });
    assert.ok(scale.by?.manager, 'the change names its manager');
    // `only=health`: the same answer without the trail entries.
    const health = await expectJson<HealthChangesResponse>(
      await call(changes, `/api/changes?from=${q(healthy)}&to=${q(recovered)}&only=health`),
    );
    const { entries, ...expected } = diff;
    assert.ok(entries.length > 0);
    assert.deepStrictEqual({ ...health, now: diff.now }, expected);

    const toBroken = await expectJson<ChangesResponse>(
      await call(changes, `/api/changes?from=${q(healthy)}&to=${q(broken)}`),
    );
    const svc = toBroken.services.find((s) => s.name === 'ingress-nginx');
    assert.equal(svc?.before?.healthy, true);
    assert.equal(svc?.after?.healthy, false);

    const elsewhere = await expectJson<ChangesResponse>(
      await call(
        changes,
        `/api/changes?from=${q(healthy)}&to=${q(recovered)}&namespace=kube-system`,
      ),
    );
    assert.ok(elsewhere.transitions.every((t) => t.namespace === 'kube-system'));
    assert.ok(elsewhere.entries.every((e) => e.service.namespace === 'kube-system'));

    const file = await call(snapshot, `/api/snapshot?at=${q(broken)}`);
    assert.equal(file.status, 200);
    assert.match(
      file.headers.get('content-disposition') ?? '',
      /^attachment; filename="switchboard-.+\.json"$/,
    );
    const parsed = parseSnapshot(await file.text());
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.snapshot.at, new Date(broken).toISOString());
    assert.deepStrictEqual(parsed.snapshot.records, atBroken.records);
    const current = parseSnapshot(await (await call(snapshot, '/api/snapshot')).text());
    assert.ok(current.ok && current.snapshot.records.some((r) => r.kind === 'Service'));
    await expectProblem(
      await call(snapshot, `/api/snapshot?at=${q(Date.now() + 3_600_000)}`),
      'bad-request',
      400,
    );
  });
});
