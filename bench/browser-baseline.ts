/**
 * The browser benchmark's baseline: what a TypeScript developer writes first to draw the same
 * graph (d3-force + an SVG join, positions set per tick, d3-zoom on the svg), injected into a
 * blank page with d3's UMD bundle from node_modules, timed from the moment the data is in the
 * page: first painted tick, time until the simulation settles (capped), pan frame times.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import type * as D3 from 'd3';
import { ROOT } from '../e2e/harness';
import { newPage, scriptedPan } from './browser-page';

// d3's package exports hide dist/; the UMD bundle is what a blank page can load.
const D3_PATH = join(ROOT, 'node_modules/d3/dist/d3.min.js');

export interface GraphJson {
  topology: {
    services: { id: string }[];
    endpoints: { id: string }[];
    pods: { id: string }[];
    externals: { id: string }[];
    edges: { source: string; target: string }[];
  };
}

export async function benchBaseline(
  browser: Browser,
  graph: GraphJson,
  options: { panMs: number; settleCapMs: number },
) {
  const t = graph.topology;
  const nodes = [...t.services, ...t.endpoints, ...t.pods, ...t.externals].map((n) => ({
    id: n.id,
  }));
  const ids = new Set(nodes.map((n) => n.id));
  const links = t.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({ source: e.source, target: e.target }));
  const page = await newPage(browser);
  await page.setContent(
    '<!doctype html><html><body style="margin:0"><svg id="g" width="1600" height="900"></svg></body></html>',
  );
  await page.addScriptTag({ content: readFileSync(D3_PATH, 'utf8') });
  await page.evaluate('window.__name = (f) => f;'); // setContent does not run init scripts
  // What a TypeScript developer writes first: d3-force + an SVG join, positions set per tick,
  // d3-zoom on the svg. Timed from the moment the data is in the page.
  const result = await page.evaluate(
    async ({ nodes, links, cap }) => {
      const d3 = (window as unknown as { d3: typeof D3 }).d3;
      const start = performance.now();
      const svg = d3.select('#g');
      const root = svg.append('g');
      svg.call(
        d3
          .zoom<SVGSVGElement, unknown>()
          .on('zoom', (e) => root.attr('transform', e.transform)) as never,
      );
      type N = { id: string; x?: number; y?: number };
      const link = root
        .append('g')
        .attr('stroke', '#999')
        .selectAll('line')
        .data(links)
        .join('line');
      const node = root
        .append('g')
        .selectAll('circle')
        .data(nodes as N[])
        .join('circle')
        .attr('r', 4)
        .attr('fill', '#1d4ed8');
      node.append('title').text((d) => d.id);
      let firstPaint = NaN;
      const sim = d3
        .forceSimulation(nodes as N[])
        .force(
          'link',
          d3.forceLink(links).id((d) => (d as N).id),
        )
        .force('charge', d3.forceManyBody())
        .force('center', d3.forceCenter(800, 450));
      let ticks = 0;
      sim.on('tick', () => {
        ticks++;
        link
          .attr('x1', (d) => (d.source as unknown as N).x!)
          .attr('y1', (d) => (d.source as unknown as N).y!)
          .attr('x2', (d) => (d.target as unknown as N).x!)
          .attr('y2', (d) => (d.target as unknown as N).y!);
        node.attr('cx', (d) => d.x!).attr('cy', (d) => d.y!);
        if (Number.isNaN(firstPaint))
          requestAnimationFrame(() => (firstPaint = performance.now() - start));
      });
      const settled = await new Promise<number>((resolve) => {
        const timer = setTimeout(() => {
          sim.stop();
          resolve(NaN);
        }, cap);
        sim.on('end', () => {
          clearTimeout(timer);
          resolve(performance.now() - start);
        });
      });
      await new Promise((r) => requestAnimationFrame(r));
      return { firstPaint, settled, ticks };
    },
    { nodes, links, cap: options.settleCapMs },
  );
  const pan = await scriptedPan(page, '#g', options.panMs);
  await page.close();
  return { ...result, pan, nodes: nodes.length, links: links.length };
}
