import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent, SyncState, ClusterInfo } from '../stream/protocol';
import type { PodRecord, ServiceRecord, SlimRecord } from '../topology/records';
import { applyStreamEvents, initialRecordStoreState, type RecordStoreState } from './record-state';
import { createRecordStore, type Scheduler } from './record-store';

const applyStreamEvent = (state: RecordStoreState, event: StreamEvent) =>
  applyStreamEvents(state, [event]);

const cluster: ClusterInfo = {
  name: 'kind',
  simulated: false,
  readOnly: false,
};
const live: SyncState = { kinds: {}, connection: 'live' };

function svc(uid: string, rv = '1', name = uid): ServiceRecord {
  return {
    kind: 'Service',
    meta: { uid, name, namespace: 'default', resourceVersion: rv },
    type: 'ClusterIP',
    ports: [],
  };
}
function pod(uid: string, rv = '1'): PodRecord {
  return {
    kind: 'Pod',
    meta: { uid, name: uid, namespace: 'default', resourceVersion: rv },
    phase: 'Running',
    ready: true,
    scheduled: true,
    containerPorts: [],
    containers: [],
  };
}

/** A scheduler the test drives by hand: `run()` plays the pending frame. */
function manualScheduler(): Scheduler & { run(): void; pending(): number } {
  let callbacks: (() => void)[] = [];
  const schedule = ((cb: () => void) => {
    callbacks.push(cb);
    return () => {
      callbacks = callbacks.filter((c) => c !== cb);
    };
  }) as Scheduler & { run(): void; pending(): number };
  schedule.run = () => {
    const now = callbacks;
    callbacks = [];
    for (const cb of now) cb();
  };
  schedule.pending = () => callbacks.length;
  return schedule;
}

test('a snapshot replaces the whole store', () => {
  const s0 = initialRecordStoreState({ records: [svc('a'), svc('b')] });
  const s1 = applyStreamEvent(s0, {
    type: 'snapshot',
    cluster,
    sync: live,
    records: [svc('c')],
  });
  assert.notEqual(s1, s0);
  assert.deepEqual([...s1.records.keys()], ['c']);
  assert.equal(s1.cluster, cluster);
  assert.equal(s1.recordsVersion, s0.recordsVersion + 1);
  // The old state is untouched (immutability).
  assert.deepEqual([...s0.records.keys()], ['a', 'b']);
});

test('an identical snapshot keeps the records map (uid + resourceVersion equality)', () => {
  const s0 = applyStreamEvent(initialRecordStoreState(), {
    type: 'snapshot',
    cluster,
    sync: live,
    records: [svc('a'), pod('p')],
  });
  const s1 = applyStreamEvent(s0, {
    type: 'snapshot',
    cluster: { ...cluster },
    sync: { ...live },
    records: [svc('a'), pod('p')],
  });
  assert.equal(s1, s0);
});

test('records left to the stream are arriving until its first snapshot, even an empty one', () => {
  const s0 = initialRecordStoreState({ cluster, sync: live, records: [], arriving: 3 });
  assert.equal(s0.arriving, 3);
  // A status or an upsert before the snapshot does not say the records have come.
  const s1 = applyStreamEvents(s0, [
    { type: 'status', sync: { ...live, lastError: 'x' } },
    { type: 'upsert', records: [svc('a')] },
  ]);
  assert.equal(s1.arriving, 3);
  // The snapshot does, whatever it holds: the cluster may have emptied meanwhile.
  const s2 = applyStreamEvent(s1, { type: 'snapshot', cluster, sync: live, records: [] });
  assert.equal(s2.arriving, null);
  assert.notEqual(s2, s1);
  assert.equal(s2.records.size, 0);
  // A page that carried its records has none arriving.
  assert.equal(initialRecordStoreState({ records: [svc('a')] }).arriving, null);
});

test('upsert adds and replaces; an unchanged resourceVersion is a no-op returning the same state', () => {
  const s0 = initialRecordStoreState({ records: [svc('a', '1')] });
  const same = applyStreamEvent(s0, { type: 'upsert', records: [svc('a', '1')] });
  assert.equal(same, s0);
  const s1 = applyStreamEvent(s0, { type: 'upsert', records: [svc('a', '2'), pod('p')] });
  assert.notEqual(s1, s0);
  assert.equal(s1.records.get('a')?.meta.resourceVersion, '2');
  assert.ok(s1.records.has('p'));
  assert.equal(s0.records.get('a')?.meta.resourceVersion, '1');
});

test('delete removes by uid; deleting an unknown uid returns the same state', () => {
  const s0 = initialRecordStoreState({ records: [svc('a'), pod('p')] });
  assert.equal(applyStreamEvent(s0, { type: 'delete', refs: [{ kind: 'Pod', uid: 'zz' }] }), s0);
  const s1 = applyStreamEvent(s0, { type: 'delete', refs: [{ kind: 'Pod', uid: 'p' }] });
  assert.deepEqual([...s1.records.keys()], ['a']);
});

test('status changes sync without touching records or recordsVersion', () => {
  const s0 = initialRecordStoreState({ records: [svc('a')], sync: live });
  const s1 = applyStreamEvent(s0, {
    type: 'status',
    sync: { kinds: {}, connection: 'reconnecting', staleSince: '2026-01-01T00:00:00Z' },
  });
  assert.equal(s1.records, s0.records);
  assert.equal(s1.recordsVersion, s0.recordsVersion);
  assert.equal(s1.sync?.connection, 'reconnecting');
  assert.equal(applyStreamEvent(s1, { type: 'status', sync: { ...s1.sync! } }), s1);
});

test('a batch copies the map once and applies events in order', () => {
  const s0 = initialRecordStoreState();
  const events: StreamEvent[] = [
    { type: 'upsert', records: [svc('a', '1')] },
    { type: 'upsert', records: [svc('a', '2')] },
    { type: 'delete', refs: [{ kind: 'Service', uid: 'a' }] },
    { type: 'upsert', records: [svc('b', '1')] },
  ];
  const s1 = applyStreamEvents(s0, events);
  assert.deepEqual([...s1.records.keys()], ['b']);
  assert.equal(s1.version, 1);
});

test('the store applies queued events once per frame with one notification', () => {
  const schedule = manualScheduler();
  const store = createRecordStore(initialRecordStoreState(), { schedule });
  let notifications = 0;
  store.subscribe(() => notifications++);
  store.push({ type: 'upsert', records: [svc('a')] });
  store.push({ type: 'upsert', records: [svc('b')] });
  store.push({ type: 'upsert', records: [pod('p')] });
  assert.equal(schedule.pending(), 1, 'one frame requested for the whole batch');
  assert.equal(store.getState().records.size, 0, 'nothing applied before the frame');
  schedule.run();
  assert.equal(store.getState().records.size, 3);
  assert.equal(notifications, 1);
  // getSnapshot is stable between changes.
  assert.equal(store.getState(), store.getState());
  store.push({ type: 'upsert', records: [svc('a')] }); // unchanged
  schedule.run();
  assert.equal(notifications, 1, 'a no-op batch does not notify');
});

/** A stream snapshot of these records. */
const snapshotWith = (...records: SlimRecord[]): StreamEvent => ({
  type: 'snapshot',
  cluster,
  sync: { state: 'synced' } as never,
  records,
});

test('the first snapshot into an empty store applies at once; later ones wait for the frame', () => {
  const schedule = manualScheduler();
  const store = createRecordStore(initialRecordStoreState(), { schedule });
  let notifications = 0;
  store.subscribe(() => notifications++);
  store.push({ type: 'status', sync: { state: 'synced' } as never });
  store.push(snapshotWith(svc('a')));
  assert.equal(store.getState().records.size, 1, 'nothing to pace against: applied now');
  assert.equal(notifications, 1, 'the status before it in the same batch');
  assert.equal(schedule.pending(), 0, 'no frame left requested');
  store.push(snapshotWith(svc('b')));
  assert.equal(store.getState().records.get('a')?.meta.uid, 'a', 'a picture on screen: paced');
  schedule.run();
  assert.deepEqual([...store.getState().records.keys()], ['b']);

  const paused = createRecordStore(initialRecordStoreState(), { schedule: manualScheduler() });
  paused.setPaused(true);
  paused.push(snapshotWith(svc('a')));
  assert.equal(paused.getState().records.size, 0, 'a paused store holds it');
});

test('pause buffers changes and counts them; status still applies; resume applies them', () => {
  const schedule = manualScheduler();
  const store = createRecordStore(initialRecordStoreState({ records: [svc('a')] }), { schedule });
  store.setPaused(true);
  store.push({ type: 'upsert', records: [svc('b'), svc('c')] });
  store.push({ type: 'delete', refs: [{ kind: 'Service', uid: 'a' }] });
  store.push({ type: 'status', sync: { kinds: {}, connection: 'reconnecting' } });
  schedule.run();
  const paused = store.getState();
  assert.equal(paused.paused, true);
  assert.equal(paused.pending, 3);
  assert.deepEqual([...paused.records.keys()], ['a'], 'records frozen while paused');
  assert.equal(paused.sync?.connection, 'reconnecting', 'connection state stays live');
  store.setPaused(false);
  const resumed = store.getState();
  assert.equal(resumed.paused, false);
  assert.equal(resumed.pending, 0);
  assert.deepEqual([...resumed.records.keys()].sort(), ['b', 'c']);
});

test('DNS answers: equal answers keep the state, new answers notify once', () => {
  const store = createRecordStore(initialRecordStoreState(), { schedule: manualScheduler() });
  let notifications = 0;
  store.subscribe(() => notifications++);
  store.setDnsResults({ 'db.example.com': { ok: true } });
  const first = store.getState();
  assert.deepEqual(first.dns, { 'db.example.com': { ok: true } });
  store.setDnsResults({ 'db.example.com': { ok: true } });
  assert.equal(store.getState(), first, 'an equal answer is not a change');
  store.setDnsResults(undefined);
  assert.equal(store.getState().dns, undefined);
  assert.equal(store.getState().records, first.records, 'records untouched');
  assert.equal(notifications, 2);
});
