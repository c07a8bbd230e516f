/**
 * The watch loop against a small fake apiserver (exact control of continue expiry, HTTP errors,
 * history size) through a fault-injecting TCP proxy. The same faults against the embedded
 * cluster are in watch-loop.emulator.test.ts.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { WatchLoop, type WatchLoopOptions } from './watch-loop';
import { backoffDelay, DEFAULT_BACKOFF, type Clock } from './watch-timing';
import { ClusterCache } from './cache';
import { slimmer } from './slim';
import { createKubeTransport } from './transport';
import type { SlimRecord } from '../topology/records';
import { FakeApiServer } from './testing/fake-apiserver';
import { TcpProxy } from './testing/tcp-proxy';
import { kubeConfigFor, sameVersions, sleep, versions, waitFor } from './testing/helpers';

const PATH = '/api/v1/services';

interface Setup {
  api: FakeApiServer;
  proxy: TcpProxy;
  cache: ClusterCache;
  loop: WatchLoop<SlimRecord>;
  /** uids emitted by the cache since the last reset. */
  emitted: string[];
  states: string[];
  converged(): boolean;
}

async function setup(
  t: TestContext,
  options: {
    objects?: number;
    historySize?: number;
    bookmarkMs?: number;
    before?: (api: FakeApiServer) => void;
    loop?: Partial<WatchLoopOptions<SlimRecord>>;
    pingTimeoutMs?: number;
  } = {},
): Promise<Setup> {
  const api = new FakeApiServer({
    historySize: options.historySize,
    bookmarkMs: options.bookmarkMs,
  });
  await api.start();
  const proxy = new TcpProxy('127.0.0.1', api.port);
  await proxy.start();
  for (let i = 0; i < (options.objects ?? 10); i++)
    api.create(PATH, 'ns', `svc-${String(i).padStart(5, '0')}`);
  options.before?.(api);
  const cache = new ClusterCache();
  const emitted: string[] = [];
  cache.subscribe((b) => {
    for (const u of b.upserts) emitted.push(u.meta.uid);
    for (const d of b.deletes) emitted.push(d.uid);
  });
  const states: string[] = [];
  const loop = new WatchLoop<SlimRecord>({
    transport: createKubeTransport(kubeConfigFor(proxy.url), {
      pingTimeoutMs: options.pingTimeoutMs,
    }),
    listPath: PATH,
    transform: slimmer('Service'),
    backoff: { initialMs: 20, maxMs: 200 },
    hangTimeoutMs: 1000,
    minWatchMs: 0,
    ...options.loop,
    sink: {
      replace: (items) => cache.replace('Service', items),
      event: (type, item) => cache.apply(type, item),
      state: (s) => states.push(`${s.phase}${s.error ? `:${s.error}` : ''}`),
    },
  });
  loop.start();
  t.after(async () => {
    await loop.stop();
    await proxy.stop();
    await api.stop();
  });
  await waitFor('initial sync', () => loop.getState().synced);
  const converged = () => sameVersions(versions(cache.list('Service')), versions(api.list(PATH)));
  assert.ok(converged(), 'cache equals the list after the initial sync');
  emitted.length = 0;
  return { api, proxy, cache, loop, emitted, states, converged };
}

function assertOnlyChanged(emitted: string[], changed: Set<string>): void {
  const spurious = emitted.filter((u) => !changed.has(u));
  assert.deepEqual(spurious, [], 'no events for objects that did not change');
}

test('the initial list is paged by 500; the watch asks for bookmarks and a 5–10 min timeout', async (t) => {
  // A generous hang timeout: a busy machine must not turn a slow page into a hang and a relist.
  const s = await setup(t, { objects: 1203, loop: { hangTimeoutMs: 30_000 } });
  const lists = s.api.requests.filter((r) => !r.watch && r.path === PATH);
  assert.equal(lists.length, 3);
  assert.deepEqual(
    lists.map((r) => [r.query.get('limit'), !!r.query.get('continue')]),
    [
      ['500', false],
      ['500', true],
      ['500', true],
    ],
  );
  assert.equal(s.cache.size('Service'), 1203);
  await waitFor('watch request', () => s.api.requests.some((r) => r.watch));
  const w = s.api.requests.find((r) => r.watch)!;
  assert.equal(w.query.get('allowWatchBookmarks'), 'true');
  const timeout = Number(w.query.get('timeoutSeconds'));
  assert.ok(timeout >= 300 && timeout <= 600, `timeoutSeconds ${timeout}`);
  assert.equal(w.query.get('resourceVersion'), String(100 + 1203));
});

test('changes arrive as events, each emitted once; a repeated RV is not re-emitted', async (t) => {
  const s = await setup(t);
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  const a = s.api.update(PATH, 'ns', 'svc-00001', { x: 1 });
  const b = s.api.create(PATH, 'ns', 'new');
  s.api.remove(PATH, 'ns', 'svc-00002');
  await waitFor('converged', s.converged);
  assert.equal(s.emitted.length, 3);
  assert.ok(s.emitted.includes(a.metadata.uid) && s.emitted.includes(b.metadata.uid));
  // The same RV again (e.g. a replayed event) emits nothing.
  const again = s.cache.get('Service', a.metadata.uid)!;
  s.cache.apply('MODIFIED', { ...again });
  assert.equal(s.emitted.length, 3);
});

test('an expired continue token restarts the list from the first page', async (t) => {
  const s = await setup(t, { objects: 1203, before: (api) => (api.expireNextContinue = true) });
  assert.equal(s.loop.stats.continueRestarts, 1);
  const lists = s.api.requests.filter((r) => !r.watch && r.path === PATH);
  assert.equal(lists.length, 2 + 3);
  assert.equal(
    lists[2]?.query.get('continue'),
    null,
    'the restart begins without a continue token',
  );
  assert.equal(s.cache.size('Service'), 1203);
});

test('dropped connections: relist (the server that answers may be another cluster), still no spurious updates', async (t) => {
  const s = await setup(t, { objects: 50 });
  const changed = new Set<string>();
  for (let round = 0; round < 5; round++) {
    await waitFor('watch open', () => s.loop.stats.watchOpen);
    s.proxy.dropAll();
    changed.add(s.api.update(PATH, 'ns', `svc-0000${round}`, { round }).metadata.uid);
    changed.add(s.api.create(PATH, 'ns', `added-${round}`).metadata.uid);
  }
  await waitFor('converged', s.converged);
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  assert.ok(s.loop.stats.relists >= 1, 'contact was lost, so the loop listed again');
  assertOnlyChanged(s.emitted, changed);
  assert.equal(new Set(s.emitted).size, changed.size);
});

test('410 (ERROR event): relist, and only the objects that changed are emitted', async (t) => {
  const s = await setup(t, { objects: 30, historySize: 5 });
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  await s.proxy.refuse();
  const changed = new Set<string>();
  for (let i = 0; i < 3; i++)
    changed.add(s.api.update(PATH, 'ns', `svc-0000${i}`, { v: i }).metadata.uid);
  for (const name of ['svc-00010', 'svc-00011']) {
    changed.add(s.api.list(PATH).find((o) => o.metadata.name === name)!.metadata.uid);
    s.api.remove(PATH, 'ns', name);
  }
  for (let i = 0; i < 10; i++) s.api.update(PATH, 'ns', 'svc-00003', { v: i });
  changed.add(s.api.list(PATH).find((o) => o.metadata.name === 'svc-00003')!.metadata.uid);
  changed.add(s.api.create(PATH, 'ns', 'fresh').metadata.uid);
  await s.proxy.restore();
  await waitFor('relisted', () => s.loop.stats.relists >= 1);
  await waitFor('converged', s.converged);
  assertOnlyChanged(s.emitted, changed);
  assert.equal(s.emitted.length, changed.size, 'each changed object exactly once');
});

test('410 as an HTTP status on the watch request also relists, emitting nothing when nothing changed', async (t) => {
  const s = await setup(t);
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  s.api.httpGoneNextWatch = true;
  // The drop itself is lost contact (one relist); the 410 on the next watch is a second one.
  s.proxy.dropAll();
  await waitFor('relisted after the 410', () => s.loop.stats.relists >= 2);
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  assert.deepEqual(s.emitted, []);
  assert.ok(s.converged());
});

test('a silent (hung) watch is detected by the silence timer and restarted', async (t) => {
  const s = await setup(t, { loop: { hangTimeoutMs: 500 } });
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  s.proxy.blackhole();
  const changed = s.api.update(PATH, 'ns', 'svc-00001', { during: 'hang' }).metadata.uid;
  await waitFor('hang detected', () => s.loop.stats.hangs >= 1);
  assert.ok(!s.converged(), 'the change is not seen while the path is silent');
  s.proxy.forward();
  await waitFor('converged', s.converged);
  assert.deepEqual(s.emitted, [changed]);
  assert.equal(s.loop.stats.relists, 1, 'a hung peer is lost contact: one relist');
});

test('a frozen server (silent, and not answering a liveness check) is noticed before the hang bound', async (t) => {
  // The hard bound is far away; only the quiet-time ping can notice the freeze.
  const s = await setup(t, {
    loop: { hangTimeoutMs: 60_000, quietProbeMs: 150 },
    pingTimeoutMs: 150,
  });
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  s.proxy.blackhole();
  const changed = s.api.update(PATH, 'ns', 'svc-00002', { during: 'freeze' }).metadata.uid;
  await waitFor('freeze detected', () => s.loop.stats.hangs >= 1);
  assert.match(s.loop.getState().error ?? '', /did not answer a liveness check/);
  s.proxy.forward();
  await waitFor('converged', s.converged);
  assert.deepEqual(s.emitted, [changed]);
});

test('a quiet watch on a server that answers its liveness checks is never restarted', async (t) => {
  // No bookmarks, no changes: silence far longer than the quiet time, with the server alive and
  // no progress on the collection since the watch's resourceVersion.
  const s = await setup(t, { loop: { hangTimeoutMs: 60_000, quietProbeMs: 100 } });
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  await sleep(2500);
  const pings = s.api.requests.filter((r) => r.path.startsWith('/version'));
  assert.ok(pings.length >= 1, 'the server was asked whether it is alive');
  const progress = s.api.requests.filter((r) => r.watch && r.query.get('timeoutSeconds') === '1');
  assert.ok(progress.length >= 1, 'and whether it has changes since the resourceVersion');
  assert.equal(s.loop.stats.hangs, 0);
  assert.equal(s.loop.stats.watchRequests, 1);
  assert.equal(s.loop.stats.errors, 0);
});

test('a dead watch connection to a live server is noticed by the progress it did not deliver', async (t) => {
  // The hard bound is far away; the server answers; only this connection is dead.
  const s = await setup(t, { loop: { hangTimeoutMs: 60_000, quietProbeMs: 150 } });
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  s.proxy.blackholeOpen();
  await sleep(1500);
  assert.equal(s.loop.stats.hangs, 0, 'nothing changed: nothing missed, nothing restarted');
  const changed = s.api.update(PATH, 'ns', 'svc-00003', { during: 'dead' }).metadata.uid;
  await waitFor('dead connection noticed', () => s.loop.stats.hangs >= 1);
  assert.match(s.loop.getState().error ?? '', /changes this watch did not deliver/);
  await waitFor('converged', s.converged);
  assert.deepEqual(s.emitted, [changed]);
});

test('bookmarks keep a quiet watch alive: no hang is declared while they flow', async (t) => {
  const s = await setup(t, { bookmarkMs: 100, loop: { hangTimeoutMs: 400 } });
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  await sleep(1500);
  assert.equal(s.loop.stats.hangs, 0);
  assert.equal(s.loop.stats.watchRequests, 1);
});

test('server down: every attempt fails with a clear error, then the loop converges', async (t) => {
  const s = await setup(t, { objects: 20 });
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  await s.proxy.refuse();
  const changed = new Set<string>();
  changed.add(s.api.update(PATH, 'ns', 'svc-00004', { down: true }).metadata.uid);
  const gone = s.api.list(PATH).find((o) => o.metadata.name === 'svc-00005')!;
  s.api.remove(PATH, 'ns', 'svc-00005');
  changed.add(gone.metadata.uid);
  await waitFor(
    'several failed attempts',
    () => s.states.filter((x) => x.includes('ECONNREFUSED')).length >= 3,
  );
  assert.equal(s.loop.getState().phase, 'backoff');
  assert.ok(s.loop.getState().disconnectedSince !== undefined);
  await s.proxy.restore();
  await waitFor('converged', s.converged);
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  assert.equal(s.loop.getState().disconnectedSince, undefined);
  assertOnlyChanged(s.emitted, changed);
});

test('HTTP errors (403, 500) are retried, never fatal, and reported', async (t) => {
  const s = await setup(t, {
    before: (api) => (api.failNext = { status: 403, count: 3, reason: 'Forbidden' }),
    loop: { forbiddenRetryMs: 20 },
  });
  assert.ok(
    s.states.some((x) => x.startsWith('backoff:') && x.includes('403')),
    s.states.join('\n'),
  );
  s.api.failNext = { status: 500, count: 2 };
  s.proxy.dropAll();
  const changed = s.api.update(PATH, 'ns', 'svc-00001', { after: 500 }).metadata.uid;
  await waitFor('converged', s.converged);
  assert.deepEqual(s.emitted, [changed]);
});

test('stop() aborts the open watch and ends the loop', async (t) => {
  const s = await setup(t);
  await waitFor('watch open', () => s.api.openWatches === 1);
  await s.loop.stop();
  await waitFor('watch closed upstream', () => s.api.openWatches === 0);
  assert.equal(s.loop.stats.watchOpen, false);
  assert.equal(s.loop.getState().phase, 'stopped');
  const requests = s.api.requests.length;
  await sleep(300);
  assert.equal(s.api.requests.length, requests, 'no requests after stop');
});

test('backoff: 0.8 s doubling to 30 s, jittered within [d, 2d] and capped', () => {
  assert.equal(backoffDelay(0, 0, DEFAULT_BACKOFF), 800);
  assert.equal(backoffDelay(0, 0.999999, DEFAULT_BACKOFF) < 1600, true);
  assert.equal(backoffDelay(1, 0, DEFAULT_BACKOFF), 1600);
  assert.equal(backoffDelay(5, 0, DEFAULT_BACKOFF), 25_600);
  assert.equal(backoffDelay(6, 0, DEFAULT_BACKOFF), 30_000);
  assert.equal(backoffDelay(50, 1, DEFAULT_BACKOFF), 30_000);
  for (let a = 0; a < 10; a++) {
    const d = backoffDelay(a, Math.random(), DEFAULT_BACKOFF);
    assert.ok(d >= Math.min(30_000, 800 * 2 ** a) && d <= 30_000);
  }
});

test('backoff grows across consecutive failures and starts over once a list completes', async (t) => {
  // Timers run 100× faster but record the retry delays asked for (not the silence timers).
  const asked: number[] = [];
  const clock: Clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => {
      if (ms < 20_000) asked.push(ms);
      return setTimeout(fn, ms / 100);
    },
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  const s = await setup(t, {
    before: (api) => (api.failNext = { status: 500, count: 4, path: PATH }),
    loop: { clock, random: () => 0, backoff: DEFAULT_BACKOFF, hangTimeoutMs: 60_000 },
  });
  assert.deepEqual(asked, [800, 1600, 3200, 6400]);
  await waitFor('watch open', () => s.loop.stats.watchOpen);
  // A dropped connection after a completed list waits the first step again, not 12.8 s: a short
  // outage after an earlier hiccup recovers in about a second.
  s.proxy.dropAll();
  await waitFor('retry scheduled', () => asked.length === 5);
  assert.equal(asked[4], 800);
  await waitFor('watch open again', () => s.loop.stats.watchOpen);
});

test('a 403 is a state: forbidden, re-checked no faster than forbiddenRetryMs, logged once, and it syncs once allowed', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  api.create(PATH, 'ns', 'svc-0');
  api.deniedPaths.set(PATH, 403);
  const cache = new ClusterCache();
  const logs: string[] = [];
  const loop = new WatchLoop<SlimRecord>({
    transport: createKubeTransport(kubeConfigFor(api.url)),
    listPath: PATH,
    transform: slimmer('Service'),
    backoff: { initialMs: 1, maxMs: 2 },
    forbiddenRetryMs: 50,
    minWatchMs: 0,
    log: (m) => logs.push(m),
    sink: {
      replace: (items) => cache.replace('Service', items),
      event: (type, item) => cache.apply(type, item),
    },
  });
  loop.start();
  t.after(async () => {
    await loop.stop();
    await api.stop();
  });
  // The lists of the kind, not the cluster-identity reads that go before each of them.
  const lists = () => api.requests.filter((r) => r.path === PATH && !r.watch).length;
  await waitFor('three refused lists', () => lists() >= 3);
  assert.equal(loop.getState().forbidden, true);
  assert.equal(loop.getState().synced, false);
  // A backoff of 1–2 ms would have made hundreds of requests by now; the floor keeps it slow.
  const refused = lists();
  await sleep(120);
  assert.ok(lists() - refused <= 4, `${lists() - refused} re-checks`);
  assert.equal(logs.filter((l) => l.includes('403')).length, 1, logs.join('\n'));
  api.deniedPaths.delete(PATH);
  await waitFor('synced once allowed', () => loop.getState().synced);
  assert.equal(loop.getState().forbidden, false);
  assert.equal(cache.size('Service'), 1);
  assert.equal(logs.filter((l) => l.endsWith('allowed again')).length, 1, logs.join('\n'));
});
