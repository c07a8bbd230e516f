/**
 * A cluster restarted on the same address with different contents must always converge: the
 * hub's cache ends up equal to a fresh LIST of the new cluster (uid and resourceVersion, every
 * kind), never showing the old cluster's objects.
 *
 * The case that once left a page on the old cluster for good: the cluster is killed (its
 * connections reset or cut mid-body, not closed at a watch's timeout) and a new one with
 * overlapping resourceVersions is listening again before the watch loops retry. A loop that
 * resumed from its old resourceVersion would be accepted and then hear nothing. Fifty restarts in
 * a row, alternating a TCP reset with an abrupt stop, each with other contents; the hub is the
 * real one (every watched kind), reaching the cluster through a TCP proxy on a fixed port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
// eslint-disable-next-line no-restricted-imports -- the test starts the cluster; lib code under test reaches it over HTTP only
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { Hub } from './hub';
import { WATCHED_KINDS } from './kinds';
import { createKubeTransport, readBody } from './transport';
import { TcpProxy } from './testing/tcp-proxy';
import { kubeConfigFor, sameVersions, versions, waitFor } from './testing/helpers';
import { percentile } from './testing/fault-soak';

const RESTARTS = 50;
const TOKEN = 'cluster-restart-test-token';

type KubeObject = Parameters<RunningEmulator['store']['create']>[1];

/** Contents that differ from run to run: another namespace, another number of Services. */
function seedFor(run: number) {
  return (store: RunningEmulator['store']) => {
    const namespace = `run-${run}`;
    store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    } as KubeObject);
    for (let i = 0; i < 3 + (run % 5); i++) {
      store.create('services', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `svc-${i}`, namespace },
        spec: { selector: { app: `a${i}` }, ports: [{ port: 80, protocol: 'TCP' }] },
      } as KubeObject);
    }
  };
}

async function freePort(): Promise<number> {
  const probe = await startEmulator({
    insecureHttp: true,
    adminToken: TOKEN,
    controllers: () => [],
  });
  const { port } = probe;
  await probe.stop();
  return port;
}

function start(port: number, run: number): Promise<RunningEmulator> {
  return startEmulator({
    port,
    insecureHttp: true,
    adminToken: TOKEN,
    controllers: () => [],
    seed: seedFor(run),
  });
}

test(`a cluster restarted on the same port with other contents converges, ${RESTARTS} times in a row`, async (t) => {
  const port = await freePort();
  let emulator = await start(port, 0);
  const proxy = new TcpProxy('127.0.0.1', port);
  await proxy.start();
  const kubeConfig = kubeConfigFor(proxy.url, TOKEN);
  const hub = new Hub({
    connection: {
      kubeConfig,
      info: { name: 'restarts', simulated: true, readOnly: true },
    },
    loop: { backoff: { initialMs: 20, maxMs: 400 }, minWatchMs: 0 },
  });
  t.after(async () => {
    await hub.stop();
    await proxy.stop();
    await emulator.stop();
  });
  assert.equal(await hub.waitForSync(20_000), true);
  const direct = createKubeTransport(kubeConfigFor(`http://127.0.0.1:${port}`, TOKEN));

  let mismatch = '';
  const converged = async (): Promise<boolean> => {
    for (const spec of WATCHED_KINDS) {
      const res = await direct.get(spec.listPath, AbortSignal.timeout(10_000));
      const fresh = versions((JSON.parse(await readBody(res)) as { items: never[] }).items);
      const mine = versions(hub.cache.list(spec.kind));
      if (!sameVersions(mine, fresh)) {
        mismatch = `${spec.kind}: cache holds ${mine.size}, the cluster ${fresh.size}`;
        return false;
      }
    }
    return true;
  };
  await waitFor('first sync converged', converged, 20_000, 20);

  // Cluster up again → cache equal to a fresh LIST: printed for the record, never asserted.
  const convergeMs: number[] = [];
  for (let run = 1; run <= RESTARTS; run++) {
    // Killed: every connection reset, or cut mid-body by an abrupt stop; back within the
    // loops' retry delay, with different objects whose resourceVersions overlap the old ones'.
    if (run % 2) proxy.resetAll();
    await emulator.stop();
    emulator = await start(port, run);
    const upAt = performance.now();
    await waitFor(`restart ${run} converged`, converged, 30_000, 20).catch((error: Error) => {
      throw new Error(`${error.message} (${mismatch})`);
    });
    convergeMs.push(performance.now() - upAt);
    const namespaces = hub.cache.list('Namespace').map((n) => n.meta.name);
    assert.ok(namespaces.includes(`run-${run}`), `restart ${run}: the new cluster's namespace`);
    assert.ok(!namespaces.includes(`run-${run - 1}`), `restart ${run}: the old one is gone`);
  }
  t.diagnostic(
    `up again → converged: p50 ${percentile(convergeMs, 50).toFixed(0)} ms, p99 ${percentile(convergeMs, 99).toFixed(0)} ms, max ${Math.max(...convergeMs).toFixed(0)} ms (${RESTARTS} restarts)`,
  );
});
