import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DnsResults, ServiceDiagnosis } from '../topology/diagnosis';
import { LiveModel } from '../topology/live-model';
import { toClusterSnapshot } from '../topology/records';
import { assembleTopology, serviceFragment } from '../topology/build';
import { indexSnapshot } from '../topology/snapshot-index';
import { Churn } from '../topology/testing/churn';
import { manualSlice } from '../topology/testing/endpoints';
import { podRecord, serviceRecord } from '../topology/testing/objects';
import { snapshotOf } from '../topology/testing/snapshots';
import { createBlockMemo, type BlockMemo } from './block-memo';
import type { DrawGraph, DrawNode, ViewOptions } from './draw-types';
import { layoutGraph, relayout, type Layout } from './layout';
import { syntheticTopology } from './testing/synthetic-topology';
import { buildDrawGraph } from './view-model';
import { createWorkloadIndex } from './workloads';

const DNS: DnsResults = { 'db.example.com': { ok: false, error: 'NXDOMAIN' } };

/** View options that change now and then, as a person's clicks would; the same objects between. */
function viewChanger(churn: Churn) {
  let expanded = new Set<string>();
  let view: Omit<ViewOptions, 'diagnoses' | 'workloads'> = { drawAll: true, expanded };
  return (graph: DrawGraph | null) => {
    if (churn.int(6) !== 0) return view;
    const groups = graph
      ? [...graph.nodes.values()].filter((n) =>
          ['endpoint-group', 'namespace-group', 'workload'].includes(n.kind),
        )
      : [];
    if (groups.length && churn.int(2) === 0) {
      expanded = new Set(expanded);
      const id = churn.pick(groups).id;
      if (!expanded.delete(id)) expanded.add(id);
    }
    view = {
      drawAll: churn.int(3) === 0,
      expanded,
      maxEndpointsPerService: churn.pick([2, 4, 50]),
      maxDrawnNodes: churn.pick([8, 20, 10_000]),
      ...(churn.int(4) === 0 ? { namespaces: [churn.pick(['ns-a', 'ns-b', 'ns-c'])] } : {}),
      ...(churn.int(5) === 0 ? { problemsOnly: true } : {}),
      ...(churn.int(5) === 0 ? { query: churn.pick(['web', 'api', 'ns-b', '10.1.0']) } : {}),
    };
    return view;
  };
}

/** Who reaches which target, and which targets are shared, as worked out afresh from the memo. */
function assertReachKept(memo: BlockMemo, where: string) {
  const reach = new Map<string, Set<string>>();
  for (const [service, held] of memo.byService)
    for (const target of held.targetIds) {
      if (!reach.has(target)) reach.set(target, new Set());
      reach.get(target)!.add(service);
    }
  assert.deepStrictEqual(memo.reach, reach, `${where}: who reaches each target`);
  const shared = new Map<string, Set<string>>();
  for (const [target, by] of reach)
    if (by.size > 1)
      for (const service of by) {
        if (!shared.has(service)) shared.set(service, new Set());
        shared.get(service)!.add(target);
      }
  const kept = new Map([...memo.shared].filter(([, targets]) => targets.size > 0));
  assert.deepStrictEqual(kept, shared, `${where}: shared targets`);
}

describe('a build with the block memo equals a build without one', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    test(`seed ${seed}: 150 random changes and view changes`, () => {
      const churn = new Churn(seed);
      const model = new LiveModel();
      model.apply(churn.seed());
      const memo = createBlockMemo();
      const workloadIndex = createWorkloadIndex();
      const nextView = viewChanger(churn);
      let layout: Layout | null = null;
      let previous: DrawGraph | null = null;
      let previousNodes: Map<string, DrawNode> | null = null;
      let kept: Layout | null = null;
      let reused = 0;
      for (let step = 1; step <= 150; step++) {
        const batch = churn.step();
        model.apply(batch);
        const where = `seed ${seed}, step ${step} (${batch.what})`;
        const { topology, diagnoses } = model.topologyWithDiagnoses(DNS);
        const options: ViewOptions = {
          ...nextView(previous),
          diagnoses: new Map<string, ServiceDiagnosis>(diagnoses.map((d) => [d.serviceId, d])),
          workloads: workloadIndex(toClusterSnapshot(churn.records.values())),
        };
        const withMemo = buildDrawGraph(topology, options, memo);
        assert.deepStrictEqual(withMemo, buildDrawGraph(topology, options), where);
        // The layout of a reused block object equals laying out an equal new one.
        const next = layoutGraph(withMemo, layout);
        assert.deepStrictEqual(
          { ...next, blocks: [...next.blocks].map(([id, b]) => [id, { ...b, source: null }]) },
          (({ blocks, ...rest }) => ({
            ...rest,
            blocks: [...blocks].map(([id, b]) => [id, { ...b, source: null }]),
          }))(layoutGraph(structuredClone(withMemo), layout)),
          where,
        );
        // The kept position table, updated in place, equals the layout made afresh.
        if (!kept) kept = layoutGraph(withMemo, null);
        else {
          const gone = [...memo.before].filter(([id, v]) => v && !withMemo.nodes.has(id));
          kept = relayout(
            withMemo,
            kept,
            gone.map(([id]) => id),
          ).layout;
        }
        assert.deepStrictEqual(
          { ...kept, blocks: [...kept.blocks].map(([id, b]) => [id, b.start, b.height]) },
          { ...next, blocks: [...next.blocks].map(([id, b]) => [id, b.start, b.height]) },
          `${where}: kept layout`,
        );
        // The table is the memo's, updated in place: `before` names every id whose value
        // changed, with the value it had.
        if (previousNodes) {
          for (const node of withMemo.nodes.values())
            if (previousNodes.get(node.id) === node) reused++;
          for (const id of new Set([...previousNodes.keys(), ...withMemo.nodes.keys()]))
            if (previousNodes.get(id) !== withMemo.nodes.get(id))
              assert.ok(memo.before.has(id), `${where}: ${id} changed and is listed`);
          for (const [id, value] of memo.before)
            assert.equal(value, previousNodes.get(id), `${where}: ${id}'s value before`);
        }
        assertReachKept(memo, where);
        previous = withMemo;
        previousNodes = new Map(withMemo.nodes);
        layout = next;
      }
      assert.ok(reused > 0, 'untouched Services kept their nodes');
    });
  }
});

test('a readiness flip re-emits only the Service it touches: every other block is the same objects', () => {
  const churn = new Churn(11);
  const model = new LiveModel();
  model.apply(churn.seed());
  for (let i = 0; i < 30; i++) model.apply(churn.step());
  const memo = createBlockMemo();
  const build = () =>
    buildDrawGraph(model.topologyWithDiagnoses(DNS).topology, { drawAll: true }, memo);
  const before = build();
  const nodesBefore = new Map(before.nodes);
  const slice = churn
    .of('EndpointSlice')
    .find((s) => s.serviceName && s.endpoints.some((e) => e.targetRef?.uid && e.ready !== false));
  assert.ok(slice, 'the churned cluster has a ready endpoint');
  const flipped = slice.endpoints.find((e) => e.targetRef?.uid && e.ready !== false)!;
  model.apply({
    upserts: [
      {
        ...slice,
        meta: { ...slice.meta, resourceVersion: `${slice.meta.resourceVersion}-flip` },
        endpoints: slice.endpoints.map((e) => (e === flipped ? { ...e, ready: false } : e)),
      },
    ],
    deletes: [],
  });
  const after = build();
  const touched = `${slice.meta.namespace}/${slice.serviceName}`;
  const serviceName = (blockId: string) => {
    const service = after.nodes.get(blockId)?.service;
    return service && `${service.namespace}/${service.name}`;
  };
  let kept = 0;
  for (const block of after.blocks) {
    const old = before.blocks.find((b) => b.id === block.id);
    const name = serviceName(block.id);
    if (name === touched) {
      assert.notEqual(block, old, `${name} is re-emitted`);
      continue;
    }
    assert.equal(block, old, `${name ?? block.id} keeps its block`);
    for (const column of block.columns)
      for (const id of column) assert.equal(after.nodes.get(id), nodesBefore.get(id), id);
    kept++;
  }
  assert.ok(kept > 0, 'some blocks were untouched');
  assert.equal(after.nodes, before.nodes, 'one node table, updated in place');
  assert.ok(
    [...memo.before.keys()].every(
      (id) => serviceName(after.nodes.get(id)?.block ?? '') === touched,
    ),
    'the build touched the flipped Service’s nodes only',
  );
});

describe('what a Service reaches is checked, not assumed from its own objects', () => {
  const specs = [
    { namespace: 'default', name: 'api', endpoints: 3 },
    { namespace: 'default', name: 'web', endpoints: 2 },
  ];

  test('a pod that changed under unchanged endpoints is drawn anew', () => {
    const memo = createBlockMemo();
    const topology = syntheticTopology(specs);
    buildDrawGraph(topology, { drawAll: true }, memo);
    const [first, ...rest] = topology.pods;
    const relabelled = { ...topology, pods: [{ ...first!, labels: { app: 'moved' } }, ...rest] };
    const graph = buildDrawGraph(relabelled, { drawAll: true }, memo);
    assert.deepStrictEqual(graph, buildDrawGraph(relabelled, { drawAll: true }));
    assert.equal(graph.nodes.get(first!.id)?.pod, relabelled.pods[0], 'the relabelled pod object');
  });

  test('a near miss that appears under an unchanged Service is drawn as a ghost', () => {
    const memo = createBlockMemo();
    const topology = syntheticTopology(specs);
    buildDrawGraph(topology, { drawAll: true }, memo);
    const api = topology.services.find((s) => s.name === 'api')!;
    const pod = topology.pods[0]!;
    const diagnoses = new Map([
      [
        api.id,
        {
          serviceId: api.id,
          health: 'broken',
          reasons: [
            {
              code: 'selector-matches-nothing',
              nearMisses: [
                {
                  kind: 'Pod',
                  namespace: 'default',
                  name: 'apii-0',
                  podId: pod.id,
                  match: 'value-typo',
                  key: 'app',
                  expected: 'api',
                  actual: 'apii',
                  hint: 'pod apii-0 has app=apii, the selector wants app=api',
                },
              ],
            },
          ],
        } as unknown as ServiceDiagnosis,
      ],
    ]);
    const graph = buildDrawGraph(topology, { drawAll: true, diagnoses }, memo);
    assert.deepStrictEqual(graph, buildDrawGraph(topology, { drawAll: true, diagnoses }));
    assert.ok([...graph.nodes.values()].some((n) => n.kind === 'ghost'));
  });
});

test('a kept Service whose target pod changed while its own fragment did not is drawn with the new pod', () => {
  // Service a lists pod p by hand; Service b selects it. Only b's fragment is made again when p
  // moves to another node: a's context must still notice that its target is a new object.
  const pod = podRecord('shop', 'p', { labels: { app: 'b' }, nodeName: 'node-1' });
  const a = serviceRecord('shop', 'a');
  const b = serviceRecord('shop', 'b', { selector: { app: 'b' } });
  const target = { kind: 'Pod', namespace: 'shop', name: 'p', uid: pod.meta.uid };
  const slice = manualSlice('shop', 'a-1', 'a', {
    endpoints: [{ addresses: [pod.podIP!], ready: true, targetRef: target }],
  });
  const before = snapshotOf({ services: [a, b], pods: [pod], endpointSlices: [slice] });
  const index = indexSnapshot(before);
  const keptFragment = serviceFragment(index, a);
  const first = assembleTopology(index, [keptFragment, serviceFragment(index, b)]);
  const moved = { ...pod, nodeName: 'node-2' };
  const afterIndex = indexSnapshot({ ...before, pods: [moved] });
  const second = assembleTopology(afterIndex, [keptFragment, serviceFragment(afterIndex, b)]);

  const memo = createBlockMemo();
  buildDrawGraph(first, { drawAll: true }, memo);
  const graph = buildDrawGraph(second, { drawAll: true }, memo);
  assert.equal(graph.nodes.get(`pod:${pod.meta.uid}`)?.pod?.nodeName, 'node-2');
  assert.deepStrictEqual(graph, buildDrawGraph(second, { drawAll: true }));
});
