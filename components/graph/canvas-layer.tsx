'use client';
/**
 * The Canvas2D renderer for big views: draws only what is inside the viewport, batches edges
 * per style (one path per colour/dash), and drops detail when zoomed out (labels below
 * k = 0.45, glyphs and curves below k = 0.2). Painting happens at most once per animation
 * frame. Hit-testing (clicks) goes through the quadtree in lib/graph/hit-test.ts.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from '@/lib/graph/layout';
import type { ViewTransform } from '@/lib/graph/zoom-behavior';
import type { DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { SUBLABEL_MAX_CHARS, fitLabel, nodeLabel, titleFit } from '@/lib/graph/describe';
import { edgeEnds } from '@/lib/graph/edge-geometry';
import {
  edgeStyle,
  nodeColor,
  nodeDash,
  nodeGlyph,
  nodeInset,
  nodeRadius,
  resolveColors,
} from './graph-style';

export interface CanvasLayerProps {
  graph: DrawGraph;
  layout: Layout;
  transform: ViewTransform;
  width: number;
  height: number;
  highlight: Set<string> | null;
  focusedId: string | null;
  /** Changes when the theme changes, so colours are re-read. */
  themeKey: string;
  /** Stale data: no health glyphs. */
  hideMarks?: boolean;
}

export function CanvasLayer(props: CanvasLayerProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frame = useRef<number | null>(null);
  const latest = useRef(props);
  const latestScene = useRef<Scene | null>(null);
  // Colours depend on the theme only; reading CSS per frame would be wasteful.
  const { themeKey } = props;
  const colors = useMemo(
    () => (typeof document === 'undefined' ? () => '#888' : resolveColors(themeKey)),
    [themeKey],
  );

  const { graph, layout, highlight } = props;
  const [sceneOf] = useState(sceneBuilder);
  const scene = useMemo(
    () => sceneOf(graph, layout, highlight),
    [sceneOf, graph, layout, highlight],
  );

  useEffect(() => {
    latest.current = props;
    latestScene.current = scene;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const canvas = canvasRef.current;
      if (canvas && latestScene.current) paint(canvas, latest.current, latestScene.current, colors);
    });
  });
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <canvas
      ref={canvasRef}
      data-renderer="canvas"
      width={Math.max(1, Math.round(props.width * dpr))}
      height={Math.max(1, Math.round(props.height * dpr))}
      style={{ width: props.width, height: props.height, position: 'absolute', inset: 0 }}
      aria-hidden="true"
    />
  );
}

/**
 * Geometry prepared once per layout/highlight change, so a pan frame only walks what is visible:
 * nodes sorted by y (binary search for the window), edges grouped by style and sorted by their
 * top y. Per frame there is no string building and no Map lookup. Built in flat typed arrays with
 * one numeric sort each (no object per node or edge): at 10k nodes a rebuild after an update is
 * a few milliseconds, not a long task.
 */
interface EdgeBatch {
  color: string;
  dash: string;
  width: number;
  dim: boolean;
  /** [ax, ay, bx, by] per edge, sorted by min(ay, by). */
  segs: Float64Array;
  /** 1 where the edge is an elbow (lib/graph/edge-geometry.ts), else 0; parallel to tops. */
  elbows: Uint8Array;
  tops: Float64Array;
  /** Largest vertical extent of an edge in this batch. */
  span: number;
}

interface Scene {
  /** Sorted by y; `nodeXs`/`nodeYs` parallel. */
  nodes: DrawNode[];
  nodeXs: Float64Array;
  nodeYs: Float64Array;
  batches: EdgeBatch[];
  /** What it was built from, to reuse what a restyle leaves alone. */
  layout: Layout;
  edges: DrawGraph['edges'];
  highlight: Set<string> | null;
}

/** 2^18: the packed sort below holds an index below this in the low bits of an integer key. */
const PACK = 262_144;

/**
 * The order that sorts `keys` ascending (stable). Integer keys — layout rows are whole pixels —
 * are packed with their index into one double and sorted natively, with no comparator call per
 * pair; anything else falls back to a comparator.
 */
function sortedOrder(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  if (n < PACK && keys.every((k) => Number.isInteger(k) && Math.abs(k) < 2 ** 33)) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i]! * PACK + i;
    packed.sort();
    for (let i = 0; i < n; i++) {
      const v = packed[i]!;
      order[i] = v - Math.floor(v / PACK) * PACK;
    }
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/** An edge's style depends on its kind, condition and label only: one object per combination. */
const styles = new Map<string, ReturnType<typeof edgeStyle>>();
function styleOf(edge: DrawGraph['edges'][number]) {
  const key = `${edge.kind}|${edge.condition ?? ''}|${edge.label ?? ''}`;
  let style = styles.get(key);
  if (!style) styles.set(key, (style = edgeStyle(edge)));
  return style;
}

/**
 * The same layout object means the same positions (the mirror makes a new layout whenever one
 * moves), so the same drawn nodes in the same order: a restyle (a readiness flip) only swaps the
 * node objects, and the edge batches stay when the edges and the highlight did too.
 */
function restyled(graph: DrawGraph, previous: Scene): DrawNode[] | null {
  if (previous.nodes.length !== graph.nodes.size) return null;
  const nodes = new Array<DrawNode>(previous.nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = graph.nodes.get(previous.nodes[i]!.id);
    if (!node) return null;
    nodes[i] = node;
  }
  return nodes;
}

/** One per canvas: builds each scene from the one before it (see `restyled`). */
function sceneBuilder() {
  let last: Scene | null = null;
  return (graph: DrawGraph, layout: Layout, highlight: Set<string> | null): Scene =>
    (last = prepareScene(graph, layout, highlight, last));
}

function prepareScene(
  graph: DrawGraph,
  layout: Layout,
  highlight: Set<string> | null,
  previous: Scene | null,
): Scene {
  const same = previous?.layout === layout ? previous : null;
  const kept = same && restyled(graph, same);
  if (same && kept) {
    const batches =
      same.edges === graph.edges && same.highlight === highlight
        ? same.batches
        : edgeBatches(graph, layout, highlight);
    return { ...same, nodes: kept, batches, edges: graph.edges, highlight };
  }
  const drawn: DrawNode[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const node of graph.nodes.values()) {
    const p = layout.positions.get(node.id);
    if (!p) continue;
    drawn.push(node);
    xs.push(p.x);
    ys.push(p.y);
  }
  const nodeOrder = sortedOrder(Float64Array.from(ys));
  const nodes = new Array<DrawNode>(drawn.length);
  const nodeXs = new Float64Array(drawn.length);
  const nodeYs = new Float64Array(drawn.length);
  nodeOrder.forEach((from, to) => {
    nodes[to] = drawn[from]!;
    nodeXs[to] = xs[from]!;
    nodeYs[to] = ys[from]!;
  });

  const batches = edgeBatches(graph, layout, highlight);
  return { nodes, nodeXs, nodeYs, batches, layout, edges: graph.edges, highlight };
}

function edgeBatches(graph: DrawGraph, layout: Layout, highlight: Set<string> | null): EdgeBatch[] {
  // Per style: the edges' ends, five numbers each (ax, ay, bx, by, elbow), in graph order.
  const groups = new Map<ReturnType<typeof edgeStyle>, { dim: number[]; lit: number[] }>();
  for (const edge of graph.edges) {
    const a = layout.positions.get(edge.source);
    const b = layout.positions.get(edge.target);
    if (!a || !b) continue;
    const style = styleOf(edge);
    let group = groups.get(style);
    if (!group) groups.set(style, (group = { dim: [], lit: [] }));
    const list = highlight !== null && !highlight.has(edge.id) ? group.dim : group.lit;
    const e = edgeEnds(a, b);
    list.push(e.ax, e.ay, e.bx, e.by, e.elbow ? 1 : 0);
  }
  // Dimmed edges first, so the highlighted ones are drawn over them.
  const batches: EdgeBatch[] = [];
  for (const dim of [true, false])
    for (const [style, group] of groups) {
      const flat = dim ? group.dim : group.lit;
      const count = flat.length / 5;
      if (count === 0) continue;
      const unsortedTops = new Float64Array(count);
      for (let i = 0; i < count; i++)
        unsortedTops[i] = Math.min(flat[i * 5 + 1]!, flat[i * 5 + 3]!);
      const order = sortedOrder(unsortedTops);
      const segs = new Float64Array(count * 4);
      const tops = new Float64Array(count);
      const elbows = new Uint8Array(count);
      let span = 0;
      order.forEach((from, to) => {
        const at = from * 5;
        segs[to * 4] = flat[at]!;
        segs[to * 4 + 1] = flat[at + 1]!;
        segs[to * 4 + 2] = flat[at + 2]!;
        segs[to * 4 + 3] = flat[at + 3]!;
        elbows[to] = flat[at + 4]!;
        tops[to] = unsortedTops[from]!;
        span = Math.max(span, Math.abs(flat[at + 1]! - flat[at + 3]!));
      });
      batches.push({
        color: style.color,
        dash: style.dash,
        width: style.width,
        dim,
        segs,
        elbows,
        tops,
        span,
      });
    }
  return batches;
}

function lowerBound(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dashArray(dash: string): number[] {
  return dash ? dash.split(' ').map(Number) : [];
}

function paint(
  canvas: HTMLCanvasElement,
  props: CanvasLayerProps,
  scene: Scene,
  color: (n: string) => string,
) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  const { transform: t, layout, highlight, width, height } = props;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);

  // Visible window in layout units (with a margin so edges entering the view are drawn).
  const x0 = -t.x / t.k - NODE_WIDTH;
  const y0 = -t.y / t.k - NODE_HEIGHT * 4;
  const x1 = (width - t.x) / t.k + NODE_WIDTH;
  const y1 = (height - t.y) / t.k + NODE_HEIGHT * 4;
  const detail = t.k >= 0.2;
  const labels = t.k >= 0.45;

  for (const batch of scene.batches) {
    const s = batch.segs;
    const first = lowerBound(batch.tops, y0 - batch.span);
    ctx.beginPath();
    let drawn = 0;
    for (let i = first; i < batch.tops.length && batch.tops[i]! <= y1; i++) {
      const ax = s[i * 4]!;
      const ay = s[i * 4 + 1]!;
      const bx = s[i * 4 + 2]!;
      const by = s[i * 4 + 3]!;
      if (ay < y0 && by < y0) continue;
      ctx.moveTo(ax, ay);
      if (batch.elbows[i]) {
        ctx.lineTo(ax, by);
        ctx.lineTo(bx, by);
      } else if (detail) {
        const mx = (ax + bx) / 2;
        ctx.bezierCurveTo(mx, ay, mx, by, bx, by);
      } else ctx.lineTo(bx, by);
      drawn++;
    }
    if (drawn === 0) continue;
    ctx.strokeStyle = color(batch.color);
    ctx.globalAlpha = batch.dim ? 0.15 : 0.9;
    ctx.lineWidth = batch.width;
    ctx.setLineDash(detail ? dashArray(batch.dash) : []);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);

  // Nodes: only the rows inside the window.
  const surface = color('--sb-surface');
  const text = color('--sb-text');
  const muted = color('--sb-muted');
  ctx.textBaseline = 'middle';
  const startNode = lowerBound(scene.nodeYs, y0);
  for (let i = startNode; i < scene.nodes.length && scene.nodeYs[i]! <= y1; i++) {
    const node = scene.nodes[i]!;
    const slotX = scene.nodeXs[i]!;
    const y = scene.nodeYs[i]!;
    if (slotX < x0 || slotX > x1) continue;
    const inset = nodeInset(node);
    const x = slotX + inset;
    const w = NODE_WIDTH - inset;
    const p = { x, y };
    const c = color(nodeColor(node));
    ctx.globalAlpha = highlight !== null && !highlight.has(node.id) ? 0.22 : 1;
    if (!detail) {
      ctx.fillStyle = c;
      ctx.fillRect(p.x, p.y, w, NODE_HEIGHT);
      continue;
    }
    ctx.fillStyle = surface;
    ctx.strokeStyle = c;
    ctx.lineWidth = node.kind === 'service' ? 2 : 1.5;
    ctx.setLineDash(dashArray(nodeDash(node)));
    ctx.beginPath();
    if (node.kind === 'external') {
      ctx.moveTo(p.x + 10, p.y);
      ctx.lineTo(p.x + NODE_WIDTH, p.y);
      ctx.lineTo(p.x + NODE_WIDTH - 10, p.y + NODE_HEIGHT);
      ctx.lineTo(p.x, p.y + NODE_HEIGHT);
      ctx.closePath();
    } else ctx.roundRect(p.x, p.y, w, NODE_HEIGHT, nodeRadius(node, NODE_HEIGHT));
    ctx.fill();
    ctx.stroke();
    ctx.setLineDash([]);
    if (node.kind === 'service') {
      ctx.fillStyle = c;
      ctx.fillRect(p.x, p.y, 6, NODE_HEIGHT);
    }
    ctx.fillStyle = c;
    ctx.font = '14px system-ui, sans-serif';
    ctx.textAlign = 'center';
    if (!props.hideMarks)
      ctx.fillText(
        nodeGlyph(node),
        p.x + (node.kind === 'service' ? 18 : 14),
        p.y + NODE_HEIGHT / 2,
      );
    if (labels) {
      const [l1, l2] = nodeLabel(node);
      const title = titleFit(node);
      ctx.textAlign = 'left';
      ctx.font = `600 ${title.size}px system-ui, sans-serif`;
      ctx.fillStyle = text;
      ctx.fillText(fitLabel(l1, title.max), p.x + 28, p.y + 9);
      ctx.font = '10px system-ui, sans-serif';
      ctx.fillStyle = muted;
      ctx.fillText(fitLabel(l2, SUBLABEL_MAX_CHARS), p.x + 28, p.y + 22);
    }
  }
  ctx.globalAlpha = 1;
  if (props.focusedId) {
    const p = layout.positions.get(props.focusedId);
    if (p) {
      ctx.strokeStyle = color('--sb-focus');
      ctx.lineWidth = 3 / Math.min(1, t.k);
      ctx.strokeRect(p.x - 5, p.y - 5, NODE_WIDTH + 10, NODE_HEIGHT + 10);
    }
  }
}
