'use client';
/**
 * The SVG renderer for small views (≤ SVG_MAX_NODES drawn). React owns every element; edge
 * shapes come from lib/graph/edge-geometry.ts (shared with the canvas). Each node and edge
 * carries `data-id` = its topology id.
 * Presentational: props only, memoised so a pan/zoom re-render touches only the transform.
 */
import { memo } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from '@/lib/graph/layout';
import type { DrawEdge, DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { edgeEnds, edgeSvgPath } from '@/lib/graph/edge-geometry';
import {
  SUBLABEL_MAX_CHARS,
  describeNode,
  fitLabel,
  nodeLabel,
  titleFit,
} from '@/lib/graph/describe';
import {
  cssVar,
  edgeStyle,
  nodeColor,
  nodeDash,
  nodeGlyph,
  nodeInset,
  nodeRadius,
} from './graph-style';

export interface GraphLayerProps {
  /** Only its nodes and edges are read: the canvas's SVG twin is no more (lib/graph/overlay.ts). */
  graph: Pick<DrawGraph, 'nodes' | 'edges'>;
  layout: Pick<Layout, 'positions'>;
  /** Nodes and edges on the selected path; everything else is dimmed. null = nothing selected. */
  highlight: Set<string> | null;
  focusedId: string | null;
  showLabels: boolean;
  /** Stale data: no health glyphs, so nothing claims a state that may no longer hold. */
  hideMarks?: boolean;
  onNodeClick: (id: string) => void;
}

function edgePath(edge: DrawEdge, layout: Pick<Layout, 'positions'>): string | null {
  const a = layout.positions.get(edge.source);
  const b = layout.positions.get(edge.target);
  if (!a || !b) return null;
  return edgeSvgPath(edgeEnds(a, b));
}

/**
 * Where an edge's label sits: ending just before its target, above the line, so it reads as the
 * reason that target is drawn (and stays clear of the source however short the edge is).
 */
function edgeLabelPoint(
  edge: DrawEdge,
  layout: Pick<Layout, 'positions'>,
): [number, number] | null {
  const b = layout.positions.get(edge.target);
  if (!layout.positions.has(edge.source) || !b) return null;
  return [b.x - 6, b.y + NODE_HEIGHT / 2 - 4];
}

function NodeShape({ node, color }: { node: DrawNode; color: string }) {
  const dash = nodeDash(node) || undefined;
  const common = {
    fill: 'var(--sb-surface)',
    stroke: color,
    strokeWidth: node.kind === 'service' ? 2 : 1.5,
    strokeDasharray: dash,
  };
  switch (node.kind) {
    case 'service':
      return (
        <>
          <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={4} {...common} />
          <rect width={6} height={NODE_HEIGHT} rx={2} fill={color} />
        </>
      );
    case 'namespace-group':
    case 'endpoint-group':
      return (
        <>
          <rect x={4} y={-4} width={NODE_WIDTH} height={NODE_HEIGHT} rx={4} {...common} />
          <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={4} {...common} />
        </>
      );
    case 'endpoint':
    case 'pod':
    case 'ghost':
    case 'workload':
    case 'workload-revision':
      return (
        <rect
          width={NODE_WIDTH - nodeInset(node)}
          height={NODE_HEIGHT}
          rx={nodeRadius(node, NODE_HEIGHT)}
          {...common}
        />
      );
    case 'external': {
      // A parallelogram: "outside the cluster" at a glance, in any colour.
      const s = 10;
      return (
        <polygon
          points={`${s},0 ${NODE_WIDTH},0 ${NODE_WIDTH - s},${NODE_HEIGHT} 0,${NODE_HEIGHT}`}
          {...common}
        />
      );
    }
  }
}

const GraphNode = memo(function GraphNode({
  node,
  x,
  y,
  dimmed,
  focused,
  showLabels,
  hideMarks,
  title,
  onClick,
}: {
  node: DrawNode;
  x: number;
  y: number;
  dimmed: boolean;
  focused: boolean;
  showLabels: boolean;
  hideMarks: boolean;
  title: string;
  onClick: (id: string) => void;
}) {
  const color = cssVar(nodeColor(node));
  const [line1, line2] = nodeLabel(node);
  const textX = node.kind === 'external' || node.kind === 'service' ? 32 : 28;
  const fit = titleFit(node);
  return (
    <g
      className="sb-node cursor-pointer"
      data-id={node.id}
      data-kind={node.kind}
      data-health={node.health}
      data-condition={node.condition}
      data-state={node.workload?.state}
      data-expanded={node.kind === 'workload' ? String(node.expanded === true) : undefined}
      transform={`translate(${x + nodeInset(node)},${y})`}
      opacity={dimmed ? 0.22 : 1}
      onClick={() => onClick(node.id)}
    >
      <title>{title}</title>
      {focused && (
        <rect
          x={-5}
          y={-5}
          width={NODE_WIDTH + 10}
          height={NODE_HEIGHT + 10}
          rx={7}
          fill="none"
          stroke="var(--sb-focus)"
          strokeWidth={3}
        />
      )}
      <NodeShape node={node} color={color} />
      <text
        x={node.kind === 'service' ? 18 : 14}
        y={NODE_HEIGHT / 2 + 5}
        fontSize={14}
        fill={color}
        textAnchor="middle"
        aria-hidden="true"
      >
        {hideMarks ? '' : nodeGlyph(node)}
      </text>
      {showLabels && (
        <>
          <text x={textX} y={12} fontSize={fit.size} fontWeight={600} fill="var(--sb-text)">
            {fitLabel(line1, fit.max)}
          </text>
          <text x={textX} y={25} fontSize={10} fill="var(--sb-muted)">
            {fitLabel(line2, SUBLABEL_MAX_CHARS)}
          </text>
        </>
      )}
    </g>
  );
});

export const SvgLayer = memo(function SvgLayer({
  graph,
  layout,
  highlight,
  focusedId,
  showLabels,
  hideMarks = false,
  onNodeClick,
}: GraphLayerProps) {
  const lookup = (id: string) => graph.nodes.get(id);
  return (
    <>
      <g data-layer="edges" fill="none">
        {graph.edges.map((edge) => {
          const d = edgePath(edge, layout);
          if (!d) return null;
          const style = edgeStyle(edge);
          const dimmed = highlight !== null && !highlight.has(edge.id);
          return (
            <path
              key={edge.id}
              data-id={edge.id}
              data-kind={edge.kind}
              data-condition={edge.condition}
              d={d}
              stroke={cssVar(style.color)}
              strokeWidth={style.width}
              strokeDasharray={style.dash || undefined}
              opacity={dimmed ? 0.15 : 0.9}
            >
              <title>{style.title}</title>
            </path>
          );
        })}
      </g>
      <g data-layer="edge-labels">
        {showLabels &&
          graph.edges.map((edge) => {
            if (!edge.label) return null;
            const at = edgeLabelPoint(edge, layout);
            if (!at) return null;
            const dimmed = highlight !== null && !highlight.has(edge.id);
            return (
              <text
                key={edge.id}
                data-edge-label={edge.id}
                x={at[0]}
                y={at[1]}
                fontSize={11}
                textAnchor="end"
                fill="var(--sb-text)"
                stroke="var(--sb-bg)"
                strokeWidth={3}
                paintOrder="stroke"
                opacity={dimmed ? 0.3 : 1}
              >
                {edge.label}
              </text>
            );
          })}
      </g>
      <g data-layer="nodes">
        {[...graph.nodes.values()].map((node) => {
          const pos = layout.positions.get(node.id);
          if (!pos) return null;
          return (
            <GraphNode
              key={node.id}
              node={node}
              x={pos.x}
              y={pos.y}
              dimmed={highlight !== null && !highlight.has(node.id)}
              focused={focusedId === node.id}
              showLabels={showLabels}
              hideMarks={hideMarks}
              title={describeNode(node, lookup)}
              onClick={onNodeClick}
            />
          );
        })}
      </g>
    </>
  );
});
