'use client';
/**
 * The overview of a map larger than its viewport: every node as a speck in its status colour,
 * the visible part as a frame; pressing or dragging on it moves the view there (zoom unchanged).
 * A pointer convenience only, hidden from assistive technology: the keyboard has arrows between
 * nodes, +/- and 0 (fit), and the outline lists everything.
 *
 * Contract: shown only while the map is much bigger than the view (lib/graph/overview.ts: it
 * covers a corner of the graph, so not for a map that nearly fits, and never in the focus view;
 * the first view starts clear of it, lib/graph/fit.ts); the specks are painted
 * when the drawing changes (not per pan frame), when the page is idle (a change's own frame comes
 * first), and at most once per `REPAINT_MS` while changes stream in (the latest drawing then:
 * at 51k nodes a paint is ~5 ms, and twenty changes a second would spend a tenth of the thread
 * on a 120-pixel overview), as one image: each node sets the pixels of its box, the last drawn
 * wins where they share one — at 10k nodes that is a few milliseconds where a rectangle per
 * node took ~60. The frame follows the transform without a React render (view-transform.ts).
 */
import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { DrawGraph } from '@/lib/graph/draw-types';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from '@/lib/graph/layout';
import {
  OVERVIEW_MARGIN_PX,
  overviewBounds,
  overviewShown,
  type OverviewBounds,
} from '@/lib/graph/overview';
import type { ViewTransform } from '@/lib/graph/zoom-behavior';
import { useStoreSelector } from '@/lib/store/use-store-selector';
import { nodeColor, resolveColors } from './graph-style';
import { useFollowTransform, type TransformStore } from './view-transform';

/** The least time between two paints of the specks. */
const REPAINT_MS = 1000;

export interface MinimapProps {
  graph: DrawGraph;
  layout: Layout;
  transform: TransformStore;
  view: { width: number; height: number };
  themeKey: string;
  /** Centre the view on this point (layout units). */
  onNavigate: (point: { x: number; y: number }) => void;
  /** Not shown (the focus view: it would cover the chain). */
  hidden?: boolean;
}

/** A CSS colour as RGBA bytes, as the canvas parses it ('#888' for what it cannot parse). */
function rgba(ctx: CanvasRenderingContext2D, value: string): number {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = '#888';
  ctx.fillStyle = value;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
  // Little-endian RGBA as one Uint32 (every browser this page runs in is little-endian).
  return ((a! << 24) | (b! << 16) | (g! << 8) | r!) >>> 0;
}

function paintSpecks(
  canvas: HTMLCanvasElement,
  graph: DrawGraph,
  layout: Layout,
  b: OverviewBounds,
  themeKey: string,
) {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  const { width, height } = canvas;
  const css = resolveColors(themeKey);
  const colors = new Map<string, number>();
  const color = (name: string) => {
    let value = colors.get(name);
    if (value === undefined) colors.set(name, (value = rgba(ctx, css(name))));
    return value;
  };
  const image = ctx.createImageData(width, height);
  const pixels = new Uint32Array(image.data.buffer);
  const w = Math.max(1, Math.round(NODE_WIDTH * b.scale));
  const h = Math.max(1, Math.round(NODE_HEIGHT * b.scale));
  for (const node of graph.nodes.values()) {
    const p = layout.positions.get(node.id);
    if (!p) continue;
    const value = color(nodeColor(node));
    const x0 = Math.max(0, Math.floor((p.x - b.minX) * b.scale));
    const y0 = Math.max(0, Math.floor((p.y - b.minY) * b.scale));
    const x1 = Math.min(width, x0 + w);
    const y1 = Math.min(height, y0 + h);
    for (let y = y0; y < y1; y++) pixels.fill(value, y * width + x0, y * width + x1);
  }
  ctx.putImageData(image, 0, 0);
}

/** The visible part of the layout, in minimap px, clipped to the minimap. */
function frameBox(t: ViewTransform, b: OverviewBounds, view: { width: number; height: number }) {
  const left = (-t.x / t.k - b.minX) * b.scale;
  const top = (-t.y / t.k - b.minY) * b.scale;
  return {
    left: Math.max(0, left),
    top: Math.max(0, top),
    width: Math.min(b.w, (view.width / t.k) * b.scale),
    height: Math.min(b.h, (view.height / t.k) * b.scale),
  };
}

export function Minimap({
  graph,
  layout,
  transform,
  view,
  themeKey,
  onNavigate,
  hidden = false,
}: MinimapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const bounds = useMemo(() => overviewBounds(layout), [layout]);
  const { w, h } = bounds;
  const shown = useStoreSelector(transform, (t) => !hidden && overviewShown(bounds, t.k, view));
  const frameRef = useRef<HTMLDivElement>(null);
  useFollowTransform(transform, (t) => {
    const style = frameRef.current?.style;
    if (!style) return;
    const box = frameBox(t, bounds, view);
    style.left = `${box.left}px`;
    style.top = `${box.top}px`;
    style.width = `${box.width}px`;
    style.height = `${box.height}px`;
  });

  // What the next paint shows: the latest drawing, whenever the paint comes.
  const latest = useRef({ graph, layout, bounds, themeKey });
  const painting = useRef<{ pending: (() => void) | null; lastAt: number }>({
    pending: null,
    lastAt: Number.NEGATIVE_INFINITY,
  });
  useEffect(() => {
    latest.current = { graph, layout, bounds, themeKey };
    const state = painting.current;
    // Hidden, there is no canvas: the paint comes when it is shown.
    if (!shown || state.pending) return;
    let cancelled = false;
    let cancelIdle = () => {};
    const paint = () => {
      state.pending = null;
      const canvas = canvasRef.current;
      if (cancelled || !canvas) return;
      state.lastAt = performance.now();
      const now = latest.current;
      paintSpecks(canvas, now.graph, now.layout, now.bounds, now.themeKey);
    };
    const whenIdle = () => {
      if (typeof requestIdleCallback === 'function') {
        const idle = requestIdleCallback(paint, { timeout: 1000 });
        cancelIdle = () => cancelIdleCallback(idle);
      } else {
        const timer = setTimeout(paint, 100);
        cancelIdle = () => clearTimeout(timer);
      }
    };
    const wait = state.lastAt + REPAINT_MS - performance.now();
    const timer = wait > 0 ? setTimeout(whenIdle, wait) : (whenIdle(), undefined);
    state.pending = () => {
      cancelled = true;
      clearTimeout(timer);
      cancelIdle();
      state.pending = null;
    };
  }, [graph, layout, bounds, themeKey, shown]);
  // A paint still to come is cancelled with the minimap only: a newer drawing joins it.
  useEffect(() => {
    const state = painting.current;
    return () => state.pending?.();
  }, []);

  if (!shown) return null;

  const s = bounds.scale;
  const navigate = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    onNavigate({
      x: (event.clientX - rect.left) / s + bounds.minX,
      y: (event.clientY - rect.top) / s + bounds.minY,
    });
  };
  return (
    <div
      aria-hidden="true"
      data-testid="minimap"
      className="absolute cursor-pointer overflow-hidden rounded border border-line bg-surface shadow-sm"
      style={{ width: w, height: h, left: OVERVIEW_MARGIN_PX, bottom: OVERVIEW_MARGIN_PX }}
      onPointerDown={(e) => {
        e.stopPropagation();
        e.currentTarget.setPointerCapture(e.pointerId);
        navigate(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) navigate(e);
      }}
    >
      <canvas ref={canvasRef} width={w} height={h} className="block" />
      <div
        ref={frameRef}
        data-testid="minimap-frame"
        className="pointer-events-none absolute border-2 border-accent"
      />
    </div>
  );
}
