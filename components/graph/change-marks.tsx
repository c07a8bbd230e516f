'use client';
/**
 * Marks on the graph for nodes that changed (diff mode, components/history/diff-view.tsx): a
 * dashed frame around the node and a "Δ changed" tag above it, drawn in the SVG over either
 * renderer, so a changed Service is told by shape and words, not by colour. The list beside the
 * map names the same Services (their accessible twin); this layer is aria-hidden with the graph.
 */
import { memo } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from '@/lib/graph/layout';

export const ChangeMarks = memo(function ChangeMarks({
  marked,
  layout,
}: {
  marked: ReadonlySet<string>;
  layout: Layout;
}) {
  return (
    <g data-layer="change-marks" pointerEvents="none">
      {[...marked].map((id) => {
        const pos = layout.positions.get(id);
        if (!pos) return null;
        return (
          <g key={id} data-changed={id} transform={`translate(${pos.x},${pos.y})`}>
            <rect
              x={-9}
              y={-5}
              width={NODE_WIDTH + 18}
              height={NODE_HEIGHT + 10}
              rx={9}
              fill="none"
              stroke="var(--sb-warn)"
              strokeWidth={2.5}
              strokeDasharray="6 3"
            />
            <text
              x={-6}
              y={-9}
              fontSize={11}
              fontWeight={700}
              fill="var(--sb-warn)"
              stroke="var(--sb-bg)"
              strokeWidth={3}
              paintOrder="stroke"
            >
              Δ changed
            </text>
          </g>
        );
      })}
    </g>
  );
});
