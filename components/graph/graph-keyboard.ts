'use client';
/**
 * The graph's keyboard (graph-view.tsx): arrows and Home/End move the focus between drawn nodes
 * (lib/graph/navigation.ts), Enter and Space activate the focused node, + and - zoom, 0 fits,
 * Escape hands over to the page. A focus that comes from elsewhere (the outline, the problems
 * list, a link) is brought into view once, when it moves. A focused node that stops being drawn
 * (a pod deleted under the focus) leaves its place behind, so the next arrow moves from there
 * rather than from the first node. Keys pressed before the page shows where the last one moved
 * (a selection on its way, a big map still rendering) go on from there, not from the focus still
 * shown.
 */
import { useCallback, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from '@/lib/graph/layout';
import { moveFocus, type Adjacency, type NavKey, type Place } from '@/lib/graph/navigation';
import type { ZoomController } from '@/lib/graph/zoom-behavior';

const NAV_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

export interface GraphKeyboardOptions {
  /** Built on first use (a key press): costly on big maps, and most drawings see none. */
  adjacency: () => Adjacency;
  layout: Layout;
  focusedId: string | null;
  onFocus: (id: string) => void;
  onActivate: (id: string) => void;
  onEscape?: () => void;
  /** "Fit to view" (the 0 key). */
  fitAll: () => void;
  zoomRef: RefObject<ZoomController | null>;
  containerRef: RefObject<HTMLDivElement | null>;
}

export function useGraphKeyboard({
  adjacency,
  layout,
  focusedId,
  onFocus,
  onActivate,
  onEscape,
  fitAll,
  zoomRef,
  containerRef,
}: GraphKeyboardOptions): (event: KeyboardEvent<HTMLDivElement>) => void {
  const ensureVisible = useCallback(
    (id: string) => {
      const zoom = zoomRef.current;
      const pos = layout.positions.get(id);
      const element = containerRef.current;
      if (!zoom || !pos || !element) return;
      const t = zoom.getTransform();
      const { width, height } = element.getBoundingClientRect();
      const sx = pos.x * t.k + t.x;
      const sy = pos.y * t.k + t.y;
      if (sx < 0 || sy < 0 || sx + NODE_WIDTH * t.k > width || sy + NODE_HEIGHT * t.k > height)
        zoom.centerOn({ x: pos.x + NODE_WIDTH / 2, y: pos.y + NODE_HEIGHT / 2 }, 0.6);
    },
    [layout, zoomRef, containerRef],
  );

  // Focus coming from elsewhere (outline, problems list, deep link): bring it into view. Only
  // when the focus moves: a layout change (the focus view ending) must not move the view. A
  // layout effect, as the view's others (graph-view.tsx): a passive one shows a frame first.
  const shownFocus = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (focusedId === shownFocus.current) return;
    shownFocus.current = focusedId;
    if (focusedId) ensureVisible(focusedId);
  }, [focusedId, ensureVisible]);

  // Where the focused node was last drawn, for when it no longer is.
  const lastPlace = useRef<{ id: string; place: Place } | null>(null);
  useLayoutEffect(() => {
    const pos = focusedId ? layout.positions.get(focusedId) : undefined;
    if (focusedId && pos) lastPlace.current = { id: focusedId, place: pos };
  }, [focusedId, layout]);

  // The last move the keys asked for, and the focus shown when they did. Until the focus shown
  // changes, the keys go on from the move asked for: a selection on its way keeps the old focus
  // shown (map-context.tsx `useEffectiveFocus`), and keys come faster than a big map renders.
  const asked = useRef<{ shown: string | null; id: string } | null>(null);
  useLayoutEffect(() => {
    if (asked.current && asked.current.shown !== focusedId) asked.current = null;
  }, [focusedId]);

  return (event) => {
    const zoom = zoomRef.current;
    const current = asked.current?.shown === focusedId ? asked.current.id : focusedId;
    if (NAV_KEYS.has(event.key)) {
      event.preventDefault();
      const left = lastPlace.current?.id === current ? lastPlace.current.place : undefined;
      const next = moveFocus(current, event.key as NavKey, adjacency(), layout, left);
      if (next) {
        asked.current = { shown: focusedId, id: next };
        onFocus(next);
      }
    } else if (event.key === 'Enter' || event.key === ' ') {
      if (current) {
        event.preventDefault();
        onActivate(current);
      }
    } else if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      zoom?.zoomBy(1.25);
    } else if (event.key === '-' || event.key === '_') {
      event.preventDefault();
      zoom?.zoomBy(0.8);
    } else if (event.key === '0') {
      event.preventDefault();
      fitAll();
    } else if (event.key === 'Escape' && onEscape) {
      event.preventDefault();
      onEscape();
    }
  };
}
