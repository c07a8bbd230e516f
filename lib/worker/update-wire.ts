/**
 * How a pipeline update crosses from the worker to the page: as it is, or, when its drawing
 * carries many nodes and edges (a big first picture, the rest of one, a filter that opens most of
 * the map), in a wire form: the nodes as one JSON text, the edges and the moved positions' ids as
 * typed arrays of indexes into one table of node ids, the outline patch as the same indexes.
 *
 * Why: a structured clone of tens of thousands of small objects is slow to decode; V8 parses the
 * same data from JSON text faster (80k nodes and 68k edges in Node, whose serializer is the one
 * postMessage uses: deserialize 630–1,130 ms against JSON.parse 330–650 ms), and a string
 * crosses as one copy. The edges were 42% of that text and the outline 10%, nearly all of it node
 * ids written again (an edge's id is its source's and its target's, `source->target`): as indexes
 * the worker encodes, and the page parses, about half the text, and the page's edges, outline and
 * position table share the nodes' id strings instead of holding copies (bench/README.md). The
 * nodes' own repeated values (their block, an endpoint's target, ports and targetRef) are
 * references too (lib/worker/wire-nodes.ts). Only plain data goes into the text (nodes hold
 * strings, numbers, booleans, arrays and plain objects: lib/graph/drawn-node.ts); the positions
 * stay a transferred Float64Array. A key whose value is undefined is absent after the crossing,
 * which every reader treats alike (lib/worker/drawing-diff.ts `sameValue`).
 *
 * Every update's nodes cross cut down to what the page draws (`drawnNode`): the pipeline's diffs
 * carry its own node objects, and this is where they leave it.
 *
 * Contract: `unpack(pack(update))` is `update` with each node cut down by `drawnNode`, up to
 * undefined-valued keys (an edge whose id is not `source->target` keeps its id); `pack` returns
 * an update whose nodes need no cut as it is, and small updates otherwise in their own form;
 * `wireTransferables(message)` lists the buffers postMessage may transfer (after which `message`
 * is unusable on the sending side); neither changes its argument.
 */
import type { DrawEdge, DrawEdgeKind } from '../graph/draw-types';
import { drawnNode } from '../graph/drawn-node';
import type { DrawCondition } from '../graph/serving';
import type { DrawingDiff, OutlinePatch } from './drawing-diff';
import type { PipelineUpdate } from './pipeline';
import { decodeNodes, encodeNodes, type IdIndex, type WireNodes } from './wire-nodes';

/** Nodes and edges from which a drawing crosses in the wire form. */
export const PACK_FROM = 2000;

/** An outline patch with node ids as indexes into the wire's id table. */
type WireOutline = (number | [node: number, children: WireOutline])[];

/** The edges' distinct kind, condition and label (null: absent). */
type EdgeLook = [DrawEdgeKind, DrawCondition | null, string | null];

/** What the JSON text holds. Ids: index i < nodes.length is `nodes[i].id`, then `ids` in order. */
interface WireText extends WireNodes {
  ids: string[];
  /** Edges (by index) whose id is not `source->target`, with their id. */
  edgeIds: [number, string][];
  outline?: WireOutline;
}

/** An update whose drawing's nodes, edges and outline patch are in the wire form. */
export interface PackedUpdate {
  packed: string;
  /** Per edge: its source's and its target's index in the id table. */
  edgeEnds: Int32Array;
  /** Per edge: its look's index. */
  edgeLooks: Uint32Array;
  /**
   * Beside the text, not in it: a near miss's label says `≠`, and one character past U+00FF
   * makes V8 hold a whole string at two bytes per character (wire-nodes.ts).
   */
  looks: EdgeLook[];
  /** The drawing's `movedIds`, as indexes in the id table. */
  movedAt: Int32Array;
  update: PipelineUpdate;
}

export type WorkerMessage = PipelineUpdate | PackedUpdate;

export const edgeId = (source: string, target: string) => `${source}->${target}`;

function idTable(nodes: DrawingDiff['nodes']): IdIndex & { ids: string[] } {
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!.id, i);
  const ids: string[] = [];
  return {
    ids,
    of(id) {
      let at = index.get(id);
      if (at === undefined) {
        at = nodes.length + ids.push(id) - 1;
        index.set(id, at);
      }
      return at;
    },
    nodeAt(id) {
      const at = index.get(id);
      return at !== undefined && at < nodes.length ? at : undefined;
    },
    idAt: (at) => (at < nodes.length ? nodes[at]!.id : ids[at - nodes.length]!),
  };
}

/** Whether `id` is `source->target` (compared in place: building it per edge was 74k strings). */
function isEdgeId(id: string, source: string, target: string) {
  return (
    id.length === source.length + 2 + target.length &&
    id.startsWith(source) &&
    id.endsWith(target) &&
    id.charCodeAt(source.length) === 45 /* - */ &&
    id.charCodeAt(source.length + 1) === 62 /* > */
  );
}

function encodeEdges(edges: readonly DrawEdge[], of: (id: string) => number) {
  const edgeEnds = new Int32Array(edges.length * 2);
  const edgeLooks = new Uint32Array(edges.length);
  const looks: EdgeLook[] = [];
  // kind → condition ('' for none) → look, for unlabelled edges; labelled ones are rare.
  const lookIndex = new Map<string, Map<string, number>>();
  const edgeIds: WireText['edgeIds'] = [];
  for (let i = 0; i < edges.length; i++) {
    const { id, source, target, kind, condition, label } = edges[i]!;
    edgeEnds[i * 2] = of(source);
    edgeEnds[i * 2 + 1] = of(target);
    if (!isEdgeId(id, source, target)) edgeIds.push([i, id]);
    let byCondition = lookIndex.get(label === undefined ? kind : `${kind}\n${label}`);
    if (!byCondition) {
      byCondition = new Map();
      lookIndex.set(label === undefined ? kind : `${kind}\n${label}`, byCondition);
    }
    let look = byCondition.get(condition ?? '');
    if (look === undefined) {
      look = looks.push([kind, condition ?? null, label ?? null]) - 1;
      byCondition.set(condition ?? '', look);
    }
    edgeLooks[i] = look;
  }
  return { edgeEnds, edgeLooks, looks, edgeIds };
}

function encodeOutline(patch: OutlinePatch, of: (id: string) => number): WireOutline {
  return patch.map((part) =>
    typeof part === 'string' ? of(part) : [of(part[0]), encodeOutline(part[1], of)],
  );
}

/** The update with its nodes cut down to what the page draws; itself when none needs it. */
function drawnUpdate(update: PipelineUpdate): PipelineUpdate {
  const drawing = update.drawing;
  if (!drawing) return update;
  const nodes = drawing.nodes.map(drawnNode);
  if (nodes.every((node, i) => node === drawing.nodes[i])) return update;
  return { ...update, drawing: { ...drawing, nodes } };
}

export function pack(update: PipelineUpdate): WorkerMessage {
  const drawing = update.drawing;
  if (!drawing || drawing.nodes.length + drawing.edges.length < PACK_FROM)
    return drawnUpdate(update);
  const { nodes, edges, outline, movedIds, ...rest } = drawing;
  const table = idTable(nodes);
  const { of } = table;
  const wireNodes = encodeNodes(nodes, table);
  const { edgeEnds, edgeLooks, looks, edgeIds } = encodeEdges(edges, of);
  const movedAt = new Int32Array(movedIds.length);
  for (let i = 0; i < movedIds.length; i++) movedAt[i] = of(movedIds[i]!);
  const text: WireText = { ...wireNodes, ids: table.ids, edgeIds };
  if (outline !== undefined) text.outline = encodeOutline(outline, of);
  return {
    packed: JSON.stringify(text),
    edgeEnds,
    edgeLooks,
    looks,
    movedAt,
    update: { ...update, drawing: { ...rest, nodes: [], edges: [], movedIds: [] } },
  };
}

/** The buffers of a message that postMessage may transfer rather than copy. */
export function wireTransferables(message: WorkerMessage): ArrayBuffer[] {
  if (!('packed' in message)) return [];
  return [message.edgeEnds.buffer, message.edgeLooks.buffer, message.movedAt.buffer].filter(
    (buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer,
  );
}

function decodeOutline(patch: WireOutline, idAt: (index: number) => string): OutlinePatch {
  return patch.map((part) =>
    typeof part === 'number' ? idAt(part) : [idAt(part[0]), decodeOutline(part[1], idAt)],
  );
}

export function unpack(message: WorkerMessage): PipelineUpdate {
  if (!('packed' in message)) return message;
  const text = JSON.parse(message.packed) as WireText;
  const { ids } = text;
  const count = text.nodes.length;
  const idAt = (index: number): string =>
    index < count ? text.nodes[index]!.id : ids[index - count]!;
  const nodes = decodeNodes(text, { idAt });
  const { edgeEnds, edgeLooks, looks } = message;
  const edges = new Array<DrawEdge>(edgeLooks.length);
  for (let i = 0; i < edges.length; i++) {
    const source = idAt(edgeEnds[i * 2]!);
    const target = idAt(edgeEnds[i * 2 + 1]!);
    const [kind, condition, label] = looks[edgeLooks[i]!]!;
    // One literal per shape, so the edges share V8's few hidden classes.
    edges[i] =
      label !== null
        ? condition !== null
          ? { id: edgeId(source, target), source, target, kind, condition, label }
          : { id: edgeId(source, target), source, target, kind, label }
        : condition !== null
          ? { id: edgeId(source, target), source, target, kind, condition }
          : { id: edgeId(source, target), source, target, kind };
  }
  for (const [index, id] of text.edgeIds) edges[index]!.id = id;
  const { movedAt } = message;
  const movedIds = new Array<string>(movedAt.length);
  for (let i = 0; i < movedAt.length; i++) movedIds[i] = idAt(movedAt[i]!);
  const drawing: DrawingDiff = { ...message.update.drawing!, nodes, edges, movedIds };
  if (text.outline !== undefined) drawing.outline = decodeOutline(text.outline, idAt);
  return { ...message.update, drawing };
}
