'use client';
/**
 * The Canvas2D renderer for big views: draws only what is inside the viewport, batches edges
 * per style (one path per colour/dash), and drops detail when zoomed out (labels below
 * k = 0.45, glyphs and curves below k = 0.2). Painting happens at most once per animation
 * frame, from the geometry canvas-scene.ts prepares per drawing, after a render and after a pan
 * or zoom (which renders no React: view-transform.ts). Hit-testing (clicks) goes through the
 * quadtree in lib/graph/hit-test.ts.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from '@/lib/graph/layout';
import type { ViewTransform } from '@/lib/graph/zoom-behavior';
import type { DrawGraph } from '@/lib/graph/draw-types';
import { SUBLABEL_MAX_CHARS, fitLabel, nodeLabel, titleFit } from '@/lib/graph/describe';
import { lowerBound, sceneBuilder, type Scene } from './canvas-scene';
import { useFollowTransform, type TransformStore } from './view-transform';
import {
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
  transform: TransformStore;
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
  // Colours depend on the theme only; reading CSS per frame would be wasteful.
  const { themeKey } = props;
  const colors = useMemo(
    () => (typeof document === 'undefined' ? () => '#888' : resolveColors(themeKey)),
    [themeKey],
  );
  const latest = useRef({ props, colors });
  const [sceneOf] = useState(sceneBuilder);

  // The scene is made (patched from the last one) in the frame that paints it, not while React
  // renders: a streaming update's task on the page was ~20 ms longer with it. The pipeline sends
  // its next update only after the page painted this one (components/map/pipeline-connection.ts),
  // so each drawing still gets its scene, and the patch chain holds; if a drawing were skipped,
  // the builder would see it and build the scene whole.
  useLayoutEffect(() => {
    latest.current = { props, colors };
  });
  // After every render and every pan or zoom: at most one paint per frame, of the latest of both.
  useFollowTransform(props.transform, () => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const { props: now, colors: color } = latest.current;
      const scene = sceneOf(now.graph, now.layout, now.highlight);
      const canvas = canvasRef.current;
      if (canvas) paint(canvas, now, now.transform.getState(), scene, color);
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

function dashArray(dash: string): number[] {
  return dash ? dash.split(' ').map(Number) : [];
}

function paint(
  canvas: HTMLCanvasElement,
  props: CanvasLayerProps,
  t: ViewTransform,
  scene: Scene,
  color: (n: string) => string,
) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  const { layout, highlight, width, height } = props;
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
