'use client';
/**
 * The map's pan/zoom transform, kept outside React: d3-zoom (lib/graph/zoom-behavior.ts) writes
 * it on every pointer event, and what follows it (the SVG viewport's `transform` attribute, the
 * Canvas paint, the overview's frame) reads it and writes the DOM or paints directly, so a pan
 * frame renders no React. React re-renders only for a value derived from the transform that
 * changed (labels shown or not, the overview shown or not, the zoom percentage), read with
 * `useStoreSelector`.
 *
 * Why: as React state, every pan event rendered the graph view; while a big map's update was
 * being rendered (in slices, between which the page paints: components/map/map-context.tsx),
 * each such render interrupted it and it started over, so an update could wait out the whole
 * pan.
 *
 * Contract: `useTransformStore()` makes one store per graph view, at the identity transform (what
 * the server renders); `useFollowTransform(store, follow)` calls `follow` with the current
 * transform after the component mounts, after each of its renders, and on every change.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { ViewTransform } from '@/lib/graph/zoom-behavior';
import { createValueStore, type ValueStore } from '@/lib/store/value-store';

export type TransformStore = ValueStore<ViewTransform>;

const IDENTITY: ViewTransform = { x: 0, y: 0, k: 1 };

export function useTransformStore(): TransformStore {
  const [store] = useState(() => createValueStore(IDENTITY));
  return store;
}

/** The SVG `transform` attribute of a viewport group. */
export const svgTransform = (t: ViewTransform) => `translate(${t.x},${t.y}) scale(${t.k})`;

export function useFollowTransform(
  store: TransformStore,
  follow: (transform: ViewTransform) => void,
): void {
  const latest = useRef(follow);
  // After every render: what `follow` writes may depend on props as well (sizes, bounds).
  useLayoutEffect(() => {
    latest.current = follow;
    follow(store.getState());
  });
  useLayoutEffect(() => store.subscribe(() => latest.current(store.getState())), [store]);
}
