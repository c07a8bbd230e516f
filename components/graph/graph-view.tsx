'use client';
/**
 * The map's viewport: picks the renderer (SVG for ≤ SVG_MAX_NODES drawn nodes, Canvas2D above),
 * wires pan/zoom (lib/graph/zoom-behavior.ts), the keyboard (graph-keyboard.ts: arrows between
 * nodes, Enter activates, +/- zoom, 0 fits), the zoom buttons (a single-pointer alternative to dragging,
 * WCAG 2.5.7) and, when the map is bigger than the view, the overview (minimap.tsx). The graph
 * itself is aria-hidden: its accessible twin is the outline. The focusable container names the
 * node the arrows are on through aria-activedescendant: an element inside it, under an id that
 * changes with the node (lib/graph/navigation.ts `activeNodeElementId`), whose accessible name
 * is the outline's words for that node (lib/graph/outline-name.ts `describeAsOutline`), so a
 * screen reader speaks each node as the focus moves.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { NODE_HEIGHT, type Layout } from '@/lib/graph/layout';
import {
  createZoomBehavior,
  type ViewTransform,
  type ZoomController,
} from '@/lib/graph/zoom-behavior';
import { createHitTester } from '@/lib/graph/hit-test';
import { useStoreSelector } from '@/lib/store/use-store-selector';
import type { Box } from '@/lib/graph/focus-layout';
import { PADDED, firstView, fitInsets, focusViewport, type Insets } from '@/lib/graph/fit';
import { OVERVIEW_MARGIN_PX, overviewBounds, overviewShown } from '@/lib/graph/overview';
import { activeNodeElementId, buildAdjacency } from '@/lib/graph/navigation';
import { edgeIndexOf, overlayOf, twinKeeper, type Twin } from '@/lib/graph/overlay';
import type { DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { formatClock } from '@/lib/graph/describe';
import { describeAsOutline } from '@/lib/graph/outline-name';
import { IconButton } from '@/components/ui/button';
import { GraphLegend } from './graph-legend';
import { Minimap } from './minimap';
import { SvgLayer } from './svg-layer';
import { CanvasLayer } from './canvas-layer';
import { ChangeMarks } from './change-marks';
import { GraphStatus } from './graph-status';
import { useGraphKeyboard } from './graph-keyboard';
import { svgTransform, useFollowTransform, useTransformStore } from './view-transform';

export const SVG_MAX_NODES = 150;
/** In canvas mode, at most this many highlighted nodes also get an SVG twin (data-id, focus). */
const OVERLAY_MAX = 300;

export interface GraphViewProps {
  graph: DrawGraph;
  layout: Layout;
  highlight: Set<string> | null;
  focusedId: string | null;
  onFocus: (id: string) => void;
  onActivate: (id: string) => void;
  themeKey: string;
  /** Bump to re-fit the view (filters changed, "fit" pressed elsewhere). */
  fitSignal: number;
  /** Set while the data is stale: the graph greys out and hides its health marks. */
  stale?: { since?: string; what: string } | null;
  /**
   * The focus view (lib/graph/focus-layout.ts): while set, the view shows this box (layout
   * units) at readable zoom; when it goes, the viewport from before comes back. `key` names
   * what is focused, so new data for the same focus does not move the view.
   */
  focus?: { key: string; box: Box } | null;
  /** Escape in the graph (the page closes the panel, which ends the focus view). */
  onEscape?: () => void;
  /** Nodes marked as changed (diff mode): framed and tagged over either renderer. */
  marked?: ReadonlySet<string> | null;
  /** Services still on their way (a big map's top is drawn first): the map says so, and is busy. */
  rest?: number;
}

/** A value computed on first use and kept. */
function lazy<T>(make: () => T): () => T {
  let value: { v: T } | null = null;
  return () => (value ??= { v: make() }).v;
}

export function GraphView(props: GraphViewProps) {
  const { graph, layout, highlight, focusedId, onFocus, onActivate, themeKey, fitSignal } = props;
  const stale = props.stale ?? null;
  const rest = props.rest ?? 0;
  const containerRef = useRef<HTMLDivElement>(null);
  const zoomRef = useRef<ZoomController | null>(null);
  const transform = useTransformStore();
  const viewportRef = useRef<SVGGElement>(null);
  useFollowTransform(transform, (t) =>
    viewportRef.current?.setAttribute('transform', svgTransform(t)),
  );
  const [size, setSize] = useState({ width: 800, height: 600 });
  const useCanvas = graph.nodes.size > SVG_MAX_NODES;

  // Layout effects, this one and those that move the view below: the map's data comes in
  // transitions, whose passive effects run after the browser has painted, so a fit, the focus
  // view or a focus brought into view in a passive effect showed the new drawing at the old view
  // for a frame or more first. This one comes first, so the others find the zoom.
  useLayoutEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const controller = createZoomBehavior({
      element,
      onTransform: (next) => transform.update(() => next),
    });
    zoomRef.current = controller;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      controller.destroy();
      zoomRef.current = null;
    };
  }, [transform]);

  const focus = props.focus ?? null;
  // Everything drawn, including a focus region left of the map.
  const minX = Math.min(0, focus?.box.x ?? 0);
  const fullBox = useMemo(
    () => ({
      x: minX - 10,
      y: -10,
      width: layout.width - minX + 20,
      height: Math.max(layout.height, NODE_HEIGHT) + 20,
    }),
    [minX, layout.width, layout.height],
  );

  /**
   * What every fit keeps clear (lib/graph/fit.ts `fitInsets`), measured as drawn: the zoom
   * buttons, over the map's bottom-right corner.
   */
  const zoomGroupRef = useRef<HTMLDivElement>(null);
  const insets = useCallback((): Insets => {
    const element = containerRef.current;
    if (!element) return PADDED;
    const view = element.getBoundingClientRect();
    const zoom = zoomGroupRef.current?.getBoundingClientRect();
    const controls = zoom
      ? [
          {
            left: zoom.left - view.left,
            top: zoom.top - view.top,
            right: zoom.right - view.left,
            bottom: zoom.bottom - view.top,
          },
        ]
      : [];
    return fitInsets({ width: view.width, height: view.height }, controls);
  }, []);

  /** "Fit" (button, 0 key): the whole map in view, however big (lib/graph/zoom-behavior.ts). */
  const fitAll = useCallback(() => zoomRef.current?.fitTo(fullBox, insets()), [fullBox, insets]);

  /** The first view, and the one after a filter change (lib/graph/fit.ts `firstView`). */
  const fit = useCallback(() => {
    const zoom = zoomRef.current;
    const element = containerRef.current;
    if (!zoom || !element) return;
    const { width, height } = element.getBoundingClientRect();
    const view = { width, height };
    const overview = overviewBounds(layout);
    const overviewWidth = (k: number) => (overviewShown(overview, k, view) ? overview.w : 0);
    zoom.setTransform(
      firstView(fullBox, view, insets(), overviewWidth, OVERVIEW_MARGIN_PX, zoom.maxK()),
    );
  }, [fullBox, layout, insets]);

  // For the focus view's end, whose effect must not run again for every new drawing.
  const fitRef = useRef(fit);
  useLayoutEffect(() => {
    fitRef.current = fit;
  }, [fit]);

  /**
   * The view to give back when the focus view ends: the one before it began, or a fit of what is
   * drawn then when a filter changed meanwhile (the saved view shows a drawing that is gone).
   */
  const savedView = useRef<ViewTransform | 'fit' | null>(null);

  // Fit on mount and whenever asked; not on every data change (positions are stable).
  const fittedFor = useRef(-1);
  useLayoutEffect(() => {
    if (fittedFor.current === fitSignal) return;
    fittedFor.current = fitSignal;
    fit();
    // A filter that hides the open Service ends the focus view after this fit: giving back the
    // view saved before the filter changed would undo it.
    if (savedView.current) savedView.current = 'fit';
  }, [fitSignal, fit]);

  // The focus view: show the chain when a focus starts, give back the earlier viewport when it
  // ends. Only a change of focus moves the view; new data for the same focus does not.
  const focusKey = focus?.key ?? null;
  const focusBoxRef = useRef<Box | null>(null);
  const focusBox = focus?.box ?? null;
  useLayoutEffect(() => {
    focusBoxRef.current = focusBox;
  }, [focusBox]);
  useLayoutEffect(() => {
    const zoom = zoomRef.current;
    const element = containerRef.current;
    if (!zoom || !element) return;
    const box = focusBoxRef.current;
    if (focusKey && box) {
      savedView.current ??= zoom.getTransform();
      const { width, height } = element.getBoundingClientRect();
      zoom.setTransform(focusViewport(box, { width, height }, insets()));
    } else if (savedView.current) {
      const saved = savedView.current;
      savedView.current = null;
      if (saved === 'fit') fitRef.current();
      else zoom.setTransform(saved);
    }
  }, [focusKey, insets]);

  // Built when first asked (a key press, a click), not per update: with thousands of nodes each
  // costs tens of milliseconds, and most drawings are replaced before anyone presses a key.
  const adjacency = useMemo(() => lazy(() => buildAdjacency(graph, layout)), [graph, layout]);
  const hitTester = useMemo(
    () => (useCanvas ? lazy(() => createHitTester(layout)) : null),
    [useCanvas, layout],
  );

  const onKeyDown = useGraphKeyboard({
    adjacency,
    layout,
    focusedId,
    onFocus,
    onActivate,
    onEscape: props.onEscape,
    fitAll,
    zoomRef,
    containerRef,
  });

  const onNodeClick = useCallback(
    (id: string) => {
      onFocus(id);
      onActivate(id);
    },
    [onFocus, onActivate],
  );

  const onCanvasClick = (event: React.MouseEvent<HTMLDivElement>) => {
    if (!hitTester || event.defaultPrevented) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const t = transform.getState();
    const x = (event.clientX - rect.left - t.x) / t.k;
    const y = (event.clientY - rect.top - t.y) / t.k;
    const id = hitTester().at(x, y);
    if (id) onNodeClick(id);
  };

  // Re-rendered when labels come or go, not per pan frame.
  const showLabels = useStoreSelector(transform, (t) => t.k >= 0.45);
  const focusedNode: DrawNode | undefined = focusedId ? graph.nodes.get(focusedId) : undefined;
  const activeId = focusedNode ? activeNodeElementId(focusedNode.id) : undefined;
  const lookup = useCallback((id: string) => graph.nodes.get(id), [graph]);
  // Per focus or drawing, not per pan frame (an external target's name looks up its outline row).
  const focusedName = useMemo(
    () => (focusedNode ? describeAsOutline(focusedNode, graph.outline, lookup) : ''),
    [focusedNode, graph.outline, lookup],
  );

  // In canvas mode, a small SVG twin of the selected path, the focused node and the ghosts keeps
  // data-id and focus rings as real elements (lib/graph/overlay.ts).
  const edgeIndex = useMemo(
    () => (useCanvas ? edgeIndexOf(graph.edges) : null),
    [useCanvas, graph.edges],
  );
  // The same object while the twin's nodes, edges and their places are unchanged, so the
  // memoised SVG layer skips a streaming update that touches the rest of the map.
  const [keepTwin] = useState(twinKeeper);
  const twin = useMemo<Twin | null>(
    () =>
      edgeIndex
        ? keepTwin(overlayOf(graph, edgeIndex, highlight, focusedId, OVERLAY_MAX), layout)
        : null,
    [edgeIndex, keepTwin, graph, layout, highlight, focusedId],
  );

  return (
    <div className="flex h-full w-full flex-col overflow-hidden">
      <div className="relative min-h-0 flex-1">
        <div
          ref={containerRef}
          role="application"
          aria-roledescription="service map"
          aria-label="Service map. Arrow keys move between nodes, Enter opens details, Escape closes them, plus and minus zoom, 0 fits. The outline lists the same content."
          aria-activedescendant={activeId}
          tabIndex={0}
          data-renderer={useCanvas ? 'canvas' : 'svg'}
          data-node-count={graph.nodes.size}
          data-layout-height={layout.height}
          data-stale={stale ? 'true' : undefined}
          data-focus={focusKey ?? undefined}
          data-rest={rest > 0 ? rest : undefined}
          aria-busy={rest > 0 ? true : undefined}
          onKeyDown={onKeyDown}
          onClick={useCanvas ? onCanvasClick : undefined}
          className="absolute inset-0 touch-none overflow-hidden bg-bg select-none focus-visible:outline-offset-[-3px]"
        >
          <div className={stale ? 'absolute inset-0 opacity-50 grayscale' : 'absolute inset-0'}>
            {useCanvas && (
              <CanvasLayer
                graph={graph}
                layout={layout}
                transform={transform}
                width={size.width}
                height={size.height}
                highlight={highlight}
                focusedId={focusedId}
                themeKey={themeKey}
                hideMarks={!!stale}
              />
            )}
            <svg
              className="absolute inset-0 h-full w-full"
              aria-hidden="true"
              data-testid="graph-svg"
              style={useCanvas ? { pointerEvents: 'none' } : undefined}
            >
              <g ref={viewportRef} transform={svgTransform(transform.getState())}>
                {/* In canvas mode the SVG draws only the overlay twin, unhighlighted. */}
                <SvgLayer
                  graph={twin?.graph ?? graph}
                  layout={twin?.layout ?? layout}
                  highlight={twin ? null : highlight}
                  focusedId={focusedId}
                  showLabels={showLabels}
                  hideMarks={!!stale}
                  onNodeClick={onNodeClick}
                />
                {props.marked && props.marked.size > 0 && (
                  <ChangeMarks marked={props.marked} layout={layout} />
                )}
              </g>
            </svg>
          </div>
          {focusedNode && (
            // The node the arrows are on, for assistive technology (the drawing is aria-hidden).
            // A button: Enter opens it, as a click on the node does.
            <div
              key={activeId}
              id={activeId}
              role="button"
              data-node-id={focusedNode.id}
              className="sr-only"
            >
              {focusedName}
            </div>
          )}
          {graph.nodes.size === 0 && (
            <p className="absolute inset-x-0 top-1/3 text-center text-sm text-muted">
              Nothing to draw with the current filters.
            </p>
          )}
        </div>
        {stale && (
          <p
            className="absolute inset-x-3 top-3 rounded border border-line bg-surface px-3 py-1 text-sm shadow-sm"
            data-testid="graph-stale"
          >
            <span className="font-semibold">
              Stale{stale.since ? ` since ${formatClock(stale.since)}` : ''}
            </span>
            : the {stale.what} cannot be reached. The map shows the last data received; health marks
            are hidden until it is fresh again.
          </p>
        )}
        <Minimap
          graph={graph}
          layout={layout}
          transform={transform}
          view={size}
          themeKey={themeKey}
          onNavigate={(point) => zoomRef.current?.centerOn(point)}
          hidden={focusKey !== null}
        />
        <div
          ref={zoomGroupRef}
          className="absolute right-3 bottom-3 flex flex-col gap-1"
          role="group"
          aria-label="Zoom"
        >
          <IconButton
            label="Zoom in"
            icon="+"
            className="shadow-sm"
            onClick={() => zoomRef.current?.zoomBy(1.25)}
          />
          <IconButton
            label="Zoom out"
            icon="−"
            className="shadow-sm"
            onClick={() => zoomRef.current?.zoomBy(0.8)}
          />
          <IconButton label="Fit to view" icon="⤢" className="shadow-sm" onClick={fitAll} />
        </div>
      </div>
      <div className="flex items-start border-t border-line bg-surface">
        <GraphLegend />
        <GraphStatus
          renderer={useCanvas ? 'canvas' : 'svg'}
          nodes={graph.nodes.size}
          rest={rest}
          transform={transform}
        />
      </div>
    </div>
  );
}
