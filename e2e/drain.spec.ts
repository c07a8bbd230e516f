/**
 * SIGTERM drain of the production server (`next start` of the build, as the harness runs it, with
 * NEXT_MANUAL_SIG_HANDLE=1 as in the container): two dashboards behind a round-robin proxy, 20
 * streams on each and a write held in flight on the first. On SIGTERM its `/readyz` turns 503 at
 * once, all 20 of its streams get the `reconnect` frame with `retry:` and close, the write
 * completes, and it exits 0 (exit 1 would mean the drain bound passed first). Its clients land
 * on the other dashboard, which answers their ids — ones it never issued — with a fresh
 * snapshot, and they stay live there.
 */
import { test, expect } from '@playwright/test';
import { TcpProxy } from '../lib/k8s/testing/tcp-proxy';
import { kubeconfigVia } from '../app/api/testing/routes';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';
import { startRoundRobin, StreamClient } from './stream-client';

const ENV = { NEXT_MANUAL_SIG_HANDLE: '1', SWITCHBOARD_SHUTDOWN_TIMEOUT: '20' };

test('SIGTERM: readyz 503, every stream told to reconnect, the write in flight completes, exit 0; clients resume on the other replica', async () => {
  test.setTimeout(240_000);
  const cleanup: (() => unknown)[] = [];
  try {
    const cluster: EmbeddedCluster = await startCluster('seed');
    cleanup.push(() => cluster.stop());
    const clusterProxy = new TcpProxy('127.0.0.1', cluster.port, 'https');
    await clusterProxy.start();
    cleanup.push(() => clusterProxy.stop());
    const a: Dashboard = await startDashboard(kubeconfigVia(cluster.kubeconfig, clusterProxy.url), {
      env: ENV,
    });
    cleanup.push(() => a.stop());
    const b: Dashboard = await startDashboard(cluster.kubeconfig, { env: ENV });
    cleanup.push(() => b.stop());
    const rr = await startRoundRobin([a.port, b.port]);
    cleanup.push(() => rr.close());

    const clients: StreamClient[] = [];
    for (let i = 0; i < 40; i++) {
      const c = new StreamClient(`${rr.url}/api/stream`);
      cleanup.push(() => c.close());
      await c.open();
      clients.push(c);
    }
    await expect.poll(() => clients.every((c) => c.count('snapshot') === 1)).toBe(true);
    const onA = clients.filter((c) => c.backend === String(a.port));
    expect(onA).toHaveLength(20);

    // A write whose cluster round trips are held: in flight when SIGTERM arrives.
    const origin = { origin: a.url, 'content-type': 'application/json' };
    const input = {
      namespace: 'default',
      name: 'drain-web',
      addresses: ['10.10.62.1'],
      ports: [{ port: '80', name: 'http', protocol: 'TCP' }],
      createAs: 'EndpointSlice',
    };
    const preview = (await (
      await fetch(`${a.url}/api/external-services/preview`, {
        method: 'POST',
        headers: origin,
        body: JSON.stringify({ input }),
      })
    ).json()) as { hash: string; requestId: string };
    clusterProxy.hold();
    const writing = fetch(`${a.url}/api/external-services`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({
        input: { ...input, requestId: preview.requestId },
        hash: preview.hash,
      }),
    });
    const exited = new Promise<number | null>((resolve) => a.child.once('exit', resolve));
    // The write has reached the server once a watch or the write stalls at the held proxy.
    await new Promise((r) => setTimeout(r, 500));
    a.child.kill('SIGTERM');

    await expect.poll(async () => (await fetch(`${a.url}/readyz`)).status).toBe(503);
    await expect.poll(() => onA.every((c) => c.count('reconnect', String(a.port)) >= 1)).toBe(true);
    const hint = onA[0]!.received.find((m) => m.event === 'reconnect')!;
    expect(JSON.parse(hint.data)).toMatchObject({ type: 'reconnect' });

    clusterProxy.release();
    const written = await writing.catch((error: unknown) => {
      throw new Error(`the write failed: ${String(error)}\n${a.logs()}`);
    });
    expect(written.status).toBe(201);
    expect(await exited).toBe(0);

    // Every client of A resumed on B from a fresh snapshot (its Last-Event-ID was A's).
    await expect
      .poll(() =>
        onA.every((c) => c.backend === String(b.port) && c.count('snapshot', String(b.port)) === 1),
      )
      .toBe(true);
    const created = await cluster.kubectl('get', 'service', 'drain-web', '-o', 'name');
    expect(created.stdout.trim()).toBe('service/drain-web');
    // And they are live there: a change reaches all 40.
    const before = clients.map((c) => c.count('delta'));
    const labelled = await cluster.kubectl('label', 'service', 'ingress-nginx', 'drained=yes');
    expect(labelled.code).toBe(0);
    await expect.poll(() => clients.every((c, i) => c.count('delta') > before[i]!)).toBe(true);
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
});
