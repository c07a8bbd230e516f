import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEPT_GAP_ROWS, layoutGraph, ROW_HEIGHT, type Layout } from './layout';
import { buildDrawGraph } from './view-model';
import { problemServices } from './problems';
import {
  syntheticCluster,
  syntheticTopology,
  type SyntheticService,
} from './testing/synthetic-topology';

function assertNoOverlaps(layout: Layout) {
  const seen = new Map<string, string>();
  for (const [id, pos] of layout.positions) {
    const key = `${pos.column}:${pos.row}`;
    assert.equal(seen.get(key), undefined, `${id} overlaps ${seen.get(key)} at ${key}`);
    seen.set(key, id);
    assert.ok(Number.isFinite(pos.x) && Number.isFinite(pos.y));
  }
}

const base: SyntheticService[] = [
  { namespace: 'default', name: 'ingress-nginx', endpoints: 2 },
  { namespace: 'default', name: 'external-web', endpoints: 1, external: true },
  { namespace: 'shop', name: 'api', endpoints: 3, notReady: 1 },
  { namespace: 'shop', name: 'cart', endpoints: 0 },
];

test('columns in order (no workloads given: none drawn), one block per Service in namespace/name order, no overlaps', () => {
  const graph = buildDrawGraph(syntheticTopology(base));
  const layout = layoutGraph(graph);
  assertNoOverlaps(layout);
  const svcRows = graph.blocks.map((b) => layout.positions.get(b.columns[0][0]!)!.row);
  assert.deepEqual(
    graph.blocks.map((b) => graph.nodes.get(b.id)!.service!.name),
    ['external-web', 'ingress-nginx', 'api', 'cart'],
  );
  assert.deepEqual(
    svcRows,
    [...svcRows].sort((a, b) => a - b),
  );
  for (const node of graph.nodes.values()) {
    assert.equal(layout.positions.get(node.id)!.column, node.column);
  }
  // Every edge stays inside its Service's band: no long edges across the map.
  for (const edge of graph.edges) {
    const a = layout.positions.get(edge.source)!;
    const b = layout.positions.get(edge.target)!;
    assert.ok(Math.abs(a.row - b.row) < 4, `${edge.id} spans ${a.row}→${b.row}`);
  }
});

test('deterministic: the same input gives identical positions', () => {
  const a = layoutGraph(buildDrawGraph(syntheticTopology(syntheticCluster(300))));
  const b = layoutGraph(buildDrawGraph(syntheticTopology(syntheticCluster(300))));
  assert.deepEqual([...a.positions], [...b.positions]);
});

test('stable: adding endpoints to one Service moves nothing above it and keeps its own nodes', () => {
  const g1 = buildDrawGraph(syntheticTopology(base));
  const l1 = layoutGraph(g1);
  const grown = base.map((s) => (s.name === 'ingress-nginx' ? { ...s, endpoints: 4 } : s));
  const g2 = buildDrawGraph(syntheticTopology(grown));
  const l2 = layoutGraph(g2, l1);
  assertNoOverlaps(l2);
  const ingressStart = l1.blocks.get('svc:u-default-ingress-nginx')!.start;
  for (const [id, before] of l1.positions) {
    const after = l2.positions.get(id);
    assert.ok(after, `${id} still drawn`);
    if (before.row < ingressStart || g1.nodes.get(id)!.block === 'svc:u-default-ingress-nginx')
      assert.deepEqual(after, before, `${id} kept its slot`);
    else assert.ok(after.row - before.row <= 2, `${id} shifted minimally`);
  }
});

test('stable: removing a pod leaves every other node in place (blocks do not shrink)', () => {
  const g1 = buildDrawGraph(syntheticTopology(base));
  const l1 = layoutGraph(g1);
  const shrunk = base.map((s) => (s.name === 'api' ? { ...s, endpoints: 2, notReady: 1 } : s));
  const l2 = layoutGraph(buildDrawGraph(syntheticTopology(shrunk)), l1);
  for (const [id, after] of l2.positions) assert.deepEqual(after, l1.positions.get(id), id);
});

test('stable: a new Service inserted in the middle shifts only the blocks after it', () => {
  const g1 = buildDrawGraph(syntheticTopology(base));
  const l1 = layoutGraph(g1);
  const withNew = [...base, { namespace: 'default', name: 'middle', endpoints: 1 }];
  const l2 = layoutGraph(buildDrawGraph(syntheticTopology(withNew)), l1);
  assertNoOverlaps(l2);
  const inserted = l2.blocks.get('svc:u-default-middle')!;
  for (const [id, before] of l1.positions) {
    const after = l2.positions.get(id)!;
    if (before.row < inserted.start) assert.deepEqual(after, before, id);
    else assert.equal(after.row - before.row, inserted.height + 1, `${id} moved by one block`);
  }
});

test('freed rows are reused by new nodes in the same block', () => {
  const g1 = buildDrawGraph(syntheticTopology(base));
  const l1 = layoutGraph(g1);
  const l2 = layoutGraph(
    buildDrawGraph(
      syntheticTopology(base.map((s) => (s.name === 'api' ? { ...s, endpoints: 1 } : s))),
    ),
    l1,
  );
  const l3 = layoutGraph(buildDrawGraph(syntheticTopology(base)), l2);
  assertNoOverlaps(l3);
  assert.equal(l3.rows, l1.rows, 'no growth when refilling reserved rows');
});

test('10,000 Services lay out without overlaps and the default view stays within budget (C3)', () => {
  const topology = syntheticTopology(syntheticCluster(10_000));
  const graph = buildDrawGraph(topology);
  assert.ok(graph.nodes.size <= 5000, `drawn ${graph.nodes.size}`);
  assert.ok(graph.collapsedNamespaces.length > 0);
  const layout = layoutGraph(graph);
  assertNoOverlaps(layout);
  // Everything drawn when asked: > 10k nodes, still overlap-free.
  const all = buildDrawGraph(topology, { drawAll: true });
  assert.ok(all.nodes.size > 10_000);
  const full = layoutGraph(all);
  assertNoOverlaps(full);
  assert.equal(full.height, full.rows * ROW_HEIGHT);
});

test('a Service with many endpoints collapses them into one group node, expandable', () => {
  const topology = syntheticTopology([
    { namespace: 'big', name: 'monster', endpoints: 1200, notReady: 20 },
  ]);
  const graph = buildDrawGraph(topology);
  const group = graph.nodes.get('grp:eps:svc:u-big-monster');
  assert.ok(group);
  assert.deepEqual(group.group, { count: 1200, ready: 1180, notReady: 20, terminating: 0 });
  assert.equal(graph.nodes.size, 2);
  const expanded = buildDrawGraph(topology, { expanded: new Set(['grp:eps:svc:u-big-monster']) });
  assert.equal(expanded.nodes.size, 1 + 1200 * 2);
});

test('filters: namespaces, name, label, IP and only problems', () => {
  const topology = syntheticTopology(base);
  const names = (opts: Parameters<typeof buildDrawGraph>[1]) =>
    buildDrawGraph(topology, opts)
      .blocks.map((b) => b.id)
      .sort();
  assert.deepEqual(names({ namespaces: ['shop'] }), ['svc:u-shop-api', 'svc:u-shop-cart']);
  assert.deepEqual(names({ query: 'nginx' }), ['svc:u-default-ingress-nginx']);
  assert.deepEqual(names({ query: 'app=api' }), ['svc:u-shop-api']);
  assert.deepEqual(names({ query: '192.0.1.' }), ['svc:u-default-external-web']);
  assert.deepEqual(names({ problemsOnly: true }), ['svc:u-shop-api', 'svc:u-shop-cart']);
  assert.deepEqual(
    problemServices(topology).map((s) => s.name),
    ['cart', 'api'],
    'worst first',
  );
});

test('the outline mirrors every drawn node', () => {
  const graph = buildDrawGraph(syntheticTopology(base));
  const inOutline = new Set<string>();
  const walk = (entries: typeof graph.outline) => {
    for (const e of entries) {
      inOutline.add(e.nodeId);
      walk(e.children);
    }
  };
  walk(graph.outline);
  assert.deepEqual([...inOutline].sort(), [...graph.nodes.keys()].sort());
});

test('focusing a Service opens its namespace without changing which others collapse', () => {
  const topology = syntheticTopology(syntheticCluster(10_000));
  const plain = buildDrawGraph(topology);
  const target = topology.services.find((s) => plain.collapsedNamespaces.includes(s.namespace))!;
  const focused = buildDrawGraph(topology, { keepServiceId: target.id });
  assert.ok(focused.nodes.has(target.id));
  assert.deepEqual(
    focused.collapsedNamespaces,
    plain.collapsedNamespaces.filter((ns) => ns !== target.namespace),
  );
});

test('stable: a Service that goes leaves its rows empty, and one added there takes them', () => {
  const three: SyntheticService[] = [
    { namespace: 'default', name: 'a', endpoints: 2 },
    { namespace: 'default', name: 'b', endpoints: 2 },
    { namespace: 'default', name: 'c', endpoints: 2 },
  ];
  const layoutOf = (specs: SyntheticService[], previous: Layout | null) =>
    layoutGraph(buildDrawGraph(syntheticTopology(specs), { drawAll: true }), previous);
  const l1 = layoutOf(three, null);
  const start = (l: Layout, name: string) => l.blocks.get(`svc:u-default-${name}`)?.start;
  const l2 = layoutOf([three[0]!, three[2]!], l1);
  assert.equal(start(l2, 'c'), start(l1, 'c'), 'the block below stays');
  assert.equal(l2.rows, l1.rows, 'the gap is kept');
  // Another Service at the same place takes the empty rows: still nothing else moves.
  const l3 = layoutOf(
    [three[0]!, { namespace: 'default', name: 'b2', endpoints: 1 }, three[2]!],
    l2,
  );
  assertNoOverlaps(l3);
  assert.equal(start(l3, 'b2'), start(l1, 'b'));
  assert.equal(start(l3, 'c'), start(l1, 'c'));
  assert.equal(start(l3, 'a'), start(l1, 'a'));
});

test(`a gap wider than ${KEPT_GAP_ROWS} rows closes, and a filter draws its blocks from the top`, () => {
  const specs: SyntheticService[] = [
    { namespace: 'default', name: 'a', endpoints: 1 },
    { namespace: 'default', name: 'big', endpoints: KEPT_GAP_ROWS + 2 },
    { namespace: 'default', name: 'c', endpoints: 1 },
  ];
  const l1 = layoutGraph(buildDrawGraph(syntheticTopology(specs), { drawAll: true }));
  const without = [specs[0]!, specs[2]!];
  const l2 = layoutGraph(buildDrawGraph(syntheticTopology(without), { drawAll: true }), l1);
  assert.equal(
    l2.blocks.get('svc:u-default-c')!.start,
    l1.blocks.get('svc:u-default-a')!.height + 1,
  );
  const shop = layoutGraph(
    buildDrawGraph(syntheticTopology(base), { namespaces: ['shop'], drawAll: true }),
    layoutGraph(
      buildDrawGraph(syntheticTopology([...base, ...syntheticCluster(40)]), { drawAll: true }),
    ),
  );
  assert.equal(Math.min(...[...shop.blocks.values()].map((b) => b.start)), 0);
});
