import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing } from '../graph/drawing';
import { drawEverything, syntheticTopology } from '../graph/testing/synthetic-topology';
import { drawingToSvg, escapeXml } from './svg-export';

const topology = syntheticTopology([
  { namespace: 'default', name: 'api', endpoints: 2 },
  { namespace: 'default', name: 'web<&>', endpoints: 0 },
]);
const drawing = createDrawing()(drawEverything(topology));

test('a standalone SVG: every drawn node and edge, text escaped, the changed ones framed', () => {
  const web = topology.services.find((s) => s.name === 'web<&>')!.id;
  const svg = drawingToSvg(drawing.graph, drawing.layout, {
    title: 'Switchboard — kind — 2026-12-02 03:12:05 UTC',
    glyph: () => '●',
    marked: new Set([web, 'svc:not-drawn']),
  });
  assert.match(
    svg,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
  );
  assert.equal(svg.match(/<g data-id=/g)?.length, drawing.graph.nodes.size);
  const drawnEdges = drawing.graph.edges.filter(
    (e) => drawing.layout.positions.has(e.source) && drawing.layout.positions.has(e.target),
  );
  assert.ok(drawnEdges.length > 0);
  assert.equal(svg.match(/<path d=/g)?.length, drawnEdges.length);
  assert.ok(!svg.includes('web<&>'), 'cluster text is never markup');
  assert.ok(svg.includes('web&#60;&#38;&#62;'));
  assert.deepEqual(
    [...svg.matchAll(/data-changed="([^"]+)"/g)].map((m) => m[1]),
    [escapeXml(web)],
    'only drawn Services are framed',
  );
  assert.ok(svg.includes('Δ changed'));
  assert.ok(!svg.includes('var(--'), 'no CSS variables: the file opens anywhere');
  assert.ok(svg.endsWith('</svg>'));
});

test('escapeXml covers the five markup characters', () => {
  assert.equal(
    escapeXml(`<a href="x">'&'</a>`),
    '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;',
  );
});
