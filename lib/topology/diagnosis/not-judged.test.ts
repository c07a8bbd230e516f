/**
 * Nothing is concluded from what cannot be judged (lib/topology/judgeable.ts): EndpointSlices
 * the viewer may not list, or kinds the dashboard has not read yet (a fresh hub, a cluster read
 * again after a restart). Where the endpoints themselves cannot be judged the Service's health
 * is unknown and `not-judged` says why; endpoints that are seen still speak (a ready endpoint
 * without a port is `endpoints-without-port`, from the slices alone); the same cluster read
 * whole keeps its verdicts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointCountText } from '../../graph/describe';
import { buildTopologyWithDiagnoses } from '../index';
import { unreadKinds } from '../judgeable';
import { LiveModel } from '../live-model';
import type { ClusterSnapshot, RecordKind } from '../records';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';
import { routingCases } from './testing/routing-cases';
import { diagnoseAll } from './index';

const NAMES = [
  'default/external-web',
  'default/kubernetes',
  'payments/fraud-scoring',
  'shop/checkout',
  'shop/frontend',
];

function byName(snapshot: ClusterSnapshot) {
  return new Map(diagnoseAll(snapshot).map((d) => [`${d.namespace}/${d.name}`, d]));
}

/** What a hub still listing `unread` holds: those kinds empty, and said to be unread. */
function reading(unread: RecordKind[]): ClusterSnapshot {
  const whole = routingCases();
  const field = {
    Pod: 'pods',
    EndpointSlice: 'endpointSlices',
    Endpoints: 'endpoints',
  } as const;
  const out: ClusterSnapshot = { ...whole, unread };
  for (const kind of unread) out[field[kind as keyof typeof field]] = [];
  return out;
}

describe('diagnosis: what cannot be judged', () => {
  it('read whole, the cases keep their verdicts and nothing is "not judged"', () => {
    const whole = byName(routingCases());
    assert.deepEqual([...whole.keys()], NAMES);
    for (const [name, d] of whole) {
      assert.equal(d.health, name === 'shop/checkout' ? 'broken' : 'healthy', name);
      assert.ok(!codes(d).includes('not-judged'), name);
    }
    // The slice's ports: [] is the symptom the pods' undeclared targetPort explains.
    const checkout = whole.get('shop/checkout')!;
    assert.deepEqual(codes(checkout), ['target-port-not-served', 'endpoints-without-port']);
    assert.equal(reason(checkout, 'endpoints-without-port').causedBy, 'target-port-not-served');
  });

  it('pods not read yet: no selector, readiness or missing-pod claims; endpoints say "not read"', () => {
    const d = byName(reading(['Pod']));
    const frontend = d.get('shop/frontend')!;
    assert.deepEqual(codes(frontend), ['healthy']);
    assert.doesNotMatch(reason(frontend, 'healthy').summary, /outside/);
    for (const x of d.values()) {
      for (const code of ['selector-matches-no-pods', 'endpoint-target-missing', 'no-endpoints'])
        assert.ok(!codes(x).includes(code as never), `${x.name}: ${codes(x)}`);
    }
    // Broken still, from the slice alone.
    assert.deepEqual(codes(d.get('shop/checkout')!), ['endpoints-without-port']);
    const { topology } = buildTopologyWithDiagnoses(reading(['Pod']));
    const eps = topology.endpoints.filter((e) => e.targetRef?.kind === 'Pod');
    assert.ok(eps.length > 0);
    for (const ep of eps) assert.equal(ep.targetHidden, 'not-read');
    assert.deepEqual(
      topology.externals.map((x) => x.address).sort(),
      ['10.10.50.53', '10.20.40.11', '10.20.40.12', '172.18.0.2'],
      'only the addresses outside the pods are drawn as such',
    );
  });

  it('slices and Endpoints not read yet: health unknown, "not judged yet", never "no endpoints"', () => {
    const d = byName(reading(['EndpointSlice', 'Endpoints']));
    for (const name of NAMES) {
      const x = d.get(name)!;
      const r = reason(x, 'not-judged');
      assert.match(r.summary, /not judged yet: its endpoints are in EndpointSlices/);
      assert.equal(r.evidence[0]!.value, 'not read yet');
      assert.ok(!codes(x).includes('healthy'), name);
      assert.equal(x.health, name === 'shop/checkout' ? 'broken' : 'unknown', name);
    }
  });

  it('the map\'s endpoint counts say what the diagnosis says: not read yet, not visible, never "0 of 0"', () => {
    const counts = (snapshot: ClusterSnapshot) =>
      new Map(
        buildTopologyWithDiagnoses(snapshot).topology.services.map((s) => [
          `${s.namespace}/${s.name}`,
          { why: s.endpointsNotJudged, text: endpointCountText(s) },
        ]),
      );
    for (const [name, c] of counts(routingCases())) {
      assert.equal(c.why, undefined, name);
      assert.match(c.text, /^\d+ of \d+ endpoints ready$/, name);
    }
    const notRead = reading(['EndpointSlice', 'Endpoints']);
    const unread = counts(notRead);
    const diagnosed = byName(notRead);
    for (const name of NAMES) {
      // Every Service the diagnosis calls not judged (all of them here), and only those.
      assert.ok(codes(diagnosed.get(name)!).includes('not-judged'), name);
      assert.deepEqual(unread.get(name), { why: 'not-read', text: 'endpoints not read yet' }, name);
    }
    // The viewer may list the v1 Endpoints but not the slices: a Service routed from its
    // Endpoints keeps its count; fraud-scoring, whose endpoints are only in a slice, is not visible.
    const partial: ClusterSnapshot = {
      ...routingCases(),
      endpointSlices: [],
      visibility: { Service: true, Pod: true, Endpoints: true },
    };
    const seen = counts(partial);
    const fraud = seen.get('payments/fraud-scoring')!;
    assert.deepEqual(fraud, { why: 'not-visible', text: 'endpoints not visible to you' });
    assert.equal(
      byName(partial).get('payments/fraud-scoring')!.health,
      'unknown',
      'the same Service the diagnosis cannot judge',
    );
    for (const [name, c] of seen)
      if (!codes(byName(partial).get(name)!).includes('not-judged'))
        assert.equal(c.why, undefined, name);
  });

  it('workloads read, their pods not yet: no workload, rollout or pod claims', () => {
    const podClaims = [
      'workload-missing',
      'rollout-stuck',
      'rollout-in-progress',
      'selector-matches-no-pods',
      'endpoint-target-missing',
    ];
    for (const code of ['workload-missing', 'rollout-stuck'] as const) {
      const f = FIXTURES[code]();
      const listed = { ...f.snapshot, pods: [] };
      // Taken for a listing of no pods, the empty list makes claims...
      const claimed = codes(diagnose(listed, f.ns, f.name)).filter((c) => podClaims.includes(c));
      assert.ok(claimed.length > 0, code);
      // ...which a list not read yet never does.
      const d = diagnose({ ...listed, unread: ['Pod'] }, f.ns, f.name);
      assert.deepEqual(
        codes(d).filter((c) => podClaims.includes(c)),
        [],
        `${code}: ${codes(d)}`,
      );
    }
  });

  it('the fixtures of not-judged and endpoints-without-port say only that', () => {
    const unjudged = FIXTURES['not-judged']();
    const d = diagnose(unjudged.snapshot, unjudged.ns, unjudged.name);
    assert.deepEqual(codes(d), ['not-judged']);
    assert.equal(d.health, 'unknown');
    const r = reason(d, 'not-judged');
    assert.match(r.summary, /you may not list in namespace payments/);
    assert.deepEqual(r.commands, ['kubectl auth can-i list endpointslices -n payments']);
    const portless = FIXTURES['endpoints-without-port']();
    const p = diagnose(portless.snapshot, portless.ns, portless.name);
    assert.deepEqual(codes(p), ['endpoints-without-port']);
    assert.equal(p.health, 'broken');
  });

  it('some ready endpoints without a port: a warning, traffic goes to the rest', () => {
    const whole = routingCases();
    // One more ready endpoint, with a port, in a slice of its own.
    const [portless] = whole.endpointSlices.filter((s) => s.serviceName === 'checkout');
    const withPort = {
      ...portless!,
      meta: { ...portless!.meta, uid: 'extra', name: 'checkout-extra' },
      ports: [{ name: 'http', port: 9090, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.244.99.1'], ready: true }],
    };
    const snapshot = { ...whole, endpointSlices: [...whole.endpointSlices, withPort] };
    const r = reason(diagnose(snapshot, 'shop', 'checkout'), 'endpoints-without-port');
    assert.equal(r.severity, 'warning');
    assert.match(
      r.summary,
      /^2 of 3 ready endpoints carry no port .*the 1 endpoint with a port\.$/,
    );
  });

  it('unread kinds come from the sync state: not synced, or forbidden to the dashboard', () => {
    assert.deepEqual(
      unreadKinds({
        kinds: {
          Service: { synced: true },
          EndpointSlice: { synced: true },
          Pod: { synced: false },
          Event: { synced: false },
          Deployment: { synced: true },
        },
        forbidden: [{ kind: 'Deployment' }, { kind: 'Event' }],
      }),
      ['Pod', 'Deployment'],
    );
    assert.deepEqual(unreadKinds(null), []);
  });

  it("a maintained model's answers follow its unread kinds as a fresh build does", () => {
    const snapshot = routingCases();
    const model = LiveModel.of(snapshot);
    const fresh = (unread: RecordKind[]) =>
      buildTopologyWithDiagnoses({ ...snapshot, ...(unread.length ? { unread } : {}) });
    for (const unread of [[], ['EndpointSlice'], ['Pod', 'EndpointSlice'], []] as RecordKind[][]) {
      model.setUnread(unread);
      assert.deepStrictEqual(model.topologyWithDiagnoses(), fresh(unread), unread.join());
    }
  });
});
