'use client';
/**
 * The graph ids of the Services diff mode lists as changed (the UI store's `changed`, by
 * `namespace/name`), among those drawn: what the graph marks. Null outside diff mode.
 */
import { useMemo } from 'react';
import type { DrawGraph } from '@/lib/graph/draw-types';
import { useServiceRows, useUi } from '@/components/map/map-context';

export function useChangedServiceIds(graph: DrawGraph): ReadonlySet<string> | null {
  const changed = useUi((ui) => ui.changed);
  const rows = useServiceRows();
  return useMemo(() => {
    if (!changed) return null;
    const ids = new Set<string>();
    for (const row of rows.values())
      if (changed.has(`${row.namespace}/${row.name}`) && graph.nodes.has(row.id)) ids.add(row.id);
    return ids;
  }, [changed, rows, graph]);
}
