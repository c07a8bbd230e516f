/**
 * Where the map's view starts and what "Fit" shows: a box (layout units) fitted into the view
 * (px) less its insets — the edges kept clear, where the zoom buttons and the overview (minimap)
 * are drawn over the map — so at a fit no node lies under them. Pure.
 */
import type { Box } from './focus-layout';
import type { ViewTransform } from './zoom-behavior';

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The room a fit keeps on every side. */
export const FIT_PADDING = 24;
/** The most a first view zooms in (a small map is not blown up). */
const FIRST_VIEW_MAX_K = 1.2;
/** Below this zoom the whole map is not readable: the first view fits the width instead. */
const READABLE_K = 0.5;

export const PADDED: Insets = {
  top: FIT_PADDING,
  right: FIT_PADDING,
  bottom: FIT_PADDING,
  left: FIT_PADDING,
};

/**
 * `box` whole inside the view less `insets`, centred; top-aligned when taller than that (the
 * start of the list is what people read), at most `maxK`.
 */
export function fitTransform(
  box: Box,
  view: { width: number; height: number },
  insets: Insets = PADDED,
  maxK = Infinity,
): ViewTransform {
  const w = Math.max(1, view.width - insets.left - insets.right);
  const h = Math.max(1, view.height - insets.top - insets.bottom);
  const k = Math.max(1e-4, Math.min(maxK, w / Math.max(1, box.width), h / Math.max(1, box.height)));
  const scaledHeight = box.height * k;
  const top = scaledHeight < h ? insets.top + (h - scaledHeight) / 2 : insets.top;
  const left = insets.left + (w - box.width * k) / 2;
  return { x: left - box.x * k, y: top - box.y * k, k };
}

/**
 * The first view, and the one after a filter change: the whole map when it is readable so, a
 * taller one fitted to its width (at most FIRST_VIEW_MAX_K) from the top; never above `maxK`. `overviewWidth(k)` is
 * the overview's width (px) at zoom `k`, 0 when it is not shown: when it is, the view starts
 * right of it, so it covers no node.
 */
export function firstView(
  box: Box,
  view: { width: number; height: number },
  insets: Insets,
  overviewWidth: (k: number) => number,
  overviewLeft: number,
  maxK = Infinity,
): ViewTransform {
  const at = (inset: Insets): ViewTransform => {
    const all = fitTransform(box, view, inset, maxK);
    if (all.k >= READABLE_K) return all;
    const k = Math.min(
      FIRST_VIEW_MAX_K,
      (view.width - inset.left - inset.right) / Math.max(1, box.width),
    );
    const height = Math.max(1, (view.height - inset.top - inset.bottom) / k);
    return fitTransform({ ...box, height }, view, inset);
  };
  const first = at(insets);
  const overview = overviewWidth(first.k);
  if (overview <= 0) return first;
  // Clear of the overview: the gap beside it as wide as its margin.
  return at({ ...insets, left: Math.max(insets.left, overviewLeft * 2 + overview) });
}
