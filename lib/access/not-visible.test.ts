/**
 * A pod the viewer may not see behind a Service they may see: the endpoint stays, says "pod not
 * visible to you" (model, graph label, accessible name) and is not diagnosed as a missing pod or
 * a selector matching nothing; the same Service seen whole is healthy, and a pod that really is
 * missing is still a fault.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNode, nodeLabel } from '../graph/describe';
import { buildTopologyWithDiagnoses } from '../topology';
import { podRecord, serviceRecord } from '../topology/testing/objects';
import { withControllers } from '../topology/testing/snapshots';
import { makeScope, visibleSnapshot } from './scope';
import type { DrawNode } from '../graph/draw-types';

const svc = serviceRecord('team-a', 'web', { selector: { app: 'web' } });
const pods = [podRecord('team-a', 'web-1', { labels: { app: 'web' } })];
const whole = withControllers({ services: [svc], pods });

test('a hidden pod is "not visible to you", never a missing one', () => {
  const scope = makeScope({
    Service: ['team-a'],
    EndpointSlice: ['team-a'],
    Endpoints: ['team-a'],
  });
  const seen = visibleSnapshot(scope, whole);
  assert.equal(seen.pods.length, 0);
  const { topology, diagnoses } = buildTopologyWithDiagnoses(seen);
  const [ep] = topology.endpoints;
  assert.ok(ep, 'the endpoint stays');
  assert.equal(ep.targetHidden, 'not-visible');
  assert.equal(topology.pods.length, 0);
  assert.equal(topology.externals.length, 0, 'not drawn as an external address');
  const codes = diagnoses[0]!.reasons.map((r) => r.code);
  assert.ok(!codes.includes('endpoint-target-missing'), codes.join());
  assert.ok(!codes.includes('selector-matches-no-pods'), codes.join());
  assert.equal(diagnoses[0]!.health, buildTopologyWithDiagnoses(whole).diagnoses[0]!.health);
  const node: DrawNode = {
    id: ep.id,
    kind: 'endpoint',
    column: 1,
    block: ep.serviceId,
    endpoint: ep,
    condition: ep.condition,
  };
  assert.match(
    describeNode(node, () => undefined),
    /pod not visible to you/,
  );
  assert.match(nodeLabel(node).join(' '), /pod not visible to you/);
});

test('without a visibility the same absence is still a fault', () => {
  const { diagnoses } = buildTopologyWithDiagnoses({ ...whole, pods: [] });
  const codes = diagnoses[0]!.reasons.map((r) => r.code);
  assert.ok(
    codes.includes('endpoint-target-missing') || codes.includes('selector-matches-no-pods'),
  );
});
