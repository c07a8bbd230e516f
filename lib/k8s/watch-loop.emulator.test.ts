/**
 * The watch loop and the hub with faults, against the embedded cluster over loopback
 * (dropped connections, a 410, a hung watch, the server down for 20 s). A TCP proxy we control sits between the loop and the emulator. After each fault the
 * cache must equal a fresh LIST (same uids and resourceVersions) and the cache must have
 * emitted events only for objects that actually changed.
 *
 * The emulator is started in-process for control over its watch history and bookmark interval;
 * the code under test still reaches it only over HTTP through a kubeconfig-shaped config.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
// eslint-disable-next-line no-restricted-imports -- the test starts the cluster; lib code under test reaches it over HTTP only
import { startEmulator, type RunningEmulator } from '../../emulator/server';
// eslint-disable-next-line no-restricted-imports -- as above
import { startEmbeddedCluster } from '../../emulator/cli';
import { WatchLoop, type WatchLoopOptions } from './watch-loop';
import { ClusterCache } from './cache';
import { slimmer } from './slim';
import { createKubeTransport, readBody } from './transport';
import { Hub } from './hub';
import { WATCHED_KINDS } from './kinds';
import type { SlimRecord } from '../topology/records';
import { TcpProxy } from './testing/tcp-proxy';
import { kubeConfigFor, sameVersions, sleep, versions, waitFor } from './testing/helpers';

const PATH = '/api/v1/services';
const NS = 'faults';

type KubeObject = Parameters<RunningEmulator['store']['create']>[1];

function service(name: string, extra: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: { app: name, ...extra } },
    spec: { selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] },
  };
}

/** A fresh, paged LIST straight from the emulator (not through the proxy). */
async function freshList(emulator: RunningEmulator, path: string): Promise<Map<string, string>> {
  const transport = createKubeTransport(
    kubeConfigFor(emulator.url, emulator.adminToken, emulator.caCertificate),
  );
  const out = new Map<string, string>();
  let cont = '';
  do {
    const res = await transport.get(
      `${path}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      AbortSignal.timeout(10_000),
    );
    const page = JSON.parse(await readBody(res)) as {
      metadata: { continue?: string };
      items: { metadata: { uid: string; resourceVersion: string } }[];
    };
    for (const [k, v] of versions(page.items)) out.set(k, v);
    cont = page.metadata.continue ?? '';
  } while (cont);
  return out;
}

async function setup(
  t: TestContext,
  options: {
    historySize?: number;
    bookmarkIntervalMs?: number;
    loop?: Partial<WatchLoopOptions<SlimRecord>>;
  } = {},
) {
  const emulator = await startEmulator({
    historySize: options.historySize,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    controllers: () => [],
  });
  const store = emulator.store;
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  for (let i = 0; i < 40; i++) store.create('services', service(`svc-${i}`));
  const proxy = new TcpProxy('127.0.0.1', emulator.port, 'https');
  await proxy.start();
  const cache = new ClusterCache();
  const emitted: string[] = [];
  cache.subscribe((b) => {
    for (const u of b.upserts) emitted.push(u.meta.uid);
    for (const d of b.deletes) emitted.push(d.uid);
  });
  const loop = new WatchLoop<SlimRecord>({
    transport: createKubeTransport(
      kubeConfigFor(proxy.url, emulator.adminToken, emulator.caCertificate),
    ),
    listPath: PATH,
    transform: slimmer('Service'),
    backoff: { initialMs: 50, maxMs: 1000 },
    ...options.loop,
    sink: {
      replace: (items) => cache.replace('Service', items),
      event: (type, item) => cache.apply(type, item),
    },
  });
  loop.start();
  t.after(async () => {
    await loop.stop();
    await proxy.stop();
    await emulator.stop();
  });
  await waitFor('initial sync', () => loop.getState().synced);
  await waitFor('watch open', () => loop.stats.watchOpen);
  emitted.length = 0;
  const converged = async () =>
    sameVersions(versions(cache.list('Service')), await freshList(emulator, PATH));
  assert.ok(await converged());

  /** Writes through the store; returns the uid of the object changed. */
  const change = {
    update(name: string, value: string): string {
      const cur = structuredClone(store.get('services', NS, name)!);
      cur.metadata.labels = { ...cur.metadata.labels, touched: value };
      return store.update('services', cur).metadata.uid!;
    },
    add(name: string): string {
      return store.create('services', service(name)).metadata.uid!;
    },
    remove(name: string): string {
      const uid = store.get('services', NS, name)!.metadata.uid!;
      store.delete('services', NS, name);
      return uid;
    },
  };
  return { emulator, proxy, cache, loop, emitted, converged, change };
}

function assertNoSpurious(emitted: string[], changed: Set<string>): void {
  assert.deepEqual(
    emitted.filter((u) => !changed.has(u)),
    [],
    'events only for objects that changed',
  );
}

test('emulator: dropped connections mid-watch relist and converge with no spurious updates', async (t) => {
  const s = await setup(t);
  const changed = new Set<string>();
  for (let round = 0; round < 6; round++) {
    await waitFor('watch open', () => s.loop.stats.watchOpen);
    changed.add(s.change.update(`svc-${round}`, `r${round}`));
    s.proxy.dropAll();
    changed.add(s.change.add(`added-${round}`));
    if (round % 2) changed.add(s.change.remove(`svc-${20 + round}`));
  }
  await waitFor('converged', s.converged);
  assert.ok(s.loop.stats.relists >= 1, 'contact was lost, so the loop listed again');
  assertNoSpurious(s.emitted, changed);
  assert.equal(new Set(s.emitted).size, changed.size);
});

test('emulator: a 410 after the resume RV expired relists and emits only real changes', async (t) => {
  const s = await setup(t, { historySize: 20 });
  await s.proxy.refuse();
  const changed = new Set<string>();
  // 60 events while the watch is cut: far more than the 20 the emulator keeps.
  for (let i = 0; i < 50; i++) s.change.update('svc-1', `v${i}`);
  changed.add(s.change.update('svc-2', 'x'));
  changed.add(s.change.update('svc-1', 'last'));
  for (let i = 0; i < 4; i++) changed.add(s.change.add(`new-${i}`));
  for (let i = 30; i < 34; i++) changed.add(s.change.remove(`svc-${i}`));
  await s.proxy.restore();
  await waitFor('relisted', () => s.loop.stats.relists >= 1);
  await waitFor('converged', s.converged);
  assertNoSpurious(s.emitted, changed);
  assert.equal(
    s.emitted.length,
    changed.size,
    'each changed object once; the 36 unchanged ones never',
  );
});

test('emulator: a hung (silent) watch is detected by the silence timer and restarted', async (t) => {
  const s = await setup(t, { bookmarkIntervalMs: 200, loop: { hangTimeoutMs: 1500 } });
  // Bookmarks every 200 ms keep a quiet watch alive: no false hang.
  await sleep(2000);
  assert.equal(s.loop.stats.hangs, 0);
  assert.equal(s.loop.stats.watchRequests, 1);
  s.proxy.blackhole();
  const uid = s.change.update('svc-3', 'during-hang');
  await waitFor('hang detected', () => s.loop.stats.hangs >= 1);
  assert.ok(!(await s.converged()));
  s.proxy.forward();
  await waitFor('converged', s.converged);
  assert.deepEqual(s.emitted, [uid]);
});

test('emulator: the server down for 20 s, with changes meanwhile, then converges (default backoff)', async (t) => {
  const s = await setup(t, { loop: { backoff: {} } });
  await s.proxy.refuse();
  const changed = new Set<string>();
  const started = Date.now();
  let i = 0;
  while (Date.now() - started < 20_000) {
    changed.add(s.change.update(`svc-${i % 10}`, `down-${i}`));
    if (i % 5 === 0) changed.add(s.change.add(`down-added-${i}`));
    i++;
    await sleep(1000);
  }
  assert.equal(s.loop.getState().phase, 'backoff', 'still retrying, never given up');
  assert.match(s.loop.getState().error ?? '', /ECONNREFUSED/);
  await s.proxy.restore();
  await waitFor('converged', s.converged, 60_000);
  assertNoSpurious(s.emitted, changed);
  assert.equal(new Set(s.emitted).size, changed.size);
});

test('emulator: the hub syncs every kind of the seed scenario; cache equals fresh lists after drops', async (t) => {
  const cluster = await startEmbeddedCluster({ scenario: 'seed', readinessDelayMs: 50 });
  const proxy = new TcpProxy('127.0.0.1', cluster.port, 'https');
  await proxy.start();
  const kc = kubeConfigFor(proxy.url, cluster.token, cluster.caCertificate);
  const hub = new Hub({
    connection: {
      kubeConfig: kc,
      info: { name: 'seed', simulated: true, readOnly: false },
    },
    loop: { backoff: { initialMs: 50, maxMs: 500 } },
  });
  t.after(async () => {
    await hub.stop();
    await proxy.stop();
    await cluster.stop();
  });
  assert.equal(await hub.waitForSync(20_000), true);
  await waitFor('all watches open', () => hub.stats().upstreamWatches === WATCHED_KINDS.length);
  // Scale the deployment through the store (what kubectl scale does), dropping connections meanwhile.
  const dep = structuredClone(cluster.store.get('deployments', 'default', 'nginx-deployment')!);
  (dep.spec as { replicas: number }).replicas = 4;
  cluster.store.update('deployments', dep);
  proxy.dropAll();
  await sleep(300);
  proxy.dropAll();
  const direct = kubeConfigFor(cluster.url, cluster.token, cluster.caCertificate);
  let lastMismatch = '';
  const check = async () => {
    for (const spec of WATCHED_KINDS) {
      const transport = createKubeTransport(direct);
      const res = await transport.get(spec.listPath, AbortSignal.timeout(10_000));
      const fresh = versions((JSON.parse(await readBody(res)) as { items: never[] }).items);
      const mine = versions(hub.cache.list(spec.kind));
      if (!sameVersions(mine, fresh)) {
        lastMismatch = `${spec.kind}: cache ${mine.size} vs list ${fresh.size}; differing ${[...fresh].filter(([k, v]) => mine.get(k) !== v).length + [...mine].filter(([k]) => !fresh.has(k)).length}`;
        return false;
      }
    }
    return true;
  };
  await waitFor('every kind converged', check, 30_000).catch((err: Error) => {
    throw new Error(`${err.message} (${lastMismatch})`);
  });
  assert.equal(
    hub.cache.list('Pod').filter((p) => p.meta.labels?.app === 'nginx' && p.ready).length,
    4,
    'the scaled deployment shows 4 ready pods',
  );
  // Every kind lost contact at least once, so each listed again (a relist per kind at most per
  // drop); the cache's diff kept that free of spurious updates (checked above by convergence).
  assert.ok(hub.stats().relists >= 1);
  // Known emulator bug (reported to the lead): a watch resumed from an RV replays the history
  // of every resource, not just the watched one (emulator/core/watch.ts). The loop drops such
  // objects; this keeps the bug visible until it is fixed.
  assert.equal(
    hub.stats().foreignObjects,
    0,
    'the emulator sent objects of other kinds on a watch',
  );
});
