/**
 * Where an edge runs between two laid-out nodes, for both renderers (SVG path, Canvas strokes):
 * from the right side of its source to the left side of its target as a horizontal S-curve, or,
 * when the target starts left of the source's right side (the focus view's endpoints indented
 * under their Service), as an elbow down from the source's bottom and across to the target.
 * Pure; layout units.
 */
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

export interface EdgeEnds {
  elbow: boolean;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/** How far in from its left side an elbow leaves the source. */
export const ELBOW_INSET = 12;

export function edgeEnds(a: { x: number; y: number }, b: { x: number; y: number }): EdgeEnds {
  if (b.x >= a.x + NODE_WIDTH)
    return {
      elbow: false,
      ax: a.x + NODE_WIDTH,
      ay: a.y + NODE_HEIGHT / 2,
      bx: b.x,
      by: b.y + NODE_HEIGHT / 2,
    };
  return {
    elbow: true,
    ax: a.x + ELBOW_INSET,
    ay: a.y + NODE_HEIGHT,
    bx: b.x,
    by: b.y + NODE_HEIGHT / 2,
  };
}

/** The SVG path: the same S-curve d3's linkHorizontal draws, or the elbow. */
export function edgeSvgPath(e: EdgeEnds): string {
  if (e.elbow) return `M${e.ax},${e.ay}V${e.by}H${e.bx}`;
  const mx = (e.ax + e.bx) / 2;
  return `M${e.ax},${e.ay}C${mx},${e.ay},${mx},${e.by},${e.bx},${e.by}`;
}
