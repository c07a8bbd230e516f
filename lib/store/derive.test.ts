/**
 * The derived view the map's pipeline reads, kept by a maintained model fed the records that
 * changed between two maps, against the build from scratch of the same records (deriveView):
 * equal after every batch of seeded random changes, with DNS answers, a viewer's visibility and
 * the kinds the stream says are not read yet changing along the way, and keeping the Service
 * nodes a batch did not touch. A kind the stream has not read is judged from nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterInfo, SyncState } from '../stream/protocol';
import { unreadKinds } from '../topology/judgeable';
import type { DnsResults } from '../topology/diagnosis';
import type { SlimRecord, Visibility } from '../topology/records';
import { Churn } from '../topology/testing/churn';
import { podRecord, serviceRecord } from '../topology/testing/objects';
import { createDerivedCache, deriveView, recordChanges, type DerivedView } from './derive';
import { applyStreamEvents, initialRecordStoreState, type RecordStoreState } from './record-state';

const DNS: DnsResults = { 'db.example.com': { ok: false, error: 'NXDOMAIN' } };
const OTHER_DNS: DnsResults = { 'db.example.com': { ok: true } };
/** Pods and slices of one namespace only: the rest is "not visible", not missing. */
const VISIBILITY: Visibility = {
  Namespace: true,
  Node: true,
  Service: true,
  EndpointSlice: ['ns-a'],
  Endpoints: ['ns-a'],
  Pod: ['ns-a'],
};

/** A sync state in which `unread` have not completed their first list (the rest have). */
function syncState(unread: string[]): SyncState {
  const kinds: SyncState['kinds'] = {};
  for (const kind of ['Namespace', 'Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Event'])
    kinds[kind] = { synced: !unread.includes(kind), count: 0 };
  return { kinds, connection: unread.length ? 'syncing' : 'live' };
}

function info(visibility?: Visibility): ClusterInfo {
  return {
    name: 'test',
    simulated: true,
    readOnly: false,
    ...(visibility
      ? { access: { visibility, namespaces: { visible: 3, total: 3 }, nothing: false } }
      : {}),
  };
}

/** A churn batch applied as the store applies one: a new map, unchanged records kept as they are. */
function applied(
  records: ReadonlyMap<string, SlimRecord>,
  batch: ReturnType<Churn['step']>,
): Map<string, SlimRecord> {
  const next = new Map(records);
  for (const record of batch.upserts) next.set(record.meta.uid, record);
  for (const ref of batch.deletes) next.delete(ref.uid);
  return next;
}

describe('the derived view, maintained change by change', () => {
  for (const seed of [1, 2, 3, 4]) {
    test(`seed ${seed}: equals the build from scratch after each of 120 batches`, () => {
      const churn = new Churn(seed);
      const derive = createDerivedCache();
      let records: ReadonlyMap<string, SlimRecord> = applied(new Map(), churn.seed());
      let state: RecordStoreState = { ...initialRecordStoreState(), records, cluster: info() };
      let dns: DnsResults | undefined = DNS;
      // Service nodes taken as they were from the view before: only a maintained model keeps
      // the answers of Services a batch did not touch (a build from scratch makes every node anew).
      let kept = 0;
      let previous: Set<unknown> = new Set();
      for (let step = 0; step <= 120; step++) {
        if (step > 0) {
          records = applied(records, churn.step());
          state = { ...state, records, recordsVersion: step };
        }
        // Now and then the DNS answers or the viewer's access change instead.
        if (step % 17 === 5) dns = dns === DNS ? OTHER_DNS : DNS;
        if (step % 40 === 20) {
          const visibility = state.cluster?.access ? undefined : VISIBILITY;
          state = { ...state, cluster: info(visibility) };
        }
        // A cluster read again: pods, then slices, not read for a few batches.
        if (step % 30 === 12) state = { ...state, sync: syncState(['Pod', 'EndpointSlice']) };
        if (step % 30 === 15) state = { ...state, sync: syncState(['EndpointSlice']) };
        if (step % 30 === 18) state = { ...state, sync: syncState([]) };
        const visibility = state.cluster?.access?.visibility;
        const actual: DerivedView = derive(state, dns);
        const expected = deriveView(
          records,
          state.recordsVersion,
          dns,
          visibility,
          unreadKinds(state.sync),
        );
        assert.deepStrictEqual(actual, expected, `seed ${seed}, step ${step}`);
        assert.equal(derive(state, dns), actual, 'the same state gives the same view');
        for (const node of actual.topology.services) if (previous.has(node)) kept++;
        previous = new Set(actual.topology.services);
      }
      assert.ok(kept > 0, 'the view is maintained, not built from scratch every batch');
    });
  }

  test('a kind the stream has not read yet is never taken for an empty one', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const records = new Map<string, SlimRecord>([[svc.meta.uid, svc]]);
    const derive = createDerivedCache();
    let state: RecordStoreState = {
      ...initialRecordStoreState(),
      records,
      cluster: info(),
      sync: syncState(['Pod', 'EndpointSlice', 'Endpoints']),
    };
    const reading = derive(state, DNS).diagnoses.get(`svc:${svc.meta.uid}`)!;
    assert.equal(reading.health, 'unknown');
    assert.deepEqual(
      reading.reasons.map((r) => r.code),
      ['not-judged'],
    );
    // Read now, and still no pod: that is a fact.
    state = { ...state, sync: syncState([]) };
    const read = derive(state, DNS).diagnoses.get(`svc:${svc.meta.uid}`)!;
    assert.equal(read.health, 'broken');
    assert.ok(read.reasons.some((r) => r.code === 'selector-matches-no-pods'));
    // A pod arrives, then the pods are read again (a relisted cluster): not judged meanwhile.
    const pod = podRecord('shop', 'web-1', { labels: { app: 'web' } });
    state = {
      ...state,
      records: new Map([...records, [pod.meta.uid, pod]]),
      sync: syncState(['Pod']),
    };
    const relisting = derive(state, DNS).diagnoses.get(`svc:${svc.meta.uid}`)!;
    assert.ok(!relisting.reasons.some((r) => r.code === 'selector-matches-no-pods'));
  });

  test('through the store: its batches say what they changed, and the view still equals the build from scratch', () => {
    for (const seed of [5, 6]) {
      const churn = new Churn(seed);
      const derive = createDerivedCache();
      let state: RecordStoreState = applyStreamEvents(
        { ...initialRecordStoreState(), cluster: info() },
        [{ type: 'upsert', records: [...applied(new Map(), churn.seed()).values()] }],
      );
      let told = 0;
      for (let step = 1; step <= 80; step++) {
        const batch = churn.step();
        const before = state.records;
        state = applyStreamEvents(state, [
          { type: 'upsert', records: [...batch.upserts] },
          { type: 'delete', refs: [...batch.deletes] },
        ]);
        if (state.records === before) continue;
        const delta = state.recordDelta;
        assert.ok(delta && delta.from === before && delta.to === state.records);
        const changes = recordChanges(before, state.records);
        assert.deepStrictEqual(
          new Set(delta.upserts),
          new Set(changes.upserts),
          `seed ${seed}, step ${step}`,
        );
        assert.deepStrictEqual(
          new Set(delta.deletes.map((d) => d.uid)),
          new Set(changes.deletes.map((d) => d.uid)),
        );
        told++;
        const actual = derive(state, DNS);
        assert.deepStrictEqual(
          actual,
          deriveView(state.records, state.recordsVersion, DNS),
          `seed ${seed}, step ${step}`,
        );
      }
      assert.ok(told > 40, `batches said what they changed (${told})`);
    }
  });

  test('indexed() is made once per records, and the next build from scratch uses it', () => {
    const churn = new Churn(5);
    const derive = createDerivedCache();
    const records = applied(new Map(), churn.seed());
    const state: RecordStoreState = {
      ...initialRecordStoreState(),
      records,
      cluster: info(VISIBILITY),
      sync: syncState(['Pod']),
    };
    const made = derive.indexed(state);
    assert.equal(derive.indexed({ ...state }), made, 'the same records: the same index');
    assert.equal(made.snapshot.visibility, VISIBILITY, "the viewer's visibility");
    assert.deepEqual(made.snapshot.unread, unreadKinds(state.sync!), 'the kinds not read yet');
    const view = derive(state, DNS);
    assert.equal(view.snapshot, made.snapshot, 'the build used it');
    assert.deepStrictEqual(view, deriveView(records, 0, DNS, VISIBILITY, unreadKinds(state.sync!)));
    assert.notEqual(derive.indexed(state), made, 'spent by the build: made anew');
    const other = derive.indexed({ ...state, sync: syncState([]) });
    const seen = derive(state, OTHER_DNS);
    assert.notEqual(seen.snapshot, other.snapshot, 'made for other unread kinds: not used');
  });

  test('prepare() makes the model from the last records derived, before the next batch', () => {
    const churn = new Churn(9);
    const derive = createDerivedCache();
    let records: ReadonlyMap<string, SlimRecord> = applied(new Map(), churn.seed());
    let state: RecordStoreState = { ...initialRecordStoreState(), records, cluster: info() };
    assert.equal(derive.prepared(), true, 'nothing derived yet: nothing to make');
    derive(state, DNS);
    assert.equal(derive.prepared(), false, 'the first records are built from scratch');
    // In slices: one answer per call, as idle time allows.
    let slices = 0;
    for (;;) {
      let budget = 1;
      slices++;
      if (derive.prepare(() => budget-- > 0)) break;
      assert.equal(derive.prepared(), false, 'not prepared before its last slice');
    }
    assert.ok(slices > 2, `made over several slices (${slices})`);
    assert.equal(derive.prepared(), true);
    assert.equal(
      derive.prepare(() => false),
      true,
      'nothing left to make',
    );
    for (let step = 1; step <= 10; step++) {
      records = applied(records, churn.step());
      state = { ...state, records, recordsVersion: step };
      assert.deepStrictEqual(derive(state, DNS), deriveView(records, step, DNS), `step ${step}`);
    }
  });

  test("once prepared, the view is the model's: the next batch keeps every untouched Service's objects", () => {
    const churn = new Churn(12);
    const derive = createDerivedCache();
    let records: ReadonlyMap<string, SlimRecord> = applied(new Map(), churn.seed());
    const state: RecordStoreState = { ...initialRecordStoreState(), records, cluster: info() };
    const scratch = derive(state, DNS);
    while (!derive.prepare(() => true));
    const prepared = derive(state, DNS);
    assert.notEqual(prepared, scratch, 'made again through the model');
    assert.deepStrictEqual(prepared, scratch, 'with the same values');
    records = applied(records, {
      upserts: [serviceRecord('default', 'added')],
      deletes: [],
      what: 'add service',
    });
    const next = derive({ ...state, records, recordsVersion: 1 }, DNS);
    const kept = next.topology.services.filter((s) => prepared.topology.services.includes(s));
    assert.equal(kept.length, prepared.topology.services.length, 'every Service node kept');
  });

  test('the changes between two maps are the records whose object changed, and the uids gone', () => {
    const churn = new Churn(7);
    const before = applied(new Map(), churn.seed());
    const batch = churn.step();
    const after = applied(before, batch);
    const changes = recordChanges(before, after);
    const changedUids = new Set(
      [...after].filter(([uid, r]) => before.get(uid) !== r).map(([uid]) => uid),
    );
    assert.deepEqual(new Set(changes.upserts.map((r) => r.meta.uid)), changedUids);
    assert.deepEqual(
      new Set(changes.deletes.map((d) => d.uid)),
      new Set([...before.keys()].filter((uid) => !after.has(uid))),
    );
    assert.deepEqual(recordChanges(after, after), { upserts: [], deletes: [] });
  });
});
