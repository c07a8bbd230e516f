import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing } from '../graph/drawing';
import { drawnNode } from '../graph/drawn-node';
import {
  drawEverything,
  syntheticCluster,
  syntheticTopology,
} from '../graph/testing/synthetic-topology';
import { applyDrawingDiff, diffDrawing, emptyMirror } from './drawing-diff';
import type { PipelineUpdate } from './pipeline';
import { PACK_FROM, pack, unpack, wireTransferables, type WorkerMessage } from './update-wire';

/** What crosses to the page: a structured clone, as postMessage makes it, buffers transferred. */
const cross = (message: WorkerMessage): WorkerMessage =>
  structuredClone(message, { transfer: wireTransferables(message) });

const big = () => {
  const drawing = createDrawing()(
    drawEverything(syntheticTopology(syntheticCluster(Math.ceil(PACK_FROM / 3), 3))),
  );
  return { drawing, diff: diffDrawing(null, drawing) };
};

test('a big drawing crosses in the wire form and reads back as the same update', () => {
  const { drawing, diff } = big();
  assert.ok(diff.nodes.length + diff.edges.length >= PACK_FROM);
  const update: PipelineUpdate = { drawing: diff, drawingRest: 0, fitSignal: 3 };
  const message = pack(update);
  assert.ok('packed' in message, 'packed');
  assert.equal(message.update.drawing?.nodes.length, 0, 'the clone carries no node objects');
  assert.equal(message.update.drawing?.edges.length, 0);
  assert.equal(update.drawing, diff, 'the update itself is not changed');
  assert.equal(wireTransferables(message).length, 3, 'edges and moved ids cross as buffers');
  assert.ok(
    !message.packed.includes(`"${diff.edges[0]!.source}->`),
    'no edge id is written out: it is its source and target',
  );
  const read = unpack(cross(message));
  // Up to keys whose value is undefined, which JSON leaves out and every reader treats as absent.
  const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const { nodes, edges, outline, ...rest } = read.drawing!;
  assert.deepEqual(
    { nodes, edges, outline },
    plain({ nodes: diff.nodes.map(drawnNode), edges: diff.edges, outline: diff.outline }),
  );
  assert.deepEqual(rest, (({ nodes: _n, edges: _e, outline: _o, ...r }) => r)(diff));
  assert.ok(rest.moved instanceof Float64Array, 'the positions stay a Float64Array');
  assert.deepEqual({ ...read, drawing: undefined }, { ...update, drawing: undefined });
  const mirrored = applyDrawingDiff(emptyMirror(), read.drawing!);
  assert.equal(mirrored.graph.nodes.size, drawing.graph.nodes.size);
  assert.deepEqual(
    JSON.parse(JSON.stringify(mirrored.graph.outline)),
    JSON.parse(JSON.stringify(drawing.graph.outline)),
  );
});

test('small updates cross as structured data, their nodes cut down to what is drawn', () => {
  const status: PipelineUpdate = { drawingRest: 0 };
  assert.equal(pack(status), status, 'no drawing: as it is');
  const small = createDrawing()(drawEverything(syntheticTopology(syntheticCluster(3))));
  const diff = diffDrawing(null, small);
  const update: PipelineUpdate = { drawing: diff, fitSignal: 1 };
  const message = pack(update);
  assert.ok(!('packed' in message));
  assert.equal(update.drawing, diff, 'the update itself is not changed');
  const read = unpack(cross(message));
  assert.deepEqual(read, { ...update, drawing: { ...diff, nodes: diff.nodes.map(drawnNode) } });
  assert.ok(
    diff.nodes.some((node) => node.pod && 'labels' in node.pod),
    'the pipeline holds pods with their labels',
  );
  assert.ok(read.drawing!.nodes.every((node) => !node.pod || !('labels' in node.pod)));
  const groups: PipelineUpdate = {
    drawing: { ...diff, nodes: diff.nodes.filter((n) => !n.pod && !n.service && !n.endpoint) },
  };
  assert.equal(pack(groups), groups, 'nodes without a topology object need no cut: as it is');
});

test('a big diff without an outline patch reads back without one', () => {
  const { diff } = big();
  const { outline: _unused, ...withoutOutline } = diff;
  void _unused;
  const read = unpack(cross(pack({ drawing: withoutOutline })));
  assert.equal('outline' in read.drawing!, false);
  assert.equal(read.drawing!.nodes.length, diff.nodes.length);
});

test('edges keep ids that are not source->target, labels, and ends outside the message', () => {
  const { diff } = big();
  const [first, second, third] = diff.nodes;
  // A later diff: a few nodes, edges to nodes the page already has, an outline patch naming
  // unchanged entries by id.
  const edges = [...diff.edges];
  edges[0] = { ...edges[0]!, id: 'custom-id' };
  edges[1] = { ...edges[1]!, kind: 'near-miss', label: 'app: a ≠ b', condition: undefined };
  edges[2] = { ...edges[2]!, source: 'svc:elsewhere', id: `svc:elsewhere->${edges[2]!.target}` };
  const update: PipelineUpdate = {
    drawing: {
      ...diff,
      nodes: diff.nodes.slice(1),
      edges,
      outline: [first!.id, [second!.id, [third!.id, 'pod:not-in-this-message']]],
    },
  };
  const message = pack(update);
  assert.ok('packed' in message);
  assert.doesNotMatch(message.packed, /[^\u0000-\u00ff]/, "the label's ≠ is not in the text");
  const read = unpack(cross(message));
  const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  assert.deepEqual(read.drawing!.edges, plain(edges));
  assert.equal(read.drawing!.edges[0]!.id, 'custom-id');
  assert.equal(read.drawing!.edges[1]!.label, 'app: a ≠ b');
  assert.equal('condition' in read.drawing!.edges[1]!, false);
  assert.equal(read.drawing!.edges[2]!.source, 'svc:elsewhere');
  assert.deepEqual(read.drawing!.outline, update.drawing!.outline);
  assert.deepEqual(read.drawing!.nodes, plain(update.drawing!.nodes.map(drawnNode)));
});
