/**
 * The overview's (minimap's) geometry: its size for a layout and when it is shown. One place,
 * for the minimap that draws it (components/graph/minimap.tsx) and for the map's first view,
 * which leaves its corner clear (lib/graph/fit.ts). Pure.
 */
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from './layout';

/** The overview's largest width and height, px. */
export const OVERVIEW_MAX_PX = 120;
/** Its distance from the view's left and bottom edges, px. */
export const OVERVIEW_MARGIN_PX = 12;
/** Shown once the map is this many times the view in width or height: it covers a corner. */
const OVERFLOW = 1.5;

export interface OverviewBounds {
  /** The layout's top-left corner and size, layout units. */
  minX: number;
  minY: number;
  width: number;
  height: number;
  /** Overview px per layout unit. */
  scale: number;
  /** The overview's size, px. */
  w: number;
  h: number;
  /** The layout draws nothing: no overview. */
  empty: boolean;
}

export function overviewBounds(layout: Layout): OverviewBounds {
  let minX = 0;
  let minY = 0;
  for (const p of layout.positions.values()) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
  }
  const width = Math.max(layout.width - minX, NODE_WIDTH);
  const height = Math.max(layout.height - minY, NODE_HEIGHT);
  const scale = Math.min(OVERVIEW_MAX_PX / width, OVERVIEW_MAX_PX / height);
  const w = Math.max(24, Math.round(width * scale));
  const h = Math.max(24, Math.round(height * scale));
  return { minX, minY, width, height, scale, w, h, empty: layout.positions.size === 0 };
}

/** Whether the overview is shown at zoom `k` in a view this big (px). */
export function overviewShown(
  b: OverviewBounds,
  k: number,
  view: { width: number; height: number },
): boolean {
  return !b.empty && (b.width * k > view.width * OVERFLOW || b.height * k > view.height * OVERFLOW);
}
