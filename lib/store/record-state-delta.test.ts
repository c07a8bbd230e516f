/**
 * The store's reducer with protocol version 2 `delta` frames: a patch gives exactly the record
 * the whole record would have, one against a version the store does not hold is refused and
 * asks for a fresh snapshot (`resync`), which the next snapshot clears.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamEvent } from '../stream/protocol';
import { diffRecord, jsonEqual } from '../stream/record-patch';
import { controllerEndpoints, controllerSlices } from '../topology/testing/endpoints';
import { podRecord, serviceRecord } from '../topology/testing/objects';
import type { SlimRecord } from '../topology/records';
import { applyStreamEvents, countChanges, initialRecordStoreState } from './record-state';

const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
const pods = Array.from({ length: 4 }, (_, i) =>
  podRecord('shop', `web-${i}`, { labels: { app: 'web' } }),
);
const slice = controllerSlices(svc, pods)[0]!;
const endpoints = controllerEndpoints(svc, pods);
const records: SlimRecord[] = [svc, ...pods, slice, endpoints];

/** Pod 1 turns not ready, and its slice and Endpoints follow, at new versions. */
function flipped(): SlimRecord[] {
  const pod = structuredClone(pods[1]!);
  pod.meta.resourceVersion = '500';
  pod.ready = false;
  pod.readyReason = 'ContainersNotReady';
  pod.containers[0]!.ready = false;
  const s = structuredClone(slice);
  s.meta.resourceVersion = '501';
  s.endpoints[1]!.ready = false;
  s.endpoints[1]!.serving = false;
  const e = structuredClone(endpoints);
  e.meta.resourceVersion = '502';
  const [moved] = e.subsets[0]!.addresses.splice(1, 1);
  e.subsets[0]!.notReadyAddresses.push(moved!);
  return [pod, s, e];
}

function patchesFor(changed: SlimRecord[]) {
  return changed.map((after) => {
    const before = records.find((r) => r.meta.uid === after.meta.uid)!;
    const patch = diffRecord(before, after);
    assert.ok(patch, `a patch for ${after.kind}`);
    return patch;
  });
}

test('applying a delta of patches equals applying the whole records', () => {
  const base = initialRecordStoreState({ records });
  const changed = flipped();
  const gone = pods[3]!;
  const added = podRecord('shop', 'web-new', { labels: { app: 'web' } });
  const delta: StreamEvent = {
    type: 'delta',
    upserts: [added],
    patches: patchesFor(changed),
    deletes: [{ kind: 'Pod', uid: gone.meta.uid }],
  };
  const viaPatch = applyStreamEvents(base, [delta]);
  const viaWhole = applyStreamEvents(base, [
    { type: 'upsert', records: [added, ...changed] },
    { type: 'delete', refs: [{ kind: 'Pod', uid: gone.meta.uid }] },
  ]);
  assert.equal(viaPatch.resync, false);
  assert.equal(viaPatch.records.size, viaWhole.records.size);
  for (const [uid, record] of viaWhole.records) {
    assert.ok(jsonEqual(viaPatch.records.get(uid), record), `${record.kind} ${uid}`);
  }
  assert.equal(viaPatch.recordsVersion, base.recordsVersion + 1);
  assert.equal(countChanges(delta), 5);
  // The frame is small: the whole change of one endpoint's readiness in a few hundred bytes.
  assert.ok(JSON.stringify(delta.patches).length < 600, JSON.stringify(delta.patches));
});

test('a patch against a stale base is detected, not applied, and a snapshot clears it', () => {
  const base = initialRecordStoreState({ records });
  const [podPatch, slicePatch] = patchesFor(flipped());
  // The store missed the slice's previous change: it holds another version.
  const stale = structuredClone(slice);
  stale.meta.resourceVersion = '499';
  const missed = applyStreamEvents(base, [{ type: 'upsert', records: [stale] }]);
  const after = applyStreamEvents(missed, [{ type: 'delta', patches: [podPatch!, slicePatch!] }]);
  assert.equal(after.resync, true, 'the connection must start again from a snapshot');
  assert.equal(after.records.get(slice.meta.uid), stale, 'the stale record is left as it was');
  assert.equal(after.records.get(pods[1]!.meta.uid)?.meta.resourceVersion, '500');
  // A patch for a record the store does not hold at all is stale too.
  const unknown = applyStreamEvents(initialRecordStoreState(), [
    { type: 'delta', patches: [podPatch!] },
  ]);
  assert.equal(unknown.resync, true);
  assert.equal(unknown.records.size, 0);
  const fresh = applyStreamEvents(after, [
    {
      type: 'snapshot',
      cluster: { name: 'c', simulated: true, readOnly: false },
      sync: { kinds: {}, connection: 'live' },
      records,
    },
  ]);
  assert.equal(fresh.resync, false);
  assert.ok(jsonEqual(fresh.records.get(slice.meta.uid), slice));
});

test('a delta that changes nothing keeps the state itself', () => {
  const base = initialRecordStoreState({ records });
  assert.equal(applyStreamEvents(base, [{ type: 'delta', upserts: [svc] }]), base);
});
