/**
 * The map as drawn, as a standalone SVG file for an incident snapshot: every drawn node at its
 * laid-out position with its label, glyph and health in words (each node's <title> is the
 * outline's description), every edge with the renderers' own geometry (lib/graph/edge-geometry),
 * and diff mode's changed Services framed and tagged. Whatever renderer the page used (SVG or
 * Canvas), the file is the same: it is built from the drawing, not from the screen.
 *
 * Contract: pure; returns a complete document (XML declaration, one <svg> with xmlns, width,
 * height and viewBox covering the layout) with colours spelled out (no CSS variables: the file
 * opens anywhere); cluster text is escaped, never markup. Glyphs come from the caller (the
 * renderers' own, components/graph/graph-style.ts).
 */
import type { DrawGraph, DrawNode } from '../graph/draw-types';
import { describeNode, fitLabel, nodeLabel, SUBLABEL_MAX_CHARS } from '../graph/describe';
import { edgeEnds, edgeSvgPath } from '../graph/edge-geometry';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from '../graph/layout';
import type { HealthState } from '../topology/model';

const HEALTH_COLOUR: Record<HealthState, string> = {
  healthy: '#15803d',
  warning: '#a16207',
  broken: '#b91c1c',
  unknown: '#6b7280',
};
const MARGIN = 40;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface SvgExportOptions {
  /** The document's title: cluster and instant. */
  title: string;
  glyph: (node: DrawNode) => string;
  /** Node ids to frame and tag as changed. */
  marked?: ReadonlySet<string> | null;
}

function nodeSvg(
  node: DrawNode,
  x: number,
  y: number,
  options: SvgExportOptions,
  lookup: (id: string) => DrawNode | undefined,
) {
  const colour = HEALTH_COLOUR[node.health ?? 'unknown'];
  const [line1, line2] = nodeLabel(node);
  const dashed = node.kind === 'ghost' ? ' stroke-dasharray="4 3"' : '';
  return [
    `<g data-id="${escapeXml(node.id)}" transform="translate(${x},${y})">`,
    `<title>${escapeXml(describeNode(node, lookup))}</title>`,
    `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="#ffffff" stroke="${colour}" stroke-width="1.5"${dashed}/>`,
    `<text x="8" y="19" font-size="13" fill="${colour}">${escapeXml(options.glyph(node))}</text>`,
    `<text x="24" y="${line2 ? 12 : 19}" font-size="11" font-weight="600" fill="#111827">${escapeXml(fitLabel(line1, 38))}</text>`,
    line2
      ? `<text x="24" y="25" font-size="10" fill="#4b5563">${escapeXml(fitLabel(line2, SUBLABEL_MAX_CHARS))}</text>`
      : '',
    `</g>`,
  ].join('');
}

export function drawingToSvg(
  graph: DrawGraph,
  layout: Pick<Layout, 'positions' | 'width' | 'height'>,
  options: SvgExportOptions,
): string {
  const lookup = (id: string) => graph.nodes.get(id);
  const width = Math.ceil(layout.width + 2 * MARGIN);
  const height = Math.ceil(layout.height + 2 * MARGIN);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${-MARGIN} ${-MARGIN} ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect x="${-MARGIN}" y="${-MARGIN}" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="0" y="${-MARGIN / 2}" font-size="13" fill="#111827">${escapeXml(options.title)}</text>`,
    '<g data-layer="edges" fill="none">',
  ];
  for (const edge of graph.edges) {
    const a = layout.positions.get(edge.source);
    const b = layout.positions.get(edge.target);
    if (!a || !b) continue;
    const dash = edge.kind === 'near-miss' ? ' stroke-dasharray="4 3"' : '';
    out.push(
      `<path d="${edgeSvgPath(edgeEnds(a, b))}" stroke="#6b7280" stroke-width="1.2"${dash}/>`,
    );
  }
  out.push('</g><g data-layer="nodes">');
  for (const node of graph.nodes.values()) {
    const pos = layout.positions.get(node.id);
    if (pos) out.push(nodeSvg(node, pos.x, pos.y, options, lookup));
  }
  out.push('</g><g data-layer="change-marks" fill="none">');
  for (const id of options.marked ?? []) {
    const pos = layout.positions.get(id);
    if (!pos) continue;
    out.push(
      `<g data-changed="${escapeXml(id)}" transform="translate(${pos.x},${pos.y})">` +
        `<rect x="-9" y="-5" width="${NODE_WIDTH + 18}" height="${NODE_HEIGHT + 10}" rx="9" stroke="#a16207" stroke-width="2.5" stroke-dasharray="6 3"/>` +
        `<text x="-6" y="-9" font-size="11" font-weight="700" fill="#a16207">Δ changed</text></g>`,
    );
  }
  out.push('</g></svg>');
  return out.join('\n');
}
