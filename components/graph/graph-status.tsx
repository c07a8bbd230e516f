'use client';
/**
 * The line under the map: which renderer, how many nodes, how many Services are still on their
 * way, and the zoom. It reads the zoom from the transform store itself (view-transform.ts), so a
 * wheel zoom re-renders this line, not the graph view.
 */
import { useStoreSelector } from '@/lib/store/use-store-selector';
import type { TransformStore } from './view-transform';

export function GraphStatus({
  renderer,
  nodes,
  rest,
  transform,
}: {
  renderer: 'canvas' | 'svg';
  nodes: number;
  rest: number;
  transform: TransformStore;
}) {
  const zoom = useStoreSelector(transform, (t) => t.k);
  return (
    <p
      className="shrink-0 px-3 py-1 text-xs whitespace-nowrap text-muted"
      data-testid="graph-status"
      data-zoom={zoom}
    >
      {renderer === 'canvas' ? 'Canvas' : 'SVG'} · {nodes.toLocaleString('en-US')} nodes ·{' '}
      {rest > 0 ? `drawing ${rest.toLocaleString('en-US')} more Services · ` : ''}
      {Math.round(zoom * 100)}%
    </p>
  );
}
