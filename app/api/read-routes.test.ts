/**
 * The read routes' handlers called directly (no Next server) against the embedded cluster: a
 * broken configuration, a cluster that cannot be reached, then the cluster — and odd input at
 * every route (bad percent-encoding, names no Service can have, times that are not instants).
 * The dashboard side runs in this process; the cluster is simulated by its own `/version`, so
 * nothing is ever probed (app/api/simulated-cluster.test.ts proves no packet leaves loopback).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReachabilityAnswer, ServiceTimeline } from '@/lib/api/diagnostics';
import { TcpProxy } from '@/lib/k8s/testing/tcp-proxy';
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { GET as dns } from './dns/route';
import { GET as graph } from './graph/route';
import { GET as diagnosis } from './services/[namespace]/[name]/diagnosis/route';
import { POST as reachability } from './services/[namespace]/[name]/reachability/route';
import { GET as timeline } from './services/[namespace]/[name]/timeline/route';
import { GET as stream } from '@/lib/http/stream-answer';
import { GET as healthz } from '../healthz/route';
import { GET as readyz } from '../readyz/route';
import { stopDashboard } from './testing/dashboard';
import {
  call,
  eventually,
  expectJson,
  expectProblem,
  kubeconfigVia,
  SAME_ORIGIN,
} from './testing/routes';

let cluster: EmbeddedCluster;
let proxy: TcpProxy;

before(async () => {
  cluster = await startCluster('seed');
  proxy = new TcpProxy('127.0.0.1', cluster.port, 'https');
  await proxy.start();
  await proxy.refuse();
});

after(() => stopDashboard(proxy, cluster));

const svc = (namespace: string, name: string, what: string) =>
  [`/api/services/${namespace}/${name}/${what}`, { namespace, name }] as const;

describe('read routes', () => {
  it('answer 503 problems while no cluster can be configured (the stream a snapshot with the error)', async () => {
    process.env.SWITCHBOARD_KUBECONFIG = '/nonexistent/kubeconfig';
    const g = await expectProblem(await call(graph, '/api/graph'), 'cluster-unavailable', 503);
    assert.match(g.detail, /cannot load the cluster configuration/);
    assert.equal((g.sync as { connection: string }).connection, 'reconnecting');
    await expectProblem(await call(dns, '/api/dns'), 'cluster-unavailable', 503);
    await expectProblem(await call(readyz, '/readyz'), 'cluster-unavailable', 503);
    // Liveness: the process is fine; the configuration is reported, not a reason to restart.
    const live = await expectJson<{ ok: boolean; configError: string }>(
      await call(healthz, '/healthz'),
    );
    assert.equal(live.ok, true);
    assert.match(live.configError, /cannot load the cluster configuration/);
    const [path, params] = svc('default', 'external-web', 'diagnosis');
    await expectProblem(await call(diagnosis, path, {}, params), 'cluster-unavailable', 503);
    const sse = await call(stream, '/api/stream?v=2');
    assert.equal(sse.status, 200);
    assert.match(await sse.text(), /cannot load the cluster configuration/);
  });

  it('answer 503 while the cluster has not been read, instead of "no such Service"', async () => {
    process.env.SWITCHBOARD_KUBECONFIG = kubeconfigVia(cluster.kubeconfig, proxy.url);
    const health = await expectProblem(await call(readyz, '/readyz'), 'cluster-unavailable', 503);
    assert.ok((health.pending as string[]).includes('Service'));
    assert.equal((await call(healthz, '/healthz')).status, 200);
    const [path, params] = svc('default', 'external-web', 'timeline');
    const p = await expectProblem(
      await call(timeline, path, {}, params),
      'cluster-unavailable',
      503,
    );
    assert.match(p.detail, /not been read yet/);
  });

  it('answer once the cluster is read', async () => {
    await proxy.restore();
    await eventually('readyz 200', async () => (await call(readyz, '/readyz')).status === 200);
    const body = await expectJson<{ sync: { connection: string }; topology: unknown }>(
      await call(graph, '/api/graph'),
    );
    assert.ok(body.topology);
    assert.deepEqual(await expectJson(await call(dns, '/api/dns')), {});
    const [path, params] = svc('default', 'external-web', 'diagnosis');
    const d = await expectJson<ServiceDiagnosis>(await call(diagnosis, path, {}, params));
    assert.equal(d.name, 'external-web');
  });

  it('diagnosis: 404 for an unknown Service, 400 for a name no Service can have or a bad path', async () => {
    const [path, params] = svc('default', 'nope', 'diagnosis');
    const p = await expectProblem(await call(diagnosis, path, {}, params), 'not-found', 404);
    assert.equal(p.instance, path);
    const [badPath, badParams] = svc('default', 'Bad_Name', 'diagnosis');
    const bad = await expectProblem(
      await call(diagnosis, badPath, {}, badParams),
      'bad-request',
      400,
    );
    assert.equal((bad.errors as { field: string }[])[0]?.field, 'name');
    const encoded = await diagnosis(
      new Request('http://127.0.0.1:3000/api/services/default/%ZZ/diagnosis'),
      { params: Promise.reject(new URIError('URI malformed')) },
    );
    await expectProblem(encoded, 'bad-request', 400);
  });

  it('timeline: the same 404 as the diagnosis for an unknown Service', async () => {
    const [path, params] = svc('default', 'nope', 'timeline');
    await expectProblem(await call(timeline, path, {}, params), 'not-found', 404);
    const [known, knownParams] = svc('default', 'external-web', 'timeline');
    const t = await expectJson<ServiceTimeline>(await call(timeline, known, {}, knownParams));
    assert.equal(t.service, 'default/external-web');
    assert.ok(Array.isArray(t.entries));
  });

  it('timeline: `at` and `since` must be RFC 3339 instants', async () => {
    const [path, params] = svc('default', 'external-web', 'timeline');
    for (const bad of [
      '-1',
      '0',
      'yesterday',
      '2025-02-30T00:00:00Z',
      '2025-01-01T00:00:00',
      '2025-01-01',
    ]) {
      const p = await expectProblem(
        await call(timeline, `${path}?at=${encodeURIComponent(bad)}`, {}, params),
        'bad-request',
        400,
      );
      assert.equal((p.errors as { field: string }[])[0]?.field, 'at');
    }
    await expectProblem(await call(timeline, `${path}?since=soon`, {}, params), 'bad-request', 400);
    const at = new Date().toISOString();
    const t = await expectJson<ServiceTimeline>(
      await call(timeline, `${path}?at=${encodeURIComponent(at)}`, {}, params),
    );
    assert.equal(t.at, at);
    assert.ok(t.state && Array.isArray(t.state.endpoints));
  });

  it('reachability: guarded like a write, 404 for an unknown Service, never probes a simulated cluster', async () => {
    const [path, params] = svc('default', 'external-web', 'reachability');
    await expectProblem(
      await call(
        reachability,
        path,
        {
          method: 'POST',
          headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
          body: {},
        },
        params,
      ),
      'foreign-request',
      403,
    );
    await expectProblem(
      await call(
        reachability,
        path,
        { method: 'POST', headers: { ...SAME_ORIGIN, 'content-type': 'text/plain' }, body: '{}' },
        params,
      ),
      'unsupported-media-type',
      415,
    );
    const [missing, missingParams] = svc('default', 'nope', 'reachability');
    await expectProblem(
      await call(
        reachability,
        missing,
        { method: 'POST', headers: SAME_ORIGIN, body: {} },
        missingParams,
      ),
      'not-found',
      404,
    );
    const answer = await expectJson<ReachabilityAnswer>(
      await call(reachability, path, { method: 'POST', headers: SAME_ORIGIN, body: {} }, params),
    );
    assert.ok(answer.results.length > 0);
    assert.ok(answer.results.every((r) => r.skipped && !r.ok && r.checkedAt));
  });
});
