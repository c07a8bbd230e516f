/**
 * How a pipeline update crosses from the worker to the page: as it is, or, when its drawing
 * carries many nodes and edges (a big first picture, the rest of one, a filter that opens most of
 * the map), with those and the outline patch as one JSON text.
 *
 * Why: a structured clone of tens of thousands of small objects is slow to decode; V8 parses the
 * same data from JSON text faster (80k nodes and 68k edges in Node, whose serializer is the one
 * postMessage uses: deserialize 630–1,130 ms against JSON.parse 330–650 ms), and a string
 * crosses as one copy. In Chromium, the page's task for the rest of a 51k-node first picture
 * went from 485 and 540 ms to 385 and 430 ms (bench/README.md). Only plain data goes into the text (nodes, edges and the outline patch hold strings,
 * numbers, booleans, arrays and plain objects: lib/graph/drawn-node.ts); the positions stay a
 * transferred Float64Array. A key whose value is undefined is absent after the crossing, which
 * every reader treats alike (lib/worker/drawing-diff.ts `sameValue`).
 *
 * Contract: `unpack(pack(update))` is `update` up to undefined-valued keys; `pack` returns small
 * updates as they are; neither changes its argument.
 */
import type { DrawingDiff } from './drawing-diff';
import type { PipelineUpdate } from './pipeline';

/** Nodes and edges from which a drawing crosses as JSON text. */
export const PACK_FROM = 2000;

/** An update whose drawing's nodes, edges and outline patch are in `packed`. */
export interface PackedUpdate {
  packed: string;
  update: PipelineUpdate;
}

export type WorkerMessage = PipelineUpdate | PackedUpdate;

type Packed = Pick<DrawingDiff, 'nodes' | 'edges' | 'outline'>;

export function pack(update: PipelineUpdate): WorkerMessage {
  const drawing = update.drawing;
  if (!drawing || drawing.nodes.length + drawing.edges.length < PACK_FROM) return update;
  const { nodes, edges, outline, ...rest } = drawing;
  const packed: Packed = { nodes, edges, outline };
  return {
    packed: JSON.stringify(packed),
    update: { ...update, drawing: { ...rest, nodes: [], edges: [] } },
  };
}

export function unpack(message: WorkerMessage): PipelineUpdate {
  if (!('packed' in message)) return message;
  const { nodes, edges, outline } = JSON.parse(message.packed) as Packed;
  const drawing = { ...message.update.drawing!, nodes, edges };
  if (outline !== undefined) drawing.outline = outline;
  return { ...message.update, drawing };
}
