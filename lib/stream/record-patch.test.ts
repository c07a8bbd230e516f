import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controllerEndpoints, controllerSlices } from '../topology/testing/endpoints';
import { podRecord, serviceRecord } from '../topology/testing/objects';
import type { SlimRecord } from '../topology/records';
import { applyRecordPatch, diffRecord, jsonEqual, type RecordPatch } from './record-patch';

/** The same object at a new resourceVersion with `change` made to a copy. */
function next<T extends SlimRecord>(record: T, rv: string, change: (copy: T) => void): T {
  const copy = structuredClone(record);
  copy.meta.resourceVersion = rv;
  change(copy);
  return copy;
}

function roundTrip(before: SlimRecord, after: SlimRecord): RecordPatch {
  const patch = diffRecord(before, after);
  assert.ok(patch, 'a patch');
  const applied = applyRecordPatch(before, patch);
  assert.ok(applied, 'it applies');
  assert.ok(jsonEqual(applied, after), 'applying the patch equals the whole new record');
  assert.ok(JSON.stringify(patch).length < JSON.stringify(after).length, 'and is smaller');
  return patch;
}

const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
const pods = Array.from({ length: 6 }, (_, i) =>
  podRecord('shop', `web-${i}`, { labels: { app: 'web' } }),
);

test('a pod readiness flip is its changed fields only', () => {
  const before = pods[0]!;
  const after = next(before, '900', (p) => {
    p.ready = false;
    p.readyReason = 'ContainersNotReady';
    p.containers[0]!.ready = false;
  });
  const patch = roundTrip(before, after);
  assert.deepEqual(patch, {
    u: before.meta.uid,
    b: before.meta.resourceVersion,
    v: '900',
    s: { ready: false, readyReason: 'ContainersNotReady' },
    l: { containers: [{ k: 'main', p: { s: { ready: false } } }] },
  });
  // And back: the reason is removed.
  const back = roundTrip(
    after,
    next(before, '901', () => undefined),
  );
  assert.deepEqual(back.x, ['readyReason']);
});

test('an EndpointSlice endpoint condition flip is one small entry keyed by its address', () => {
  const [before] = controllerSlices(svc, pods);
  assert.ok(before);
  const after = next(before, '901', (s) => {
    s.endpoints[3]!.ready = false;
    s.endpoints[3]!.serving = false;
  });
  const patch = roundTrip(before, after);
  const ops = patch.l?.endpoints;
  assert.equal(ops?.length, 1);
  assert.deepEqual(ops[0], {
    k: before.endpoints[3]!.addresses.join(','),
    p: { s: { ready: false, serving: false } },
  });
  assert.ok(JSON.stringify(patch).length < 200, JSON.stringify(patch));
});

test('an Endpoints address moving to notReadyAddresses is a move, not a copy of the address', () => {
  const before = controllerEndpoints(svc, pods);
  const after = next(before, '902', (e) => {
    const [moved] = e.subsets[0]!.addresses.splice(2, 1);
    e.subsets[0]!.notReadyAddresses.push(moved!);
  });
  const patch = roundTrip(before, after);
  const ops = patch.l?.subsets?.[0]?.p?.l;
  assert.deepEqual(ops, {
    notReadyAddresses: [{ k: before.subsets[0]!.addresses[2]!.ip, f: 'addresses', i: 0 }],
  });
  assert.ok(JSON.stringify(patch).length < 200, JSON.stringify(patch));
});

test('endpoints added and removed, labels changed, a field removed: all round-trip', () => {
  const [before] = controllerSlices(svc, pods.slice(0, 4));
  const [grown] = controllerSlices(svc, [pods[5]!, ...pods.slice(1, 3), pods[4]!]);
  assert.ok(before && grown);
  const after = next(before, '903', (s) => {
    s.endpoints = grown.endpoints;
    s.meta.labels = { ...s.meta.labels, extra: 'yes' };
    delete s.managedBy;
  });
  roundTrip(before, after);
  const pod = pods[1]!;
  roundTrip(
    pod,
    next(pod, '904', (p) => {
      p.meta.labels = { app: 'web', 'bench-seq': 'x-1' };
    }),
  );
});

test('a reordered list or an item without identity still gives the exact record (or none)', () => {
  const [before] = controllerSlices(svc, pods);
  assert.ok(before);
  const reordered = next(before, '905', (s) => s.endpoints.reverse());
  const patch = diffRecord(before, reordered);
  if (patch) assert.ok(jsonEqual(applyRecordPatch(before, patch), reordered));
  const unkeyed = next(before, '906', (s) => {
    s.endpoints[0]!.addresses = [];
    s.endpoints[1]!.ready = false;
  });
  const p2 = diffRecord(before, unkeyed);
  if (p2) assert.ok(jsonEqual(applyRecordPatch(before, p2), unkeyed));
});

test('a patch against another version of the record is refused', () => {
  const before = pods[2]!;
  const after = next(before, '910', (p) => (p.ready = false));
  const patch = roundTrip(before, after);
  assert.equal(applyRecordPatch(after, patch), undefined, 'already at the new version');
  const other = next(before, '909', () => undefined);
  assert.equal(applyRecordPatch(other, patch), undefined, 'at a version in between');
  assert.equal(applyRecordPatch(pods[3]!, { ...patch }), undefined, 'another record');
});

test('no patch when it would not be smaller than the record, or the kinds differ', () => {
  const before = pods[0]!;
  const after = next(before, '911', (p) => {
    p.meta.labels = { completely: 'different', set: 'of', labels: 'here' };
    p.containerPorts = [{ containerPort: 8080, protocol: 'TCP' }];
    p.containers = [{ name: 'other', ready: false, restartCount: 3, state: 'waiting' }];
    p.phase = 'Pending';
    p.ready = false;
    delete p.podIP;
    delete p.podIPs;
    delete p.nodeName;
  });
  const patch = diffRecord(before, after);
  if (patch) assert.ok(JSON.stringify(patch).length < JSON.stringify(after).length);
  assert.equal(diffRecord(before, svc), undefined);
});

test("a Deployment's condition that changes is that condition's changed fields only", () => {
  const progressing = {
    type: 'Progressing',
    status: 'True' as const,
    reason: 'NewReplicaSetAvailable',
    message: 'ReplicaSet "web-6d7c68d555" has successfully progressed.',
  };
  const available = {
    type: 'Available',
    status: 'True' as const,
    reason: 'MinimumReplicasAvailable',
    message: 'Deployment has minimum availability.',
  };
  const before = {
    kind: 'Deployment',
    meta: { uid: 'd', name: 'web', namespace: 'shop', resourceVersion: '1' },
    conditions: [progressing, available],
  } as unknown as SlimRecord;
  const after = next(before, '2', (d) => {
    (d as unknown as { conditions: (typeof available)[] }).conditions[1] = {
      type: 'Available',
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    } as never;
  });
  const patch = roundTrip(before, after);
  assert.deepEqual(Object.keys(patch.l ?? {}), ['conditions']);
  assert.equal(patch.l?.conditions?.length, 1);
  assert.equal(JSON.stringify(patch).includes('successfully progressed'), false);
});
