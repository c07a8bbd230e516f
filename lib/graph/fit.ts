/**
 * Every fit of the map's view: where it starts (`firstView`), what "Fit" shows (`fitTransform`)
 * and what the focus view shows (`focusViewport`) — a box (layout units) fitted into the view
 * (px) less its insets. The insets have one definition, `fitInsets`: the padding on every side,
 * and a column clear of each control drawn over the map (the zoom buttons), so at a fit no node
 * lies under one — not even in a chain taller than the view, which goes on past the bottom edge
 * and still passes beside the control. The overview (minimap) is shown only when the map is
 * much bigger than the view, so only the first view can meet it, and `firstView` starts right
 * of it. Pure.
 */
import type { Box } from './focus-layout';
import type { ViewTransform } from './zoom-behavior';

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A control drawn over the map: its box in the view, px from the view's top-left corner. */
export interface ControlBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The room a fit keeps on every side; half of it between a node and a control. */
export const FIT_PADDING = 12;
/** The focus view never zooms in past this (a small chain is not blown up). */
const FOCUS_MAX_K = 1;
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
 * The insets every fit keeps: FIT_PADDING on each side, and on the side of the view each control
 * is on (by its centre), the control's width from that edge plus half the padding.
 */
export function fitInsets(
  view: { width: number; height: number },
  controls: readonly ControlBox[],
): Insets {
  const insets = { ...PADDED };
  for (const control of controls) {
    if (control.left + control.right >= view.width)
      insets.right = Math.max(insets.right, view.width - control.left + FIT_PADDING / 2);
    else insets.left = Math.max(insets.left, control.right + FIT_PADDING / 2);
  }
  return insets;
}

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

/**
 * The focus view of a chain (lib/graph/focus-layout.ts): its whole width inside the view less
 * `insets`, at the largest zoom ≤ 1 that fits it, centred; as much of its height as fits,
 * centred when all of it does and from the top when it does not (the rest is below, to pan to).
 */
export function focusViewport(
  box: Box,
  view: { width: number; height: number },
  insets: Insets = PADDED,
): ViewTransform {
  const width = Math.max(1, view.width - insets.left - insets.right);
  const height = Math.max(1, view.height - insets.top - insets.bottom);
  const k = Math.min(FOCUS_MAX_K, width / Math.max(1, box.width));
  return fitTransform({ ...box, height: Math.min(box.height, height / k) }, view, insets, k);
}
