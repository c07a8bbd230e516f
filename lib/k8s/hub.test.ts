/**
 * The hub: one upstream watch per kind for any number of subscribers, per-tick delta frames,
 * Last-Event-ID resume, stalled-client reset, status events, release on disconnect.
 * Upstream is the small fake apiserver through a TCP proxy (the emulator-based end-to-end check
 * of the same hub is in watch-loop.emulator.test.ts).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Hub, type HubOptions, type Subscription } from './hub';
import { createKubeTransport } from './transport';
import { KINDS as REGISTRY, type KindSpec } from './kinds';
import { SseParser, type SseMessage } from '../stream/sse';
import type { StreamEvent } from '../stream/protocol';
import { applyStreamEvents, initialRecordStoreState } from '../store/record-state';
import { FakeApiServer } from './testing/fake-apiserver';
import { hubModel } from './hub-model';
import { TcpProxy } from './testing/tcp-proxy';
import { kubeConfigFor, sleep, waitFor } from './testing/helpers';

const KINDS: KindSpec[] = [REGISTRY.Service, REGISTRY.Pod];
/**
 * The fake apiserver sends no bookmarks, so an idle watch is silent: with a short hang timeout a
 * loaded machine sees watches restarted mid-test. Hang detection is the watch loop's, tested
 * there; these tests count watches.
 */
const NO_HANG_CHECK = 600_000;

async function setup(t: TestContext, options: Partial<HubOptions> = {}) {
  const api = new FakeApiServer();
  await api.start();
  const proxy = new TcpProxy('127.0.0.1', api.port);
  await proxy.start();
  for (let i = 0; i < 20; i++) api.create('/api/v1/services', 'ns', `svc-${i}`);
  for (let i = 0; i < 30; i++) api.create('/api/v1/pods', 'ns', `pod-${i}`);
  const kc = kubeConfigFor(proxy.url);
  const hub = new Hub({
    connection: {
      kubeConfig: kc,
      info: { name: 'test', simulated: true, readOnly: false },
    },
    transport: createKubeTransport(kc),
    kinds: KINDS,
    loop: { backoff: { initialMs: 20, maxMs: 200 }, hangTimeoutMs: NO_HANG_CHECK, minWatchMs: 0 },
    ...options,
  });
  t.after(async () => {
    await hub.stop();
    await proxy.stop();
    await api.stop();
  });
  assert.equal(await hub.waitForSync(20_000), true);
  return { api, proxy, hub };
}

interface Reader {
  messages: SseMessage[];
  events(): StreamEvent[];
  parser: SseParser;
  cancel(): Promise<void>;
  done: Promise<void>;
}

function read(sub: Subscription): Reader {
  const reader = sub.stream.getReader();
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader
        .read()
        .catch(() => ({ value: undefined, done: true }));
      if (end) return;
      messages.push(...parser.push(decoder.decode(value, { stream: true })));
    }
  })();
  return {
    messages,
    events: () => messages.map((m) => JSON.parse(m.data) as StreamEvent),
    parser,
    cancel: () => reader.cancel(),
    done,
  };
}

/** Apply a stream's events with the browser store's reducer; every patch must fit. */
function applied(events: StreamEvent[]) {
  const state = applyStreamEvents(initialRecordStoreState(), events);
  assert.equal(state.resync, false, 'every patch applied to the version it names');
  return state.records;
}

/** Apply a stream's events like the browser store does: uid → resourceVersion. */
function replay(events: StreamEvent[]): Map<string, string> {
  return new Map([...applied(events)].map(([uid, r]) => [uid, r.meta.resourceVersion]));
}

/** The resourceVersions a delta frame brings (whole records and patches). */
function deltaVersions(e: StreamEvent): string[] {
  if (e.type !== 'delta') return [];
  return [
    ...(e.upserts ?? []).map((r) => r.meta.resourceVersion),
    ...(e.patches ?? []).map((p) => p.v),
  ];
}

function cacheVersions(hub: Hub): Map<string, string> {
  return new Map(hub.cache.records().map((r) => [r.meta.uid, r.meta.resourceVersion]));
}

test('50 subscribers share one upstream watch per kind and all get the snapshot and the deltas', async (t) => {
  const { api, hub } = await setup(t);
  const readers = Array.from({ length: 50 }, () => read(hub.subscribe()));
  await waitFor('snapshots', () =>
    readers.every((r) => r.messages.some((m) => m.event === 'snapshot')),
  );
  for (const r of readers) {
    const snap = r.events().find((e) => e.type === 'snapshot');
    assert.equal(snap?.type === 'snapshot' && snap.records.length, 50);
  }
  await waitFor('watches open', () => api.openWatches === KINDS.length);
  const updated = api.update('/api/v1/pods', 'ns', 'pod-3', { v: 2 });
  await waitFor('delta everywhere', () =>
    readers.every((r) =>
      r.events().some((e) => deltaVersions(e).includes(updated.metadata.resourceVersion)),
    ),
  );
  assert.equal(api.openWatches, KINDS.length);
  assert.equal(
    api.requests.filter((r) => r.watch).length,
    KINDS.length,
    'one watch request per kind in total',
  );
  assert.equal(hub.stats().upstreamWatches, KINDS.length);
  assert.equal(hub.stats().subscribers, 50);
  for (const r of readers) assert.deepEqual(replay(r.events()), cacheVersions(hub));
  await Promise.all(readers.map((r) => r.cancel()));
  assert.equal(hub.stats().subscribers, 0);
});

test('changes within one tick are coalesced into one frame with an increasing id', async (t) => {
  const { api, hub } = await setup(t, { tickMs: 200, coalesceIdleMs: 100 });
  const r = read(hub.subscribe());
  await waitFor('snapshot', () => r.messages.length >= 1);
  await waitFor('watch open', () => api.openWatches === KINDS.length);
  for (let i = 0; i < 5; i++) api.update('/api/v1/pods', 'ns', `pod-${i}`, { v: i });
  api.update('/api/v1/pods', 'ns', 'pod-0', { v: 'again' });
  await waitFor('delta', () => r.messages.some((m) => m.event === 'delta'));
  await sleep(300);
  const upserts = r.messages.filter((m) => m.event === 'delta');
  assert.equal(upserts.length, 1);
  const event = JSON.parse(upserts[0]!.data) as StreamEvent;
  assert.equal(
    deltaVersions(event).length,
    5,
    'pod-0 twice in one tick is sent once, in its latest version',
  );
  // Ids are `<epoch>.<seq>`: same process, a later sequence number.
  const [epoch, seq] = upserts[0]!.lastEventId.split('.');
  const [firstEpoch, firstSeq] = r.messages[0]!.lastEventId.split('.');
  assert.equal(epoch, firstEpoch);
  assert.ok(BigInt(seq!) > BigInt(firstSeq!));
});

test('a stalled subscriber is reset to a fresh snapshot and never holds back the others', async (t) => {
  // A 1-byte stream buffer: whatever the tab does not read stays in the hub's bounded queue.
  const { api, hub } = await setup(t, { tickMs: 1, clientQueueFrames: 5, streamHighWaterMark: 1 });
  const stalled = hub.subscribe();
  const stalledReader = stalled.stream.getReader();
  const stalledParser = new SseParser();
  const decoder = new TextDecoder();
  const stalledMessages: SseMessage[] = [];
  // Read up to the snapshot, then stop reading (a frozen tab).
  while (!stalledMessages.some((m) => m.event === 'snapshot')) {
    const { value } = await stalledReader.read();
    stalledMessages.push(...stalledParser.push(decoder.decode(value, { stream: true })));
  }
  const live = read(hub.subscribe());
  await waitFor('watch open', () => api.openWatches === KINDS.length);
  let last = '';
  for (let i = 0; i < 40; i++) {
    last = api.update('/api/v1/services', 'ns', `svc-${i % 20}`, { i }).metadata.resourceVersion;
    await sleep(3);
  }
  await waitFor('live client has everything', () =>
    [...replay(live.events()).values()].includes(last),
  );
  assert.deepEqual(replay(live.events()), cacheVersions(hub));
  assert.ok(hub.stats().resets >= 1, 'the stalled client overflowed and was reset');
  // The live client was never reset: exactly one snapshot.
  assert.equal(live.messages.filter((m) => m.event === 'snapshot').length, 1);
  // When the frozen tab reads again it gets a fresh snapshot and ends up exactly right.
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await stalledReader
        .read()
        .catch(() => ({ value: undefined, done: true }));
      if (end) return;
      stalledMessages.push(...stalledParser.push(decoder.decode(value, { stream: true })));
    }
  })();
  await waitFor(
    'second snapshot',
    () => stalledMessages.filter((m) => m.event === 'snapshot').length === 2,
  );
  await sleep(50);
  const events = stalledMessages.map((m) => JSON.parse(m.data) as StreamEvent);
  assert.deepEqual(replay(events), cacheVersions(hub));
  await stalledReader.cancel();
  await done;
  await live.cancel();
});

test('Last-Event-ID resumes from the buffer without a snapshot', async (t) => {
  const { api, hub } = await setup(t, { tickMs: 1 });
  const first = read(hub.subscribe());
  await waitFor('watch open', () => api.openWatches === KINDS.length);
  api.update('/api/v1/pods', 'ns', 'pod-1', { a: 1 });
  await waitFor('delta', () => first.messages.some((m) => m.event === 'delta'));
  const lastId = first.messages.at(-1)!.lastEventId;
  const before = first.events();
  assert.ok(
    before.some((e) => e.type === 'delta' && e.patches?.length === 1 && !e.upserts),
    'a changed pod goes as a patch',
  );
  await first.cancel();
  api.update('/api/v1/pods', 'ns', 'pod-2', { a: 2 });
  api.remove('/api/v1/services', 'ns', 'svc-4');
  api.create('/api/v1/services', 'ns', 'svc-new');
  await waitFor(
    'cache caught up',
    () =>
      hub.cache.size('Service') === 20 &&
      hub.cache.list('Service').some((s) => s.meta.name === 'svc-new'),
  );
  hub.flush();
  const sub = hub.subscribe({ lastEventId: lastId });
  assert.equal(sub.resumed, true);
  const second = read(sub);
  await waitFor('status after replay', () => second.messages.some((m) => m.event === 'status'));
  assert.equal(second.messages.filter((m) => m.event === 'snapshot').length, 0);
  assert.ok(second.events().some((e) => e.type === 'delta' && e.deletes?.length));
  assert.deepEqual(replay([...before, ...second.events()]), cacheVersions(hub));
  await second.cancel();
});

test('a resume id that is too old, unknown, malformed or from another process gets a snapshot', async (t) => {
  const { api, hub } = await setup(t, { tickMs: 1, bufferFrames: 3 });
  const r = read(hub.subscribe());
  await waitFor('watch open', () => api.openWatches === KINDS.length);
  await waitFor('snapshot', () => r.messages.length > 0);
  const oldId = r.messages[0]!.lastEventId;
  for (let i = 0; i < 8; i++) {
    api.update('/api/v1/pods', 'ns', `pod-${i}`, { i });
    await sleep(5);
  }
  await waitFor('frames', () => r.messages.filter((m) => m.event === 'delta').length >= 4);
  await r.cancel();
  const seq = BigInt(hub.stats().seq);
  for (const id of [oldId, 'garbage', String(seq + 10n), '1', '']) {
    const sub = hub.subscribe({ lastEventId: id });
    assert.equal(sub.resumed, false, `id ${JSON.stringify(id)}`);
    const s = read(sub);
    await waitFor('snapshot', () => s.messages.some((m) => m.event === 'snapshot'));
    assert.deepEqual(replay(s.events()), cacheVersions(hub));
    await s.cancel();
  }
  assert.equal(hub.stats().subscribers, 0);
});

test('every subscriber is released after disconnect, by cancel or by close, over 1,000 cycles', async (t) => {
  const { hub } = await setup(t);
  for (let i = 0; i < 1000; i++) {
    const sub = hub.subscribe();
    const reader = sub.stream.getReader();
    await reader.read();
    if (i % 2) await reader.cancel();
    else sub.close();
  }
  assert.equal(hub.stats().subscribers, 0);
});

test('status events report reconnecting, stale-since and the error while the server is down, then live', async (t) => {
  const { proxy, hub, api } = await setup(t, { countStatusIntervalMs: 50 });
  const r = read(hub.subscribe());
  await waitFor('watch open', () => api.openWatches === KINDS.length);
  await proxy.refuse();
  await waitFor('reconnecting status', () =>
    r
      .events()
      .some(
        (e) =>
          e.type === 'status' &&
          e.sync.connection === 'reconnecting' &&
          !!e.sync.staleSince &&
          /cannot reach/.test(e.sync.lastError ?? ''),
      ),
  );
  await proxy.restore();
  await waitFor('live status', () => {
    const statuses = r.events().filter((e) => e.type === 'status');
    const last = statuses.at(-1);
    return (
      last?.type === 'status' &&
      last.sync.connection === 'live' &&
      last.sync.staleSince === undefined
    );
  });
  assert.equal(hub.getSyncState().lastError, undefined);
  await r.cancel();
});

test('heartbeats are sent while a stream is idle', async (t) => {
  const { hub } = await setup(t, { heartbeatMs: 30 });
  const r = read(hub.subscribe());
  await waitFor('two heartbeats', () => r.parser.comments >= 3);
  await r.cancel();
});

test('healthz inputs: pending kinds until synced, then none', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  api.failNext = { status: 500, count: 1000 };
  const kc = kubeConfigFor(api.url);
  const hub = new Hub({
    connection: {
      kubeConfig: kc,
      info: { name: 't', simulated: false, readOnly: false },
    },
    kinds: KINDS,
    loop: { backoff: { initialMs: 10, maxMs: 50 } },
  });
  t.after(async () => {
    await hub.stop();
    await api.stop();
  });
  assert.equal(await hub.waitForSync(200), false);
  assert.deepEqual(hub.pendingKinds(), ['Service', 'Pod']);
  // The first failed list may take longer than 200 ms on a busy machine: wait for its report.
  await waitFor('the failure is reported', () => /500/.test(hub.getSyncState().lastError ?? ''));
  assert.deepEqual(hub.pendingKinds(), ['Service', 'Pod']);
  api.failNext = undefined;
  assert.equal(await hub.waitForSync(10_000), true);
  assert.deepEqual(hub.pendingKinds(), []);
  await waitFor('live once the watches are open', () => hub.getSyncState().connection === 'live');
  assert.equal(hub.getSyncState().lastError, undefined);
});

test('a big batch with nobody listening is not encoded; older ids then get a snapshot', async (t) => {
  const { hub } = await setup(t);
  const first = read(hub.subscribe());
  await waitFor('snapshot', () => first.messages.length > 0);
  const oldId = first.messages[0]!.lastEventId;
  await first.cancel();
  const seqBefore = BigInt(hub.stats().seq);
  const many = Array.from({ length: 6000 }, (_, i) => ({
    kind: 'Namespace' as const,
    meta: { uid: `bulk-${i}`, name: `bulk-${i}`, namespace: '', resourceVersion: '1' },
    phase: 'Active' as const,
  }));
  hub.cache.replace('Namespace', many);
  hub.flush();
  assert.equal(hub.stats().bufferedFrames, 0);
  assert.equal(BigInt(hub.stats().seq), seqBefore + 1n);
  const sub = hub.subscribe({ lastEventId: oldId });
  assert.equal(sub.resumed, false);
  const r = read(sub);
  await waitFor('snapshot with the bulk', () =>
    r.events().some((e) => e.type === 'snapshot' && e.records.length === 50 + 6000),
  );
  await r.cancel();
});

test('an optional kind that keeps failing (Events forbidden) leaves the map live, with a word', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  api.deniedPaths.set('/api/v1/events', 403);
  const kc = kubeConfigFor(api.url);
  const hub = new Hub({
    connection: {
      kubeConfig: kc,
      info: { name: 't', simulated: false, readOnly: false },
    },
    kinds: [...KINDS, REGISTRY.Event],
    loop: { backoff: { initialMs: 10, maxMs: 50 } },
  });
  t.after(async () => {
    await hub.stop();
    await api.stop();
  });
  assert.equal(await hub.waitForSync(10_000), true);
  await waitFor('live', () => hub.getSyncState().connection === 'live');
  // A 403 is a state, not an error: the kind is named with what the map loses.
  await waitFor('the optional kind is forbidden', () => !!hub.getSyncState().forbidden?.length);
  const sync = hub.getSyncState();
  assert.equal(sync.connection, 'live');
  assert.equal(sync.staleSince, undefined);
  assert.equal(sync.lastError, undefined);
  assert.deepEqual(sync.forbidden, [
    {
      kind: 'Event',
      message: 'Switchboard may not list events cluster-wide: the timeline shows no Events',
    },
  ]);
  assert.deepEqual(hub.pendingKinds(), []);
});

test('workloads the RBAC forbids (apps/v1 deployments) leave the map live; allowed ones stream', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  api.deniedPaths.set('/apis/apps/v1/deployments', 403);
  api.create('/apis/apps/v1/replicasets', 'ns', 'web-5d8f9');
  const kc = kubeConfigFor(api.url);
  const hub = new Hub({
    connection: {
      kubeConfig: kc,
      info: { name: 't', simulated: false, readOnly: false },
    },
    kinds: [...KINDS, REGISTRY.Deployment, REGISTRY.ReplicaSet],
    loop: { backoff: { initialMs: 10, maxMs: 50 } },
  });
  t.after(async () => {
    await hub.stop();
    await api.stop();
  });
  assert.equal(await hub.waitForSync(10_000), true);
  await waitFor('the forbidden kind is named', () => !!hub.getSyncState().forbidden?.length);
  const sync = hub.getSyncState();
  assert.equal(sync.connection, 'live');
  assert.equal(sync.staleSince, undefined);
  assert.deepEqual(
    sync.forbidden?.map((f) => f.kind),
    ['Deployment'],
  );
  assert.match(sync.forbidden?.[0]?.message ?? '', /^Switchboard may not list deployments/);
  assert.deepEqual(hub.pendingKinds(), []);
  await waitFor('replicaset cached', () => hub.cache.size('ReplicaSet') === 1);
  const r = read(hub.subscribe());
  await waitFor('snapshot with the ReplicaSet', () =>
    r.events().some((e) => e.type === 'snapshot' && e.records.some((x) => x.kind === 'ReplicaSet')),
  );
  await r.cancel();
});

test('Kubernetes Events stay on the server: neither the snapshot nor the deltas carry them', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  t.after(() => api.stop());
  api.create('/api/v1/services', 'ns', 'svc-0');
  api.create('/api/v1/events', 'ns', 'svc-0.1');
  const kc = kubeConfigFor(api.url);
  const hub = new Hub({
    connection: {
      kubeConfig: kc,
      info: { name: 'test', simulated: true, readOnly: false },
    },
    transport: createKubeTransport(kc),
    kinds: [REGISTRY.Service, REGISTRY.Event],
    loop: { backoff: { initialMs: 20, maxMs: 200 }, hangTimeoutMs: NO_HANG_CHECK, minWatchMs: 0 },
  });
  t.after(() => hub.stop());
  assert.equal(await hub.waitForSync(20_000), true);
  await waitFor('event cached', () => hub.cache.size('Event') === 1);
  const r = read(hub.subscribe());
  await waitFor('snapshot', () => r.messages.some((m) => m.event === 'snapshot'));
  await waitFor('watches open', () => api.openWatches === 2);
  api.create('/api/v1/events', 'ns', 'svc-0.2');
  api.update('/api/v1/services', 'ns', 'svc-0', { v: 2 });
  await waitFor('service delta', () => r.events().some((e) => e.type === 'delta'));
  await waitFor('second event cached', () => hub.cache.size('Event') === 2);
  const kinds = [...applied(r.events()).values()].map((x) => x.kind);
  assert.ok(kinds.includes('Service'));
  assert.ok(!kinds.includes('Event'), `streamed kinds: ${kinds.join(',')}`);
  await r.cancel();
});

test('kinds not listed yet are unread in the snapshot: nothing is judged from them until they are', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  api.create('/api/v1/services', 'ns', 'web', {
    selector: { app: 'web' },
    ports: [{ port: 80, protocol: 'TCP' }],
  });
  // The pods' list keeps failing, as a relisted cluster's does until it answers.
  api.deniedPaths.set('/api/v1/pods', 500);
  const kc = kubeConfigFor(api.url);
  const hub = new Hub({
    connection: { kubeConfig: kc, info: { name: 't', simulated: false, readOnly: false } },
    kinds: [REGISTRY.Service, REGISTRY.EndpointSlice, REGISTRY.Pod],
    loop: { backoff: { initialMs: 10, maxMs: 50 } },
  });
  t.after(async () => {
    await hub.stop();
    await api.stop();
  });
  hub.start();
  await waitFor('the Service listed', () => hub.cache.size('Service') === 1);
  await waitFor('the slices listed', () => hub.getSyncState().kinds.EndpointSlice?.synced === true);
  assert.deepEqual(hub.getClusterSnapshot().unread, ['Pod']);
  const diagnosis = () => hubModel(hub).topologyWithDiagnoses().diagnoses[0]!;
  const codes = () => diagnosis().reasons.map((r) => r.code);
  assert.ok(!codes().includes('selector-matches-no-pods'), codes().join());
  api.deniedPaths.delete('/api/v1/pods');
  assert.equal(await hub.waitForSync(10_000), true);
  assert.equal(hub.getClusterSnapshot().unread, undefined);
  // Read now: no pod matches, and that is a fact.
  assert.ok(codes().includes('selector-matches-no-pods'), codes().join());
});

test('another cluster found at the address is identified again: a real one replaced by an embedded one is simulated from then on', async (t) => {
  const api = new FakeApiServer();
  await api.start();
  api.gitVersion = 'v1.31.2';
  api.clusterUid = 'first-cluster';
  api.create('/api/v1/services', 'ns', 'web');
  const kc = kubeConfigFor(api.url);
  const hub = new Hub({
    connection: { kubeConfig: kc, info: { name: 't', simulated: false, readOnly: false } },
    transport: createKubeTransport(kc),
    kinds: KINDS,
    // No liveness pings (they read /version too): only identity reads are counted below.
    loop: {
      backoff: { initialMs: 10, maxMs: 50 },
      hangTimeoutMs: NO_HANG_CHECK,
      quietProbeMs: NO_HANG_CHECK,
      minWatchMs: 0,
    },
  });
  t.after(async () => {
    await hub.stop();
    await api.stop();
  });
  assert.equal(await hub.waitForSync(20_000), true);
  assert.deepEqual(await hub.identify(), { gitVersion: 'v1.31.2', simulated: false });
  await waitFor('watches open', () => api.openWatches === KINDS.length);
  const versionReads = () => api.requests.filter((r) => r.path === '/version').length;
  const readsBefore = versionReads();

  // The same cluster, its connections cut: when the loops are back, nothing is read again.
  api.dropConnections();
  await waitFor('watches open again', () => api.openWatches === KINDS.length);
  assert.equal(versionReads(), readsBefore, 'the same kube-system uid: the identity stands');

  // Another cluster at the same address (another kube-system uid), an embedded one.
  api.gitVersion = 'v1.33.0+switchboard';
  api.clusterUid = 'second-cluster';
  api.dropConnections();
  await waitFor('the new cluster read as simulated', () => hub.info.simulated);
  assert.deepEqual(await hub.identify(), {
    gitVersion: 'v1.33.0+switchboard',
    simulated: true,
  });
  assert.equal(versionReads(), readsBefore + 1, 'read once for the new cluster, not per kind');
});
