/**
 * Pan and zoom over d3-zoom, as an imperative factory (the pattern of xyflow's XYPanZoom): d3
 * attaches listeners to an element React rendered and reports the transform; React (or the
 * canvas painter) applies it. Nothing else in the DOM is touched by d3.
 *
 * Contract: `createZoomBehavior({ element, onTransform })` → `{ zoomBy, fitTo, centerOn,
 * getTransform, maxK, setTransform, destroy }`; `destroy()` removes every listener it added. Programmatic moves are
 * instant (no transition is ever used), which also respects reduced motion.
 */
import { select } from 'd3-selection';
import {
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3-zoom';
import { fitTransform, PADDED, type Insets } from './fit';

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

export interface ZoomOptions {
  element: Element;
  onTransform: (transform: ViewTransform) => void;
  minZoom?: number;
  maxZoom?: number;
}

export interface ZoomController {
  zoomBy(factor: number): void;
  /** Fits a box (layout units) into the element's current size less `insets` (lib/graph/fit.ts). */
  fitTo(box: { x: number; y: number; width: number; height: number }, insets?: Insets): void;
  /** Centres a point (layout units) keeping the zoom level (at least `minK`). */
  centerOn(point: { x: number; y: number }, minK?: number): void;
  getTransform(): ViewTransform;
  /** The most it zooms in. */
  maxK(): number;
  /** Moves to exactly this transform (the zoom range widens if `k` is below it). */
  setTransform(transform: ViewTransform): void;
  destroy(): void;
}

export function createZoomBehavior(options: ZoomOptions): ZoomController {
  const selection = select(options.element as Element);
  let current: ZoomTransform = zoomIdentity;
  const behavior: ZoomBehavior<Element, unknown> = zoom<Element, unknown>()
    .scaleExtent([options.minZoom ?? 0.02, options.maxZoom ?? 4])
    // Keyboard zoom is ours (+/-); d3's dblclick zoom would fight with node activation.
    .filter((event: Event) => {
      if (event.type === 'dblclick') return false;
      const mouse = event as MouseEvent;
      return (!mouse.ctrlKey || event.type === 'wheel') && !mouse.button;
    })
    .on('zoom', (event: D3ZoomEvent<Element, unknown>) => {
      current = event.transform;
      options.onTransform({ x: current.x, y: current.y, k: current.k });
    });
  selection.call(behavior);

  const size = () => {
    const rect = options.element.getBoundingClientRect();
    return { width: rect.width || 800, height: rect.height || 600 };
  };
  const apply = (transform: ZoomTransform) => selection.call(behavior.transform, transform);

  return {
    zoomBy(factor) {
      const { width, height } = size();
      selection.call(behavior.scaleBy, factor, [width / 2, height / 2]);
    },
    fitTo(box, insets = PADDED) {
      const [lo, hi] = behavior.scaleExtent();
      const t = fitTransform(box, size(), insets, hi);
      // A map bigger than the zoom range still fits: the range widens to the fit, so "Fit"
      // never silently stops at the old minimum.
      if (t.k < lo) behavior.scaleExtent([t.k, hi]);
      apply(zoomIdentity.translate(t.x, t.y).scale(t.k));
    },
    maxK: () => behavior.scaleExtent()[1],
    centerOn(point, minK = 0) {
      const { width, height } = size();
      const k = Math.max(current.k, minK);
      apply(zoomIdentity.translate(width / 2 - point.x * k, height / 2 - point.y * k).scale(k));
    },
    getTransform: () => ({ x: current.x, y: current.y, k: current.k }),
    setTransform(t) {
      const [lo, hi] = behavior.scaleExtent();
      if (t.k < lo) behavior.scaleExtent([Math.max(1e-4, t.k), hi]);
      apply(zoomIdentity.translate(t.x, t.y).scale(t.k));
    },
    destroy() {
      selection.on('.zoom', null);
    },
  };
}
