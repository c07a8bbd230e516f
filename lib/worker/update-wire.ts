/**
 * How a pipeline update crosses from the worker to the page: as it is, or, when its drawing
 * carries many nodes and edges (a big first picture, the rest of one, a filter that opens most of
 * the map), in a wire form: the nodes as one JSON text in ASCII bytes, the edges and the moved
 * positions' ids as typed arrays of indexes into one table of node ids, the outline patch as the
 * same indexes, every buffer transferred.
 *
 * Why: a structured clone of tens of thousands of small objects is slow to decode; V8 parses the
 * same data from JSON text faster (80k nodes and 68k edges in Node, whose serializer is the one
 * postMessage uses: deserialize 630–1,130 ms against JSON.parse 330–650 ms), and a string
 * crosses as one copy. The edges were 42% of that text and the outline 10%, nearly all of it node
 * ids written again (an edge's id is its source's and its target's, `source->target`): as indexes
 * the worker encodes, and the page parses, about half the text, and the page's edges, outline and
 * position table share the nodes' id strings instead of holding copies (bench/README.md).
 *
 * Why bytes, not a string: postMessage copies a string twice, serialising it on the worker's
 * thread as it posts and again on the page's as it arrives, and a text holding one character
 * past Latin-1 (a near-miss's "≠") is a two-byte string, twice the copying, which JSON.parse also
 * reads more slowly. The text goes as UTF-8 with every character past ASCII written as its
 * `\uXXXX` escape (JSON holds such characters only inside strings, where the escape means the
 * same): the buffer is transferred, not copied, and decodes on the page into a one-byte string
 * (in Chromium, 23 MB: about a quarter of the time from post to parsed, bench/README.md).
 *
 * Only plain data goes into the text (nodes hold strings, numbers, booleans, arrays and plain objects:
 * lib/graph/drawn-node.ts); the positions stay a transferred Float64Array. A key whose value is
 * undefined is absent after the crossing, which every reader treats alike
 * (lib/worker/drawing-diff.ts `sameValue`).
 *
 * Contract: `unpack(pack(update))` is `update` up to undefined-valued keys (an edge whose id is
 * not `source->target` keeps its id); `pack` returns small updates as they are;
 * `wireTransferables(message)` lists the buffers postMessage may transfer (after which `message`
 * is unusable on the sending side); neither changes its argument.
 */
import type { DrawEdge, DrawEdgeKind } from '../graph/draw-types';
import type { DrawCondition } from '../graph/serving';
import type { DrawingDiff, OutlinePatch } from './drawing-diff';
import type { PipelineUpdate } from './pipeline';

/** Nodes and edges from which a drawing crosses in the wire form. */
export const PACK_FROM = 2000;

/** An outline patch with node ids as indexes into the wire's id table. */
type WireOutline = (number | [node: number, children: WireOutline])[];

/**
 * What the JSON text holds. Ids: index i < nodes.length is `nodes[i].id`, then `ids` in order.
 * Looks: the edges' distinct kind, condition and label (null: absent).
 */
interface WireText {
  nodes: DrawingDiff['nodes'];
  ids: string[];
  looks: [DrawEdgeKind, DrawCondition | null, string | null][];
  /** Edges (by index) whose id is not `source->target`, with their id. */
  edgeIds: [number, string][];
  outline?: WireOutline;
}

/** An update whose drawing's nodes, edges and outline patch are in the wire form. */
export interface PackedUpdate {
  /** The JSON text (`WireText`), ASCII only: `asciiJson`. */
  packed: Uint8Array;
  /** Per edge: its source's and its target's index in the id table. */
  edgeEnds: Int32Array;
  /** Per edge: its look's index. */
  edgeLooks: Uint32Array;
  /** The drawing's `movedIds`, as indexes in the id table. */
  movedAt: Int32Array;
  update: PipelineUpdate;
}

export type WorkerMessage = PipelineUpdate | PackedUpdate;

export const edgeId = (source: string, target: string) => `${source}->${target}`;

function idTable(nodes: DrawingDiff['nodes']) {
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!.id, i);
  const ids: string[] = [];
  const of = (id: string): number => {
    let at = index.get(id);
    if (at === undefined) {
      at = nodes.length + ids.push(id) - 1;
      index.set(id, at);
    }
    return at;
  };
  return { ids, of };
}

function encodeEdges(edges: readonly DrawEdge[], of: (id: string) => number) {
  const edgeEnds = new Int32Array(edges.length * 2);
  const edgeLooks = new Uint32Array(edges.length);
  const looks: WireText['looks'] = [];
  // kind → condition ('' for none) → look, for unlabelled edges; labelled ones are rare.
  const lookIndex = new Map<string, Map<string, number>>();
  const edgeIds: WireText['edgeIds'] = [];
  for (let i = 0; i < edges.length; i++) {
    const { id, source, target, kind, condition, label } = edges[i]!;
    edgeEnds[i * 2] = of(source);
    edgeEnds[i * 2 + 1] = of(target);
    if (id !== edgeId(source, target)) edgeIds.push([i, id]);
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

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HEX = '0123456789abcdef';

/** Writes the `\uXXXX` escape of a UTF-16 code unit at `at`; answers where it ends. */
function writeEscape(out: Uint8Array, at: number, unit: number): number {
  out[at] = 0x5c; // the backslash
  out[at + 1] = 0x75; // "u"
  for (let shift = 12, i = 2; i < 6; shift -= 4, i++)
    out[at + i] = HEX.charCodeAt((unit >> shift) & 0xf);
  return at + 6;
}

/**
 * A JSON text as ASCII bytes: its UTF-8 with each character past ASCII as its `\uXXXX` escape
 * (two escapes, a surrogate pair, past U+FFFF). `JSON.parse` of the decoded bytes is
 * `JSON.parse(text)`. The text must be JSON (JSON.stringify's output: no lone surrogates).
 */
export function asciiJson(text: string): Uint8Array {
  const utf8 = encoder.encode(text);
  // As many bytes as UTF-16 units: every character is ASCII.
  if (utf8.length === text.length) return utf8;
  const leads = sequenceLeads(utf8);
  // What the escapes add: a sequence of 2, 3 or 4 bytes becomes 6, 6 or 12.
  let grows = 0;
  for (const at of leads) {
    const size = sequenceSize(utf8[at]!);
    grows += (size === 4 ? 12 : 6) - size;
  }
  const out = new Uint8Array(utf8.length + grows);
  let from = 0;
  let to = 0;
  for (const at of leads) {
    // The ASCII run before this sequence, copied whole.
    out.set(utf8.subarray(from, at), to);
    to += at - from;
    const size = sequenceSize(utf8[at]!);
    let point = utf8[at]! & (size === 4 ? 0x07 : size === 3 ? 0x0f : 0x1f);
    for (let k = 1; k < size; k++) point = (point << 6) | (utf8[at + k]! & 0x3f);
    if (point > 0xffff) {
      point -= 0x10000;
      to = writeEscape(out, to, 0xd800 + (point >> 10));
      to = writeEscape(out, to, 0xdc00 + (point & 0x3ff));
    } else to = writeEscape(out, to, point);
    from = at + size;
  }
  out.set(utf8.subarray(from), to);
  return out;
}

const sequenceSize = (lead: number) => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2);

/** Where UTF-8's multi-byte sequences start (lead bytes, 0xC0 and up), read 4 bytes at a time. */
function sequenceLeads(utf8: Uint8Array): number[] {
  const leads: number[] = [];
  const aligned = utf8.byteOffset % 4 === 0;
  const words = aligned ? new Uint32Array(utf8.buffer, utf8.byteOffset, utf8.length >> 2) : null;
  const scanFrom = words ? words.length * 4 : 0;
  if (words)
    for (let w = 0; w < words.length; w++) {
      if ((words[w]! & 0x80808080) === 0) continue;
      for (let i = w * 4; i < w * 4 + 4; i++) if (utf8[i]! >= 0xc0) leads.push(i);
    }
  for (let i = scanFrom; i < utf8.length; i++) if (utf8[i]! >= 0xc0) leads.push(i);
  return leads;
}

export function pack(update: PipelineUpdate): WorkerMessage {
  const drawing = update.drawing;
  if (!drawing || drawing.nodes.length + drawing.edges.length < PACK_FROM) return update;
  const { nodes, edges, outline, movedIds, ...rest } = drawing;
  const { ids, of } = idTable(nodes);
  const { edgeEnds, edgeLooks, looks, edgeIds } = encodeEdges(edges, of);
  const movedAt = new Int32Array(movedIds.length);
  for (let i = 0; i < movedIds.length; i++) movedAt[i] = of(movedIds[i]!);
  const text: WireText = { nodes, ids, looks, edgeIds };
  if (outline !== undefined) text.outline = encodeOutline(outline, of);
  return {
    packed: asciiJson(JSON.stringify(text)),
    edgeEnds,
    edgeLooks,
    movedAt,
    update: { ...update, drawing: { ...rest, nodes: [], edges: [], movedIds: [] } },
  };
}

/** The buffers of a message that postMessage may transfer rather than copy. */
export function wireTransferables(message: WorkerMessage): ArrayBuffer[] {
  if (!('packed' in message)) return [];
  const { packed, edgeEnds, edgeLooks, movedAt } = message;
  return [packed.buffer, edgeEnds.buffer, edgeLooks.buffer, movedAt.buffer].filter(
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
  const text = JSON.parse(decoder.decode(message.packed)) as WireText;
  const { nodes, ids, looks } = text;
  const idAt = (index: number): string =>
    index < nodes.length ? nodes[index]!.id : ids[index - nodes.length]!;
  const { edgeEnds, edgeLooks } = message;
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
