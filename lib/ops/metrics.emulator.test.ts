/**
 * `/metrics`, `/healthz` and `/readyz` of an in-process dashboard against the embedded cluster:
 * the exposition is scraped through the route and through the metrics port, parsed
 * (lib/ops/testing/prom-text.ts), and its values checked after known changes — a write through
 * the form's route, an endpoint flip seen on an open stream, a Service broken then fixed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import zlib from 'node:zlib';
import type { Preview } from '@/lib/api/write-results';
import { getDashboardHub } from '@/lib/k8s/server';
import { SseParser } from '@/lib/stream/sse';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { GET as healthz } from '../../app/healthz/route';
import { GET as metrics } from '../../app/metrics/route';
import { GET as readyz } from '../../app/readyz/route';
import { POST as create } from '../../app/api/external-services/route';
import { POST as preview } from '../../app/api/external-services/preview/route';
import { GET as stream } from '@/lib/http/stream-answer';
import { call, eventually, expectJson, SAME_ORIGIN } from '../../app/api/testing/routes';
import { opsServerPort, startOpsServer } from './ops-server';
import { find, parsePrometheusText, valueOf, type Exposition } from './testing/prom-text';

let cluster: EmbeddedCluster;
let server: http.Server | undefined;

before(async () => {
  cluster = await startCluster('seed');
  process.env.SWITCHBOARD_KUBECONFIG = cluster.kubeconfig;
});

after(async () => {
  server?.close();
  try {
    await getDashboardHub().stop();
  } catch {
    // never started
  }
  await cluster?.stop();
});

async function scrape(): Promise<Exposition> {
  const response = await call(metrics, '/metrics');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

async function kubectl(...args: string[]): Promise<void> {
  const r = await cluster.kubectl(...args);
  assert.equal(r.code, 0, r.stderr);
}

const NGINX = { namespace: 'default', service: 'ingress-nginx' };

describe('metrics', () => {
  it('ready: /readyz 200, /healthz names every kind, the watch state and cache gauges say the same', async () => {
    await eventually('readyz 200', async () => (await call(readyz, '/readyz')).status === 200);
    const live = await expectJson<{
      ok: boolean;
      kinds: Record<string, { phase: string; synced: boolean; count: number }>;
      forbidden: unknown[];
      eventLoop: { stuck: boolean };
    }>(await call(healthz, '/healthz'));
    assert.equal(live.ok, true);
    assert.equal(live.eventLoop.stuck, false);
    assert.deepEqual(live.forbidden, []);
    assert.equal(live.kinds.Service?.synced, true);
    const e = await scrape();
    assert.equal(valueOf(e, 'switchboard_ready'), 1);
    assert.equal(valueOf(e, 'switchboard_shutting_down'), 0);
    assert.equal(valueOf(e, 'switchboard_watch_synced', { kind: 'Service' }), 1);
    assert.equal(valueOf(e, 'switchboard_watch_forbidden', { kind: 'Pod' }), 0);
    await eventually('every watch open', async () =>
      [...getDashboardHub().watchStates().values()].every((s) => s.phase === 'watching'),
    );
    const w = await scrape();
    assert.equal(valueOf(w, 'switchboard_watch_state', { kind: 'Pod', state: 'watching' }), 1);
    assert.equal(valueOf(w, 'switchboard_watch_state', { kind: 'Pod', state: 'backoff' }), 0);
    assert.equal(
      valueOf(w, 'switchboard_cache_objects', { kind: 'Service' }),
      getDashboardHub().cache.size('Service'),
    );
    assert.equal(valueOf(w, 'switchboard_cache_objects', { kind: 'Pod' }), live.kinds.Pod?.count);
    // The seed's Services are healthy once its pods pass their readiness delay (being synced
    // does not wait for that): then there is no health series at all.
    await eventually(
      'no health series once the seed is ready',
      async () => find(await scrape(), 'switchboard_service_health').length === 0,
    );
    assert.ok(valueOf(w, 'process_resident_memory_bytes') > 0, 'process metrics are there');
  });

  it('a write is counted by outcome, and its requests by route pattern and status', async () => {
    const before = await scrape();
    const input = {
      namespace: 'default',
      name: 'metrics-web',
      addresses: ['10.10.61.1'],
      ports: [{ port: '80', name: 'http', protocol: 'TCP' }],
      createAs: 'EndpointSlice',
    };
    const post = (body: unknown) => ({ method: 'POST', headers: SAME_ORIGIN, body });
    const shown = await expectJson<Preview>(
      await call(preview, '/api/external-services/preview', post({ input })),
    );
    await expectJson(
      await call(
        create,
        '/api/external-services',
        post({ input: { ...input, requestId: shown.requestId }, hash: shown.hash }),
      ),
      201,
    );
    const e = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(e, name, labels) - valueOf(before, name, labels);
    assert.equal(delta('switchboard_writes_total', { action: 'create', outcome: 'created' }), 1);
    assert.equal(delta('switchboard_writes_total', { action: 'preview', outcome: 'preview' }), 1);
    assert.equal(
      delta('switchboard_http_requests_total', {
        route: '/api/external-services',
        method: 'POST',
        status: '201',
      }),
      1,
    );
    assert.ok(
      delta('switchboard_http_requests_total', {
        route: '/metrics',
        method: 'GET',
        status: '200',
      }) >= 1,
    );
  });

  it('an endpoint flip reaches an open stream: events, latency histogram by kind, bytes, clients', async () => {
    const opened = await scrape();
    // As a browser asks: gzip. The bytes sent are the compressed bytes this tab reads.
    const response = await call(stream, '/api/stream?v=2', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(response.headers.get('content-encoding'), 'gzip');
    const reader = response.body!.getReader();
    const parser = new SseParser();
    const events: string[] = [];
    const inflate = zlib.createGunzip();
    inflate.setEncoding('utf8');
    inflate.on('data', (text: string) => {
      for (const m of parser.push(text)) events.push(m.event);
    });
    // A cancelled stream ends mid-member; the inflater saying so is expected.
    inflate.on('error', () => undefined);
    let wireBytes = 0;
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        wireBytes += value.byteLength;
        inflate.write(value);
      }
    })();
    try {
      await eventually('snapshot', async () => events.includes('snapshot'));
      const before = await scrape();
      const seen = events.length;
      assert.equal(valueOf(before, 'switchboard_sse_clients'), 1);
      const pods = await cluster.kubectl('get', 'pods', '-l', 'app=nginx', '-o', 'name');
      const pod = pods.stdout.trim().split('\n')[0]!;
      await kubectl('delete', pod, '--wait=false');
      await eventually('the slice changed on the stream', async () => {
        const e = await scrape();
        return (
          valueOf(e, 'switchboard_change_to_sse_seconds_count', { kind: 'EndpointSlice' }) >
          valueOf(before, 'switchboard_change_to_sse_seconds_count', { kind: 'EndpointSlice' })
        );
      });
      await eventually('the change read by the tab', async () => events.length > seen);
      const e = await scrape();
      assert.ok(
        valueOf(e, 'switchboard_watch_events_total', { kind: 'EndpointSlice', type: 'MODIFIED' }) >
          valueOf(before, 'switchboard_watch_events_total', {
            kind: 'EndpointSlice',
            type: 'MODIFIED',
          }),
      );
      // A labelled histogram: cumulative buckets per kind, +Inf equal to the count.
      const buckets = find(e, 'switchboard_change_to_sse_seconds_bucket', {
        kind: 'EndpointSlice',
      });
      assert.ok(buckets.length > 2);
      const values = buckets.map((b) => b.value);
      assert.deepEqual(
        values,
        [...values].sort((a, b) => a - b),
      );
      assert.equal(
        valueOf(e, 'switchboard_change_to_sse_seconds_bucket', {
          kind: 'EndpointSlice',
          le: '+Inf',
        }),
        valueOf(e, 'switchboard_change_to_sse_seconds_count', { kind: 'EndpointSlice' }),
      );
    } finally {
      await reader.cancel();
      await reading;
      inflate.destroy();
    }
    // Read once the tab took its last chunk: every byte counted as sent is one it read.
    const closed = await scrape();
    const since = (name: string) => valueOf(closed, name) - valueOf(opened, name);
    assert.ok(wireBytes > 0);
    assert.equal(since('switchboard_sse_bytes_sent_total'), wireBytes);
    // The SSE text it carried (snapshot and changes) was more than what went on the wire.
    assert.ok(
      since('switchboard_sse_uncompressed_bytes_total') > wireBytes,
      `${since('switchboard_sse_uncompressed_bytes_total')} bytes of text for ${wireBytes} sent`,
    );
    await eventually(
      'client gone',
      async () => valueOf(await scrape(), 'switchboard_sse_clients') === 0,
    );
  });

  it('a Service broken then fixed: a health series while broken, none once fixed', async () => {
    // The test before deleted one of its pods: start once the replacement is ready, or its
    // pods-not-ready warning is the series found below.
    await eventually(
      'healthy to begin with',
      async () => find(await scrape(), 'switchboard_service_health', NGINX).length === 0,
    );
    await kubectl('patch', 'service', NGINX.service, '-p', '{"spec":{"selector":{"app":"ngnix"}}}');
    await eventually(
      'health series',
      async () => find(await scrape(), 'switchboard_service_health', NGINX).length > 0,
    );
    const broken = find(await scrape(), 'switchboard_service_health', NGINX);
    assert.ok(broken.every((s) => s.value === 2 || s.value === 1));
    assert.ok(
      broken.some((s) => s.value === 2),
      JSON.stringify(broken),
    );
    assert.ok(broken.every((s) => s.labels.reason && s.labels.reason !== 'healthy'));
    await kubectl('patch', 'service', NGINX.service, '-p', '{"spec":{"selector":{"app":"nginx"}}}');
    await eventually(
      'no health series',
      async () => find(await scrape(), 'switchboard_service_health', NGINX).length === 0,
    );
  });

  it('the metrics port answers the same three paths and nothing else', async () => {
    server = await startOpsServer(0, '127.0.0.1');
    const base = `http://127.0.0.1:${opsServerPort(server)}`;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const live = (await (await fetch(`${base}/healthz`)).json()) as { ok: boolean };
    assert.equal(live.ok, true);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.equal(valueOf(parsePrometheusText(text), 'switchboard_ready'), 1);
    assert.equal((await fetch(`${base}/`)).status, 404);
    assert.equal((await fetch(`${base}/api/graph`)).status, 404);
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
    const e = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
    assert.ok(
      valueOf(e, 'switchboard_http_requests_total', {
        route: '(other)',
        method: 'GET',
        status: '404',
      }) >= 2,
    );
  });
});
