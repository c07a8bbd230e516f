/**
 * The quiet soak: hang detection judged by server progress, both directions, with the watch
 * loop's production defaults (quiet probe 30 s, ping timeout 10 s, hard bound 75 s):
 *   npm run bench:quiet -- [--minutes 30] [--freezes 3] [--dead 3]
 * 1. Quiet: the real hub watches every kind of an embedded cluster through a fault proxy and
 *    nothing changes for `--minutes`; the cluster sends bookmarks once a minute, as the
 *    apiserver's watch cache does (staging/src/k8s.io/apiserver/pkg/storage/cacher). Every
 *    restart of these healthy quiet watches is counted (hangs, other failures, relists): must be 0.
 * 2. Frozen (SIGSTOP-like: the proxy stops forwarding, sockets stay open), `--freezes` times at a
 *    random moment in the bookmark cycle: time from the freeze to the hub noticing.
 * 3. Dead connection to a live server (the open connections go silent, new ones work) with a
 *    change made at once, `--dead` times: time from the change to the hub noticing.
 * Prints the figures; exits 1 when a healthy quiet watch was restarted.
 */
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { Hub } from '../lib/k8s/hub';
import { kubeConfigFor, sleep, waitFor } from '../lib/k8s/testing/helpers';
import { TcpProxy } from '../lib/k8s/testing/tcp-proxy';
import { percentile } from '../lib/k8s/testing/fault-soak';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const minutes = Number(arg('--minutes') ?? 30);
const freezes = Number(arg('--freezes') ?? 3);
const deads = Number(arg('--dead') ?? 3);
const TOKEN = 'quiet-soak-token';
const BOOKMARK_MS = 60_000;

type KubeObject = Parameters<RunningEmulator['store']['create']>[1];

function restarts(hub: Hub) {
  const s = hub.stats();
  let errors = 0;
  for (const state of hub.watchStates().values()) if (state.error) errors++;
  return { hangs: s.hangs, relists: s.relists, failing: errors, watchRequests: s.watchRequests };
}

async function waitLive(hub: Hub, kinds: number): Promise<void> {
  await waitFor(
    'the hub live again',
    () => hub.getSyncState().connection === 'live' && hub.stats().upstreamWatches === kinds,
    120_000,
    100,
  );
}

async function main(): Promise<void> {
  console.log(
    `bench/quiet-soak.ts — node ${process.version}, ${new Date().toISOString()}; ${minutes} min quiet, ${freezes} freezes, ${deads} dead connections; production timings`,
  );
  const emulator = await startEmulator({
    insecureHttp: true,
    adminToken: TOKEN,
    controllers: () => [],
    bookmarkIntervalMs: BOOKMARK_MS,
    seed: (store) => {
      store.create('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'quiet' },
      } as KubeObject);
      for (let i = 0; i < 20; i++) {
        store.create('services', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `svc-${i}`, namespace: 'quiet' },
          spec: { selector: { app: `a${i}` }, ports: [{ port: 80, protocol: 'TCP' }] },
        } as KubeObject);
      }
    },
  });
  const proxy = new TcpProxy('127.0.0.1', emulator.port);
  await proxy.start();
  const hub = new Hub({
    connection: {
      kubeConfig: kubeConfigFor(proxy.url, TOKEN),
      info: { name: 'quiet', simulated: true, readOnly: true },
    },
  });
  const kinds = (await hub.waitForSync(60_000), hub.watchStates().size);
  let failed = false;
  try {
    await waitLive(hub, kinds);
    // 1. Quiet.
    const before = restarts(hub);
    const started = Date.now();
    let lastReport = started;
    while (Date.now() - started < minutes * 60_000) {
      await sleep(1000);
      if (Date.now() - lastReport >= 5 * 60_000) {
        lastReport = Date.now();
        const now = restarts(hub);
        console.log(
          `  ${((Date.now() - started) / 60_000).toFixed(0)} min: hangs ${now.hangs - before.hangs}, relists ${now.relists - before.relists}`,
        );
      }
    }
    const after = restarts(hub);
    const hangs = after.hangs - before.hangs;
    const relists = after.relists - before.relists;
    console.log(
      `quiet: ${minutes} min, ${kinds} watches, bookmarks every ${BOOKMARK_MS / 1000} s: restarts of healthy quiet watches ${hangs + relists} (hangs ${hangs}, relists ${relists}, loops failing now ${after.failing}); watch requests ${after.watchRequests - before.watchRequests} (resumes at the 5–10 min timeout)`,
    );
    failed = hangs + relists + after.failing > 0;

    // 2. Frozen cluster.
    const frozen: number[] = [];
    for (let i = 0; i < freezes; i++) {
      await sleep(Math.random() * BOOKMARK_MS);
      const h0 = hub.stats().hangs;
      const at = performance.now();
      proxy.blackhole();
      await waitFor('freeze noticed', () => hub.stats().hangs > h0, 120_000, 50);
      frozen.push(performance.now() - at);
      proxy.forward();
      await waitLive(hub, kinds);
      console.log(`  freeze ${i + 1}: noticed after ${(frozen.at(-1)! / 1000).toFixed(1)} s`);
    }
    // 3. Dead connection to a live server, with a change it does not deliver.
    const dead: number[] = [];
    for (let i = 0; i < deads; i++) {
      await sleep(Math.random() * BOOKMARK_MS);
      const h0 = hub.stats().hangs;
      proxy.blackholeOpen();
      const svc = structuredClone(emulator.store.get('services', 'quiet', `svc-${i}`)!);
      svc.metadata.labels = { ...svc.metadata.labels, dead: String(i) };
      emulator.store.update('services', svc);
      const at = performance.now();
      await waitFor('dead connection noticed', () => hub.stats().hangs > h0, 120_000, 50);
      dead.push(performance.now() - at);
      await waitLive(hub, kinds);
      console.log(
        `  dead connection ${i + 1}: noticed after ${(dead.at(-1)! / 1000).toFixed(1)} s`,
      );
    }
    const fmt = (v: number[]) =>
      v.length
        ? `p50 ${(percentile(v, 50) / 1000).toFixed(1)} s, max ${(Math.max(...v) / 1000).toFixed(1)} s (${v.length} runs)`
        : 'not run';
    console.log(`frozen cluster noticed: ${fmt(frozen)}`);
    console.log(`dead connection with a change noticed: ${fmt(dead)}`);
  } finally {
    await hub.stop();
    await proxy.stop();
    await emulator.stop();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
