import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NearMiss, ServiceDiagnosis } from '../topology/diagnosis';
import { describeNode, nodeLabel } from './describe';
import { differingLabel, nearMissesOf } from './ghosts';
import { servicePath } from './navigation';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';

const typo = (name: string): NearMiss => ({
  kind: 'Pod',
  namespace: 'shop',
  name,
  podId: `pod:u-${name}`,
  match: 'value-typo',
  key: 'app',
  expected: 'ngnix',
  actual: 'nginx',
  hint: `pod ${name} has app=nginx, the selector wants app=ngnix`,
});

function diagnosisOf(serviceId: string, misses: NearMiss[]): ServiceDiagnosis {
  return {
    serviceId,
    namespace: 'shop',
    name: 'static-assets',
    health: 'broken',
    reasons: [
      {
        code: 'selector-matches-no-pods',
        severity: 'error',
        summary: 'selector app=ngnix matches none of the pods',
        evidence: [],
        commands: [],
        nearMisses: misses,
      },
    ],
  };
}

test('differing labels read pod ≠ selector', () => {
  assert.equal(differingLabel(typo('a')), 'app: nginx ≠ ngnix');
  assert.equal(
    differingLabel({
      ...typo('a'),
      match: 'key-typo',
      key: 'app',
      expected: 'web',
      actual: 'ap=web',
    }),
    'ap ≠ app: web',
  );
  assert.equal(
    differingLabel({
      ...typo('a'),
      match: 'key-missing',
      key: 'tier',
      expected: 'db',
      actual: undefined,
    }),
    'no tier (wants db)',
  );
});

test('near misses become ghosts with a labelled near-miss edge and an outline twin', () => {
  const topology = syntheticTopology([{ namespace: 'shop', name: 'static-assets', endpoints: 0 }]);
  const svc = topology.services[0]!;
  const diagnoses = new Map([
    [svc.id, diagnosisOf(svc.id, [typo('nginx-1'), typo('nginx-2'), typo('nginx-1')])],
  ]);
  const graph = buildDrawGraph(topology, { diagnoses });
  const ghosts = [...graph.nodes.values()].filter((n) => n.kind === 'ghost');
  assert.deepEqual(
    ghosts.map((g) => g.id),
    [`ghost:${svc.id}:shop/nginx-1`, `ghost:${svc.id}:shop/nginx-2`],
  );
  const edges = graph.edges.filter((e) => e.kind === 'near-miss');
  assert.deepEqual(
    edges.map((e) => [e.source, e.target, e.label]),
    ghosts.map((g) => [svc.id, g.id, 'app: nginx ≠ ngnix']),
  );
  const ghost = ghosts[0]!;
  assert.equal(
    describeNode(ghost, (id) => graph.nodes.get(id)),
    'Near-miss Pod shop/nginx-1, not selected by the Service: app: nginx ≠ ngnix',
  );
  assert.deepEqual(nodeLabel(ghost), ['nginx-1', 'near miss · app: nginx ≠ ngnix']);
  assert.deepEqual(
    graph.outline[0]!.children.map((c) => c.nodeId),
    ghosts.map((g) => g.id),
  );
  assert.ok(servicePath(graph, svc.id).has(ghost.id), 'ghosts belong to the Service path');
  // Without diagnoses there are none.
  assert.equal(
    [...buildDrawGraph(topology).nodes.values()].filter((n) => n.kind === 'ghost').length,
    0,
  );
});

test('at most six ghosts per Service, deduplicated across reasons', () => {
  const many = Array.from({ length: 9 }, (_, i) => typo(`p-${i}`));
  const d = diagnosisOf('svc:x', many);
  d.reasons.push({ ...d.reasons[0]!, nearMisses: [typo('p-0'), typo('z')] });
  assert.deepEqual(
    nearMissesOf(d).map((m) => m.name),
    ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5'],
  );
});
