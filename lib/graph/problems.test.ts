import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Topology } from '../topology/model';
import {
  headlineReason,
  healthPending,
  problemCountsByNamespace,
  rankProblemEntries,
  trackHealthSince,
  type SinceTable,
} from './problems';
import { buildDrawGraph } from './view-model';
import { syntheticTopology, withHealth, type SyntheticService } from './testing/synthetic-topology';

const specs: SyntheticService[] = [
  { namespace: 'default', name: 'api', endpoints: 2 },
  { namespace: 'shop', name: 'cart', endpoints: 3 },
  { namespace: 'shop', name: 'checkout', endpoints: 2 },
  { namespace: 'shop', name: 'static-assets', endpoints: 2 },
];

const names = (t: Topology, since: SinceTable) =>
  rankProblemEntries(t, since).map((e) => `${e.service.name}@${e.since.at}:${e.since.basis}`);

test('rail order: broken before degraded, newest problem first, then namespace/name', () => {
  const base = syntheticTopology(specs);
  const t0 = withHealth(base, { cart: 'warning', checkout: 'broken' });
  let since = trackHealthSince(null, t0, 'T0');
  assert.deepEqual(names(t0, since), ['checkout@T0:first-seen', 'cart@T0:first-seen']);

  const t1 = withHealth(base, { cart: 'warning', checkout: 'broken', 'static-assets': 'broken' });
  since = trackHealthSince(since, t1, 'T1');
  assert.deepEqual(names(t1, since), [
    'static-assets@T1:changed',
    'checkout@T0:first-seen',
    'cart@T0:first-seen',
  ]);

  // degraded → broken restarts "since"; an unchanged health keeps it.
  const t2 = withHealth(base, { cart: 'broken', checkout: 'broken', 'static-assets': 'broken' });
  since = trackHealthSince(since, t2, 'T2');
  assert.deepEqual(names(t2, since), [
    'cart@T2:changed',
    'static-assets@T1:changed',
    'checkout@T0:first-seen',
  ]);

  // Fixed, then broken again: since is the new break.
  const t3 = withHealth(base, { checkout: 'broken' });
  since = trackHealthSince(since, t3, 'T3');
  assert.deepEqual(names(t3, since), ['checkout@T0:first-seen']);
  const t4 = withHealth(base, { checkout: 'broken', api: 'warning' });
  since = trackHealthSince(since, t4, 'T4');
  assert.deepEqual(names(t4, since), ['checkout@T0:first-seen', 'api@T4:changed']);
});

test('a change seen while the data is not live is "first-seen": it may be older', () => {
  const base = syntheticTopology(specs);
  const t0 = withHealth(base, {});
  let since = trackHealthSince(null, t0, 'T0', false);
  const t1 = withHealth(base, { cart: 'broken' });
  since = trackHealthSince(since, t1, 'T1', false);
  assert.deepEqual(names(t1, since), ['cart@T1:first-seen']);
  const t2 = withHealth(base, { cart: 'broken', checkout: 'broken' });
  since = trackHealthSince(since, t2, 'T2', true);
  assert.deepEqual(names(t2, since), ['checkout@T2:changed', 'cart@T1:first-seen']);
});

test('from health unknown to a problem is learnt, not seen changing: "first-seen"', () => {
  const base = syntheticTopology(specs);
  let since = trackHealthSince(null, withHealth(base, { cart: 'unknown' }), 'T0');
  const t1 = withHealth(base, { cart: 'broken' });
  since = trackHealthSince(since, t1, 'T1');
  assert.deepEqual(names(t1, since), ['cart@T1:first-seen']);
});

test('a health not known yet (DNS answer pending) that the answer says is broken: "first-seen"', () => {
  // payments/billing-gateway: an ExternalName whose name does not resolve reads healthy (no
  // claim) until the page has the DNS answer, about a second after the first picture.
  const base = syntheticTopology(specs);
  const gateway = base.services.find((s) => s.name === 'cart')!.id;
  const waiting = (s: { id: string }) => s.id === gateway;
  let since = trackHealthSince(null, withHealth(base, {}), 'T0', true, waiting);
  assert.equal(since.get(gateway)?.pending, true);
  const answered = withHealth(base, { cart: 'broken' });
  since = trackHealthSince(since, answered, 'T1', true, () => false);
  assert.deepEqual(names(answered, since), ['cart@T1:first-seen']);
  assert.equal(since.get(gateway)?.pending, undefined);
  // A real change after the answer is seen changing: fixed, then broken again.
  since = trackHealthSince(since, withHealth(base, {}), 'T2');
  since = trackHealthSince(since, answered, 'T3');
  assert.deepEqual(names(answered, since), ['cart@T3:changed']);
});

test('an answer that confirms the health read meanwhile keeps "since", and later breaks are changes', () => {
  const base = syntheticTopology(specs);
  const cart = base.services.find((s) => s.name === 'cart')!.id;
  let since = trackHealthSince(null, withHealth(base, {}), 'T0', true, (s) => s.id === cart);
  since = trackHealthSince(since, withHealth(base, {}), 'T1');
  assert.deepEqual(since.get(cart), { health: 'healthy', at: 'T0', basis: 'first-seen' });
  const broken = withHealth(base, { cart: 'broken' });
  since = trackHealthSince(since, broken, 'T2');
  assert.deepEqual(names(broken, since), ['cart@T2:changed']);
});

test('healthPending: only an ExternalName Service with no DNS answer for its name yet', () => {
  const [service] = syntheticTopology(specs).services;
  const external = {
    ...service!,
    serviceType: 'ExternalName' as const,
    externalName: 'pay.example',
  };
  assert.equal(healthPending(service!, undefined), false);
  assert.equal(healthPending(external, undefined), true);
  assert.equal(healthPending(external, { 'other.example': { ok: true } }), true);
  assert.equal(
    healthPending(external, { 'pay.example.': { ok: false, error: 'NXDOMAIN' } }),
    false,
  );
});

test('the since-table keeps its identity when no health changed', () => {
  const t0 = withHealth(syntheticTopology(specs), { cart: 'broken' });
  const since = trackHealthSince(null, t0, 'T0');
  assert.equal(trackHealthSince(since, { ...t0 }, 'T1'), since);
});

test('counts per namespace: most broken first; health unknown is not "degraded"', () => {
  const more = [...specs, { namespace: 'shop', name: 'frontend', endpoints: 2 }];
  const t = withHealth(syntheticTopology(more), {
    api: 'broken',
    cart: 'warning',
    checkout: 'broken',
    'static-assets': 'broken',
    frontend: 'unknown',
  });
  const counts = problemCountsByNamespace(rankProblemEntries(t, trackHealthSince(null, t, 'T')));
  assert.deepEqual(counts, [
    { namespace: 'shop', broken: 2, degraded: 1, unknown: 1 },
    { namespace: 'default', broken: 1, degraded: 0, unknown: 0 },
  ]);
});

test('a namespace with a problem is never collapsed: its broken Services stay drawn', () => {
  const big: SyntheticService[] = [];
  for (let i = 0; i < 60; i++)
    big.push({ namespace: `ns-${i % 3}`, name: `svc-${String(i).padStart(3, '0')}`, endpoints: 4 });
  big.push({ namespace: 'ns-0', name: 'zz-broken', endpoints: 0 });
  const topology = syntheticTopology(big);
  const graph = buildDrawGraph(topology, { maxDrawnNodes: 50 });
  const broken = topology.services.find((s) => s.name === 'zz-broken')!;
  assert.ok(graph.collapsedNamespaces.includes('ns-0'), 'the healthy rest of ns-0 is grouped');
  assert.ok(graph.nodes.has(broken.id), 'the broken Service is drawn');
  const group = graph.nodes.get('grp:ns:ns-0')!;
  assert.equal(group.group?.healthyRest, true);
  assert.equal(group.group?.count, 20);
  assert.equal(group.health, 'healthy');
  // Every drawn node has an outline twin.
  const listed = new Set<string>();
  const walk = (entries: typeof graph.outline) => {
    for (const e of entries) {
      listed.add(e.nodeId);
      walk(e.children);
    }
  };
  walk(graph.outline);
  assert.deepEqual([...listed].sort(), [...graph.nodes.keys()].sort());
});

test('the headline reason is the root cause, never a symptom another reason explains', () => {
  const reason = (code: string, severity: 'error' | 'warning' | 'info', causedBy?: string) => ({
    code,
    severity,
    summary: code,
    evidence: [],
    commands: [],
    ...(causedBy ? { causedBy } : {}),
  });
  const diagnosis = (reasons: ReturnType<typeof reason>[]) =>
    ({
      serviceId: 's',
      namespace: 'n',
      name: 'x',
      health: 'broken',
      reasons,
    }) as unknown as Parameters<typeof headlineReason>[0];
  assert.equal(
    headlineReason(
      diagnosis([
        reason('scaled-to-zero', 'error'),
        reason('no-endpoints', 'error', 'scaled-to-zero'),
        reason('selector-matches-no-pods', 'error', 'scaled-to-zero'),
      ]),
    )?.code,
    'scaled-to-zero',
  );
  assert.equal(
    headlineReason(
      diagnosis([reason('no-endpoints', 'error'), reason('selector-matches-no-pods', 'error')]),
    )?.code,
    'selector-matches-no-pods',
  );
  // A bare symptom at the top: its cause (even of lower severity) says more in one line.
  assert.equal(
    headlineReason(
      diagnosis([reason('pods-not-ready', 'warning'), reason('no-ready-endpoints', 'error')]),
    )?.code,
    'pods-not-ready',
  );
  assert.equal(headlineReason(diagnosis([reason('healthy', 'info')])), undefined);
});
