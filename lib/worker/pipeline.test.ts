import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceDetails } from '@/components/service-panel/service-details';
import { buildTopologyWithDiagnoses } from '../topology';
import { serviceRecord } from '../topology/testing/objects';
import { seedScenario } from '../topology/testing/snapshots';
import { syntheticSnapshot } from '../topology/testing/synthetic';
import type { ClusterSnapshot, SlimRecord } from '../topology/records';
import type { SyncState } from '../stream/protocol';
import { applyDrawingDiff, emptyMirror } from './drawing-diff';
import { createPipeline, type PipelineUpdate, type PipelineView } from './pipeline';
import { applyUpdate, initialMirror } from './mirror';
import { applyRows, type RowTable } from './service-mirror';

const snapshot = seedScenario();
const records = (snap: ClusterSnapshot): SlimRecord[] =>
  Object.entries(snap).flatMap(([key, value]) =>
    key === 'visibility' ? [] : (value as SlimRecord[]),
  );
const initial = {
  cluster: { name: 'test', readOnly: false } as never,
  sync: { kinds: {}, connection: 'live' } satisfies SyncState,
  records: records(snapshot),
};
const view: PipelineView = {
  params: { namespaces: [], focus: null, query: '', problemsOnly: false, drawAll: true },
  expanded: [],
  replay: null,
  fitSignal: 0,
};

function start(first = view) {
  const updates: PipelineUpdate[] = [];
  const pipeline = createPipeline(initial, first, (u) => updates.push(u), {
    schedule: () => () => {},
  });
  return { pipeline, updates };
}

test('the first message is the whole picture: status, drawing, rows, problems', () => {
  const { updates } = start();
  assert.equal(updates.length, 1);
  const [first] = updates;
  assert.equal(first!.status?.hasRecords, true);
  assert.deepEqual(first!.status?.namespaces, ['default']);
  const mirror = applyDrawingDiff(emptyMirror(), first!.drawing!);
  assert.ok(mirror.graph.nodes.size > 0);
  assert.equal(mirror.layout.positions.size, mirror.graph.nodes.size);
  const rows = applyRows(new Map(), first!.rows!);
  assert.deepEqual([...rows.values()].map((r) => r.name).sort(), ['external-web', 'ingress-nginx']);
  assert.ok(Array.isArray(first!.problems));
  assert.equal(first!.selected, null, 'nothing selected');
});

test('a batch posts only what changed; a status event posts only the status', () => {
  const { pipeline, updates } = start();
  let mirror = applyDrawingDiff(emptyMirror(), updates[0]!.drawing!);
  let rows: RowTable = applyRows(new Map(), updates[0]!.rows!);

  const added = serviceRecord('default', 'billing', { selector: { app: 'billing' } });
  pipeline.store.push({ type: 'upsert', records: [added] });
  pipeline.store.flush();
  assert.equal(updates.length, 2);
  const u = updates[1]!;
  assert.deepEqual(
    u.rows?.set.map((r) => r.name),
    ['billing'],
  );
  assert.deepEqual(u.rows?.removed, []);
  assert.ok(u.drawing && u.drawing.nodes.some((n) => n.service?.name === 'billing'));
  mirror = applyDrawingDiff(mirror, u.drawing);
  rows = applyRows(rows, u.rows!);
  assert.equal(rows.size, 3);

  pipeline.store.push({ type: 'delete', refs: [{ kind: 'Service', uid: added.meta.uid }] });
  pipeline.store.flush();
  const d = updates[2]!;
  assert.deepEqual(d.rows, { set: [], removed: [`svc:${added.meta.uid}`] });
  mirror = applyDrawingDiff(mirror, d.drawing!);
  assert.ok(![...mirror.graph.nodes.values()].some((n) => n.service?.name === 'billing'));

  pipeline.store.push({ type: 'status', sync: { kinds: {}, connection: 'reconnecting' } });
  pipeline.store.flush();
  const s = updates[3]!;
  assert.deepEqual(Object.keys(s), ['status']);
  assert.equal(updates[0]!.first, true);
  assert.equal(updates[1]!.first, undefined);
});

test('the selection brings the Service slice the panel reads, equal to the whole picture', () => {
  const { pipeline, updates } = start();
  pipeline.setView({ ...view, params: { ...view.params, focus: 'default/ingress-nginx' } });
  const detail = updates.at(-1)!.selected!;
  assert.equal(detail.service.name, 'ingress-nginx');
  assert.equal(updates.at(-1)!.focus, 'default/ingress-nginx', 'says which selection it answers');
  const whole = buildTopologyWithDiagnoses(snapshot).topology;
  const service = whole.services.find((s) => s.name === 'ingress-nginx')!;
  const fromWhole = serviceDetails(service, whole, snapshot);
  const fromSlice = serviceDetails(detail.service, detail.topology, detail.snapshot);
  assert.deepEqual(fromSlice.endpoints, fromWhole.endpoints);
  assert.deepEqual(fromSlice.overlayPods, fromWhole.overlayPods);
  assert.deepEqual(fromSlice.records, fromWhole.records);
  for (const e of fromWhole.endpoints) {
    const podId = e.targetRef?.uid ? `pod:${e.targetRef.uid}` : undefined;
    if (podId) assert.deepEqual(fromSlice.pods.get(podId), fromWhole.pods.get(podId));
    if (podId) assert.deepEqual(fromSlice.podRecords.get(podId), fromWhole.podRecords.get(podId));
  }

  pipeline.setView(view);
  assert.equal(updates.at(-1)!.selected, null, 'deselected');
});

test('at a past instant, problems are first seen at that instant; live again starts anew', () => {
  let instant: string | null = '2026-12-02T03:12:05Z';
  const updates: PipelineUpdate[] = [];
  const pipeline = createPipeline(initial, view, (u) => updates.push(u), {
    schedule: () => () => {},
    isLive: () => instant === null,
    instant: () => instant,
  });
  const broken = serviceRecord('default', 'orphan', { selector: { app: 'nothing' } });
  pipeline.store.replaceRecords([...initial.records, broken]);
  const problems = updates.findLast((u) => u.problems)!.problems!;
  const orphan = problems.find((p) => p.service.name === 'orphan');
  assert.ok(orphan, 'a Service selecting nothing is a problem');
  assert.deepEqual(
    { at: orphan.since.at, basis: orphan.since.basis },
    { at: '2026-12-02T03:12:05Z', basis: 'first-seen' },
  );
  instant = null;
  pipeline.store.replaceRecords([...initial.records, broken, serviceRecord('default', 'b')]);
  const live = updates
    .findLast((u) => u.problems)!
    .problems!.find((p) => p.service.name === 'orphan')!;
  assert.notEqual(
    live.since.at,
    '2026-12-02T03:12:05Z',
    'the past instant is not carried into live',
  );
});

test('an ExternalName broken before the page opened, learnt from its first DNS answer: "first-seen"', () => {
  const gateway = serviceRecord('payments', 'billing-gateway', {
    type: 'ExternalName',
    externalName: 'billing.invalid',
  });
  const updates: PipelineUpdate[] = [];
  const pipeline = createPipeline(
    { ...initial, records: [...initial.records, gateway] },
    view,
    (u) => updates.push(u),
    { schedule: () => () => {} },
  );
  let rows = applyRows(new Map(), updates[0]!.rows!);
  const row = () => [...rows.values()].find((r) => r.name === 'billing-gateway')!;
  assert.deepEqual([row().health, row().healthPending], ['healthy', true]);
  pipeline.store.setDnsResults({ 'billing.invalid': { ok: false, error: 'NXDOMAIN' } });
  pipeline.store.flush();
  const answered = updates.at(-1)!;
  rows = applyRows(rows, answered.rows!);
  assert.deepEqual([row().health, row().healthPending], ['broken', undefined]);
  const entry = answered.problems!.find((p) => p.service.name === 'billing-gateway')!;
  assert.equal(entry.since.basis, 'first-seen');
});

test('once the first picture is out, the pipeline asks for idle time to make the maintained model, once', () => {
  const idle: (() => void)[] = [];
  const updates: PipelineUpdate[] = [];
  const pipeline = createPipeline(initial, view, (u) => updates.push(u), {
    schedule: () => () => {},
    whenIdle: (work) => idle.push(work),
  });
  assert.equal(idle.length, 1, 'asked for once the first picture is posted');
  // In slices of a few milliseconds each: on a slow or busy machine the model takes more than one.
  while (idle.length > 0) idle.shift()!();
  const added = serviceRecord('default', 'billing', { selector: { app: 'billing' } });
  pipeline.store.push({ type: 'upsert', records: [added] });
  pipeline.store.flush();
  assert.equal(idle.length, 0, 'not asked again: the model is made');
  assert.ok(updates[1]?.rows?.set.some((row) => row.name === 'billing'));
  pipeline.close();
});

/** The page's side: every update applied in order, as the mirror does. */
function mirrorOf(updates: readonly PipelineUpdate[]) {
  let drawing = emptyMirror();
  let rest = 0;
  for (const u of updates) {
    if (u.first) drawing = emptyMirror();
    if (u.drawing) drawing = applyDrawingDiff(drawing, u.drawing);
    if (u.drawingRest !== undefined) rest = u.drawingRest;
  }
  return { drawing, rest };
}

const drawingValue = (m: ReturnType<typeof emptyMirror>) => ({
  nodes: [...m.graph.nodes.keys()].sort(),
  edges: m.graph.edges.map((e) => e.id),
  outline: JSON.stringify(m.graph.outline),
  positions: JSON.stringify([...m.layout.positions].sort(([a], [b]) => a.localeCompare(b))),
  size: [m.layout.rows, m.layout.width, m.layout.height, m.graph.totalServices],
});

/** A first picture of every node goes in two: the top, with how many Services are to come, then the rest. */
function startInTwo() {
  const idle: (() => void)[] = [];
  const updates: PipelineUpdate[] = [];
  const prepared: PipelineUpdate[] = [];
  const pipeline = createPipeline(initial, view, (u) => updates.push(u), {
    schedule: () => () => {},
    whenIdle: (work) => idle.push(work),
    prepare: (u) => prepared.push(u),
    firstScreen: { minNodes: 1, rows: 1 },
  });
  return { pipeline, updates, idle, prepared };
}

test('a big first picture goes top first, then the rest in idle time: the same picture', () => {
  const { pipeline, updates, idle, prepared } = startInTwo();
  const whole = start().updates;
  assert.equal(updates.length, 1);
  // The rest is made, and handed to `prepare`, before it waits for idle time.
  assert.equal(prepared.length, 1);
  const top = mirrorOf(updates);
  const all = mirrorOf(whole).drawing;
  assert.ok(
    top.drawing.graph.nodes.size > 0 && top.drawing.graph.nodes.size < all.graph.nodes.size,
  );
  const services = (m: typeof all) =>
    [...m.graph.nodes.values()].filter((n) => n.kind === 'service').length;
  assert.equal(top.rest, services(all) - services(top.drawing), 'the Services still to come');
  assert.deepEqual(top.drawing.layout.rows, all.layout.rows, 'sized as the whole map');
  assert.ok(updates[0]!.rows && updates[0]!.problems, 'rows and problems are whole from the start');
  // The rest was asked for before the model's preparation: it goes first.
  idle.shift()!();
  assert.equal(updates.length, 2);
  assert.equal(updates[1], prepared[0], 'the update prepared is the one posted');
  assert.deepEqual(Object.keys(updates[1]!).sort(), ['drawing', 'drawingRest']);
  const done = mirrorOf(updates);
  assert.equal(done.rest, 0);
  assert.deepEqual(drawingValue(done.drawing), drawingValue(all));
  while (idle.length > 0) idle.shift()!();
  // Later changes diff from the whole picture, as always.
  pipeline.store.push({
    type: 'upsert',
    records: [serviceRecord('default', 'billing', { selector: { app: 'billing' } })],
  });
  pipeline.store.flush();
  const after = mirrorOf(updates).drawing;
  assert.ok([...after.graph.nodes.values()].some((n) => n.service?.name === 'billing'));
  assert.equal(after.graph.nodes.size, all.graph.nodes.size + 1);
  pipeline.close();
});

test('a change before the rest is posted brings the rest with it; the idle work then posts nothing', () => {
  const { pipeline, updates, idle, prepared } = startInTwo();
  const added = serviceRecord('default', 'billing', { selector: { app: 'billing' } });
  pipeline.store.push({ type: 'upsert', records: [added] });
  pipeline.store.flush();
  assert.equal(updates.length, 2);
  assert.equal(updates[1]!.drawingRest, 0);
  const both = mirrorOf(updates);
  // The page ends with what a pipeline started on the same records shows.
  const expected: PipelineUpdate[] = [];
  createPipeline({ ...initial, records: [...initial.records, added] }, view, (u) =>
    expected.push(u),
  ).close();
  assert.deepEqual(drawingValue(both.drawing), drawingValue(mirrorOf(expected).drawing));
  while (idle.length > 0) idle.shift()!();
  assert.equal(updates.filter((u) => u.drawing).length, 2, 'the rest is not posted twice');
  assert.equal(prepared.length, 1);
  assert.ok(!updates.includes(prepared[0]!), 'the rest prepared ahead is dropped, not posted');
  pipeline.close();
});

test('work that waits for the maintained model runs once it is made, and at once after', () => {
  const idle: (() => void)[] = [];
  const pipeline = createPipeline(initial, view, () => {}, {
    schedule: () => () => {},
    whenIdle: (work) => idle.push(work),
  });
  const ran: string[] = [];
  pipeline.whenPrepared(() => ran.push('dns answer'));
  assert.equal(ran.length, 0, 'the model is still to be made');
  while (idle.length > 0) idle.shift()!();
  assert.deepEqual(ran, ['dns answer']);
  pipeline.whenPrepared(() => ran.push('next answer'));
  assert.deepEqual(ran, ['dns answer', 'next answer'], 'made: at once');
  pipeline.close();
  // Closed before the model is made: what waited never runs.
  const closing = createPipeline(initial, view, () => {}, {
    schedule: () => () => {},
    whenIdle: (work) => idle.push(work),
  });
  closing.whenPrepared(() => ran.push('after close'));
  closing.close();
  while (idle.length > 0) idle.shift()!();
  assert.deepEqual(ran, ['dns answer', 'next answer']);
});

/** A cluster of ~250 Services: enough that the top is drawn before the map (early-top.ts). */
const big = (() => {
  const snap = syntheticSnapshot({ pods: 3000 });
  return { ...initial, records: records(snap) };
})();

function startEarly(drawWhole?: (work: () => void) => void) {
  const idle: (() => void)[] = [];
  const updates: PipelineUpdate[] = [];
  const pipeline = createPipeline(big, view, (u) => updates.push(u), {
    schedule: () => () => {},
    whenIdle: (work) => idle.push(work),
    firstScreen: { minNodes: 4000, rows: 200 },
    ...(drawWhole ? { drawWhole } : {}),
  });
  return { pipeline, updates, idle };
}

test('a big map: its top is drawn before the map, problems not known yet; the rest after the paint', () => {
  const { pipeline, updates, idle } = startEarly();
  const whole: PipelineUpdate[] = [];
  createPipeline(big, view, (u) => whole.push(u)).close();
  const all = mirrorOf(whole).drawing;
  assert.equal(updates.length, 1, 'the whole map waits for the top to be painted');
  const [top] = updates;
  assert.equal(top!.first, true);
  assert.equal(top!.problems, null, 'not "no problems": not known yet');
  assert.equal(top!.selected, undefined, 'no answer for a selection yet');
  const shown = mirrorOf(updates);
  assert.ok(
    shown.drawing.graph.nodes.size > 0 && shown.drawing.graph.nodes.size < all.graph.nodes.size / 4,
  );
  const services = [...shown.drawing.graph.nodes.values()].filter((n) => n.kind === 'service');
  assert.equal(shown.rest, all.graph.matchedServices - services.length);
  assert.equal(
    shown.drawing.graph.matchedServices,
    all.graph.matchedServices,
    'counted as the whole',
  );
  // The top is the whole map's top: the same nodes, where the whole layout puts them.
  for (const [id, position] of shown.drawing.layout.positions) {
    assert.deepEqual(shown.drawing.graph.nodes.get(id), all.graph.nodes.get(id), id);
    assert.deepEqual(position, all.layout.positions.get(id), id);
  }
  // Its Services' rows, so a click on one opens it.
  const rows = applyRows(new Map(), top!.rows!);
  for (const s of services) assert.ok(rows.has(s.service!.id), s.id);
  while (idle.length > 0) idle.shift()!();
  assert.ok(updates.length >= 2);
  const rest = updates[1]!;
  assert.equal(rest.drawingRest, 0);
  assert.ok(Array.isArray(rest.problems), 'the problems come with the rest');
  assert.equal(rest.selected, null);
  assert.ok(rest.drawing?.edgesAllNew, 'the rest made without comparing with the top');
  const done = mirrorOf(updates);
  assert.equal(done.rest, 0);
  assert.deepEqual(drawingValue(done.drawing), drawingValue(all));
  assert.deepEqual(
    [...applyRows(rows, rest.rows!).keys()].sort(),
    [...applyRows(new Map(), whole[0]!.rows!).keys()].sort(),
  );
  pipeline.close();
});

test("a big map drawn on the page's own thread: the whole map waits until the top is painted", () => {
  const later: (() => void)[] = [];
  const { pipeline, updates, idle } = startEarly((work) => later.push(work));
  assert.equal(updates.length, 1);
  assert.equal(later.length, 1, 'not derived yet');
  while (idle.length > 0) idle.shift()!();
  assert.equal(updates.length, 1);
  later.shift()!();
  assert.equal(updates[1]!.drawingRest, 0);
  assert.ok(Array.isArray(updates[1]!.problems));
  pipeline.close();
});

test("a big map whose view needs every Service's health (only problems) is not drawn top first apart", () => {
  const idle: (() => void)[] = [];
  const updates: PipelineUpdate[] = [];
  const problemsOnly = { ...view, params: { ...view.params, problemsOnly: true } };
  createPipeline(big, problemsOnly, (u) => updates.push(u), {
    schedule: () => () => {},
    whenIdle: (work) => idle.push(work),
    firstScreen: { minNodes: 4000, rows: 200 },
  }).close();
  assert.ok(Array.isArray(updates[0]!.problems), 'the first message is diagnosed whole');
});

test('a big map drawn top first again after a view that showed nothing: the page ends whole', () => {
  const idle: (() => void)[] = [];
  const updates: PipelineUpdate[] = [];
  const nothing = { ...view, params: { ...view.params, namespaces: ['no-such-namespace'] } };
  const pipeline = createPipeline(big, nothing, (u) => updates.push(u), {
    schedule: () => () => {},
    whenIdle: (work) => idle.push(work),
    firstScreen: { minNodes: 4000, rows: 200 },
  });
  while (idle.length > 0) idle.shift()!();
  const shown = updates.length;
  pipeline.setView(view);
  assert.equal(updates[shown]!.first, undefined, 'not the first message: the page keeps the rest');
  assert.equal(updates[shown]!.problems, null);
  while (idle.length > 0) idle.shift()!();
  let page = initialMirror(big.sync as never);
  for (const u of updates) page = applyUpdate(page, u);
  const fresh: PipelineUpdate[] = [];
  createPipeline(big, view, (u) => fresh.push(u)).close();
  let whole = initialMirror(big.sync as never);
  for (const u of fresh) whole = applyUpdate(whole, u);
  assert.equal(page.drawingRest, 0);
  assert.deepEqual(drawingValue(page.drawing), drawingValue(whole.drawing));
  assert.deepEqual(page.rows, whole.rows);
  assert.deepEqual(
    page.problems?.map((p) => p.service.id),
    whole.problems?.map((p) => p.service.id),
  );
  pipeline.close();
});
