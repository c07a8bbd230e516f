/**
 * The diagnosis as a viewer with part of the access gets it (the demo's cases in small,
 * lib/topology/diagnosis/testing/routing-cases.ts), against the same cluster seen whole:
 * - may not list EndpointSlices: no cause that needs the slices (mirroring, "no endpoints",
 *   "selector-less with no endpoints"); a Service whose endpoints are only in the slices is
 *   "not judged", health unknown; one routed from the v1 Endpoints it may read says so; the
 *   header names EndpointSlices;
 * - may list Services and EndpointSlices only: a slice with `ports: []` is broken from the slices
 *   alone, no endpoint naming a pod is "outside the cluster's pods";
 * and neither is offered a kubectl command of a kind they may not list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopologyWithDiagnoses } from '../topology';
import type { ServiceDiagnosis } from '../topology/diagnosis';
import { routingCases } from '../topology/diagnosis/testing/routing-cases';
import { accessSummary, makeScope, visibleSnapshot, type AccessScope } from './scope';
import { accessWords } from './wording';

const whole = routingCases();

function diagnosesFor(scope: AccessScope): Map<string, ServiceDiagnosis> {
  const { diagnoses } = buildTopologyWithDiagnoses(visibleSnapshot(scope, whole));
  return new Map(diagnoses.map((d) => [`${d.namespace}/${d.name}`, d]));
}

const codes = (d: ServiceDiagnosis) => d.reasons.map((r) => r.code);
const commands = (d: ServiceDiagnosis) => d.reasons.flatMap((r) => r.commands);

const wholeHealth = new Map(
  buildTopologyWithDiagnoses(whole).diagnoses.map((d) => [`${d.namespace}/${d.name}`, d.health]),
);

test('no EndpointSlices: no cause that needs them, and "not judged" where they hold the endpoints', () => {
  const scope = makeScope({ Service: true, Pod: true, Endpoints: true });
  const seen = diagnosesFor(scope);
  assert.equal(seen.size, wholeHealth.size);
  for (const [name, d] of seen) {
    for (const code of ['mirroring-refused', 'no-endpoints', 'selectorless-no-endpoints'])
      assert.ok(!codes(d).includes(code as never), `${name}: ${codes(d)}`);
    // Never worse than the truth: the same verdict, or unknown where nothing can be judged.
    assert.ok(
      d.health === wholeHealth.get(name) || d.health === 'unknown',
      `${name}: ${d.health}, seen whole ${wholeHealth.get(name)}`,
    );
    for (const c of commands(d)) assert.doesNotMatch(c, /get endpointslices/, name);
  }
  const fraud = seen.get('payments/fraud-scoring')!;
  assert.equal(fraud.health, 'unknown');
  assert.deepEqual(codes(fraud), ['not-judged']);
  assert.match(fraud.reasons[0]!.summary, /EndpointSlices, which you may not list/);
  assert.ok(
    !fraud.reasons[0]!.evidence.some((e) => e.value === 'none'),
    'no evidence that slices are absent',
  );
  for (const name of ['default/external-web', 'default/kubernetes', 'shop/frontend']) {
    const d = seen.get(name)!;
    assert.deepEqual(codes(d), ['healthy'], name);
    assert.match(d.reasons[0]!.summary, /as its v1 Endpoints lists them/, name);
    assert.equal(d.reasons[0]!.evidence[0]!.kind, 'Endpoints', name);
  }
  // Broken from what the pods say (the targetPort they do not declare), not from a count.
  assert.deepEqual(codes(seen.get('shop/checkout')!), ['target-port-not-served', 'not-judged']);
  assert.match(
    accessWords(accessSummary(scope, ['default', 'payments', 'shop']))?.detail ?? '',
    /may not list EndpointSlices/,
  );
});

test('Services and EndpointSlices only: a slice without ports is broken; pods are not "outside"', () => {
  const scope = makeScope({ Service: true, EndpointSlice: true });
  const seen = diagnosesFor(scope);
  const checkout = seen.get('shop/checkout')!;
  assert.equal(checkout.health, 'broken');
  assert.deepEqual(codes(checkout), ['endpoints-without-port']);
  assert.match(checkout.reasons[0]!.summary, /All 2 ready endpoints carry no port/);
  assert.deepEqual(checkout.reasons[0]!.evidence[0]!, {
    kind: 'EndpointSlice',
    namespace: 'shop',
    name: whole.endpointSlices.find((s) => s.serviceName === 'checkout')!.meta.name,
    field: 'ports',
    value: '[]',
  });
  const frontend = seen.get('shop/frontend')!;
  assert.equal(frontend.health, 'healthy');
  assert.equal(frontend.reasons[0]!.summary, 'Routes to 2 ready endpoints.');
  // Addresses that name no pod are outside the cluster's pods, as before.
  assert.match(seen.get('default/external-web')!.reasons[0]!.summary, /outside the cluster’s pods/);
  for (const [name, d] of seen) {
    assert.equal(d.health, wholeHealth.get(name), name);
    for (const c of commands(d)) assert.doesNotMatch(c, /get (pods|endpoints) /, name);
  }
});
