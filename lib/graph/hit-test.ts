/**
 * Hit-testing for the canvas renderer: a d3-quadtree over node centres, rebuilt only when the
 * layout changes. Pure; coordinates are layout units.
 */
import { quadtree, type Quadtree } from 'd3-quadtree';
import { NODE_HEIGHT, NODE_WIDTH, type Layout } from './layout';

interface Entry {
  id: string;
  cx: number;
  cy: number;
}

export interface HitTester {
  /** The node whose box contains the point, if any. */
  at(x: number, y: number): string | undefined;
}

export function createHitTester(layout: Layout): HitTester {
  const entries: Entry[] = [];
  for (const [id, pos] of layout.positions)
    entries.push({ id, cx: pos.x + NODE_WIDTH / 2, cy: pos.y + NODE_HEIGHT / 2 });
  const tree: Quadtree<Entry> = quadtree<Entry>()
    .x((e) => e.cx)
    .y((e) => e.cy)
    .addAll(entries);
  return {
    at(x, y) {
      // Nodes are wide boxes: search within half a width, then check the box exactly.
      const found = tree.find(x, y, NODE_WIDTH / 2 + 1);
      if (!found) return undefined;
      const inside =
        Math.abs(x - found.cx) <= NODE_WIDTH / 2 && Math.abs(y - found.cy) <= NODE_HEIGHT / 2;
      return inside ? found.id : undefined;
    },
  };
}
