/**
 * Diagnosis changes from the journal equal the naive answer: the whole map diagnosed afresh at
 * every instant of a seeded random sequence, compared instant by instant — for the dashboard's
 * own view and for a viewer who sees one namespace (their map is built from what they see) —
 * and a new Service's first health judged only after its settle (a create is a Service, then
 * its EndpointSlice: no break for that moment), while any break of a Service that was healthy
 * is recorded however short.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosisTransition, ServiceDiff, ServiceHealthAt } from '../api/history';
import { EVERYTHING, makeScope, visibleSnapshot, type AccessScope } from '../access/scope';
import { buildTopologyWithDiagnoses } from '../topology';
import { toClusterSnapshot, type SlimRecord } from '../topology/records';
import { manualSlice } from '../topology/testing/endpoints';
import { serviceRecord } from '../topology/testing/objects';
import { diagnosisChanges, FIRST_HEALTH_SETTLE_MS } from './changes';
import { MemoryJournal } from './journal';
import { deleteFact, upsertFact, type RecordFact } from './record-facts';
import { playChurn } from './testing/journal-cases';

type Health = Map<string, { namespace: string; name: string; health: ServiceHealthAt }>;

async function naive(
  journal: MemoryJournal,
  times: number[],
  scope: AccessScope,
  namespace?: string,
) {
  const at = async (time: number): Promise<Health> => {
    const answer = await journal.recordsAt(time);
    assert.ok('records' in answer);
    const snapshot = visibleSnapshot(scope, toClusterSnapshot(answer.records));
    const { diagnoses } = buildTopologyWithDiagnoses(snapshot);
    return new Map(
      diagnoses.map((d) => [
        d.serviceId,
        {
          namespace: d.namespace,
          name: d.name,
          health: {
            healthy: d.health !== 'broken',
            health: d.health,
            reasons: d.reasons.map((r) => r.code),
          },
        },
      ]),
    );
  };
  const wanted = (ns: string) => namespace === undefined || ns === namespace;
  const first = await at(times[0]!);
  let previous = first;
  const transitions: DiagnosisTransition[] = [];
  for (const time of times.slice(1)) {
    const now = await at(time);
    for (const [id, s] of now) {
      if (!wanted(s.namespace)) continue;
      const was = previous.get(id)?.health;
      const wasBroken = was !== undefined && !was.healthy;
      const iso = new Date(time).toISOString();
      if (!s.health.healthy && !wasBroken)
        transitions.push({
          at: iso,
          namespace: s.namespace,
          name: s.name,
          to: 'broken',
          reasons: s.health.reasons,
        });
      else if (s.health.healthy && wasBroken)
        transitions.push({
          at: iso,
          namespace: s.namespace,
          name: s.name,
          to: 'healthy',
          reasons: was.reasons,
        });
    }
    previous = now;
  }
  const services: ServiceDiff[] = [];
  for (const id of new Set([...first.keys(), ...previous.keys()])) {
    const a = first.get(id);
    const b = previous.get(id);
    const s = (a ?? b)!;
    if (!wanted(s.namespace)) continue;
    if (a && b && JSON.stringify(a.health) === JSON.stringify(b.health)) continue;
    services.push({
      namespace: s.namespace,
      name: s.name,
      before: a?.health ?? null,
      after: b?.health ?? null,
    });
  }
  services.sort((x, y) => x.namespace.localeCompare(y.namespace) || x.name.localeCompare(y.name));
  return { transitions, services };
}

const byKey = (t: DiagnosisTransition) => `${t.at} ${t.namespace}/${t.name}`;

describe('diagnosis changes between two instants', () => {
  const oneNamespace = makeScope({
    Service: ['ns-a'],
    Pod: ['ns-a'],
    EndpointSlice: ['ns-a'],
    Endpoints: ['ns-a'],
    Deployment: ['ns-a'],
    ReplicaSet: ['ns-a'],
  });
  for (const [label, scope, namespace] of [
    ['everything', EVERYTHING, undefined],
    ['everything, one namespace asked for', EVERYTHING, 'ns-b'],
    ['a viewer of one namespace', oneNamespace, undefined],
  ] as const) {
    it(`equal a fresh diagnosis at every instant (${label})`, async () => {
      let seen = 0;
      for (const seed of [11, 12, 13]) {
        const journal = new MemoryJournal({ now: () => 1_000_000 });
        const { truth } = playChurn(seed, 100, (f) => journal.add(f), 1_000_000);
        const times = [...truth.keys()].sort((a, b) => a - b);
        const from = times[2]!;
        const to = times[times.length - 1]!;
        const start = await journal.recordsAt(from);
        assert.ok('records' in start);
        const got = diagnosisChanges({
          start: start.records,
          facts: (await journal.factsBetween(from, to)).facts,
          from,
          to,
          // The naive answer judges every instant as it is: no settle for new Services.
          settleMs: 0,
          scope,
          ...(namespace ? { namespace } : {}),
        });
        const expected = await naive(
          journal,
          times.filter((t) => t >= from),
          scope,
          namespace,
        );
        seen += expected.transitions.length;
        assert.deepStrictEqual(
          [...got.transitions].sort((a, b) => byKey(a).localeCompare(byKey(b))),
          [...expected.transitions].sort((a, b) => byKey(a).localeCompare(byKey(b))),
          `seed ${seed}`,
        );
        assert.deepStrictEqual(got.services, expected.services, `seed ${seed}`);
      }
      assert.ok(seen > 0, 'the sequences break and fix something');
    });
  }
});

describe("a new Service's first health settles", () => {
  // The form's create, as the journal keeps it: the Service, then its EndpointSlice.
  const T = Date.parse('2026-11-26T09:20:48Z');
  const service = serviceRecord('shop', 'qa-ext', {
    ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
  });
  const slice = manualSlice('shop', 'qa-ext-1', 'qa-ext', {
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    endpoints: [{ addresses: ['10.10.50.53'], ready: true }],
  });
  const changes = (start: SlimRecord[], facts: RecordFact[], to: number, from = T - 1) =>
    diagnosisChanges({ start, facts, from, to, scope: EVERYTHING }).transitions;
  const marks = (transitions: DiagnosisTransition[]) =>
    transitions.map((t) => `${t.to} ${t.at} ${t.reasons.join(',')}`);
  const iso = (ms: number) => new Date(ms).toISOString();

  it('records nothing for a create whose EndpointSlice follows its Service within the settle', () => {
    const facts = [upsertFact(service, T), upsertFact(slice, T + 40)];
    assert.deepEqual(changes([], facts, T + 60_000), []);
  });

  it('records the break from the instant the Service appeared when it outlasts the settle', () => {
    const late = T + FIRST_HEALTH_SETTLE_MS + 1_000;
    const facts = [upsertFact(service, T), upsertFact(slice, late)];
    assert.deepEqual(marks(changes([], facts, late + 1)), [
      `broken ${iso(T)} selectorless-no-endpoints`,
      `healthy ${iso(late)} selectorless-no-endpoints`,
    ]);
  });

  it('judges a Service still broken when its settle ends by `to`, and not before', () => {
    const facts = [upsertFact(service, T)];
    assert.deepEqual(changes([], facts, T + FIRST_HEALTH_SETTLE_MS - 1), []);
    assert.deepEqual(marks(changes([], facts, T + FIRST_HEALTH_SETTLE_MS)), [
      `broken ${iso(T)} selectorless-no-endpoints`,
    ]);
  });

  it('records a 2 s break of a Service that was healthy, however short', () => {
    const facts = [
      deleteFact({ kind: 'EndpointSlice', uid: slice.meta.uid }, T),
      upsertFact(slice, T + 2_000),
    ];
    assert.deepEqual(marks(changes([service, slice], facts, T + 60_000)), [
      `broken ${iso(T)} selectorless-no-endpoints`,
      `healthy ${iso(T + 2_000)} selectorless-no-endpoints`,
    ]);
  });

  it('keeps transitions in time order when a judged break began before others', () => {
    const other = serviceRecord('shop', 'other', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const otherSlice = manualSlice('shop', 'other-1', 'other', {
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.10.50.54'], ready: true }],
    });
    const facts = [
      upsertFact(service, T),
      deleteFact({ kind: 'EndpointSlice', uid: otherSlice.meta.uid }, T + 1_000),
    ];
    const got = changes([other, otherSlice], facts, T + 60_000);
    assert.deepEqual(
      got.map((t) => `${t.name} ${t.at}`),
      [`qa-ext ${iso(T)}`, `other ${iso(T + 1_000)}`],
    );
  });

  it('does not record the recovery of a Service created just before `from`, inside its settle', () => {
    const born = serviceRecord('shop', 'born', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    born.meta.creationTimestamp = iso(T);
    const bornSlice = manualSlice('shop', 'born-1', 'born', {
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.10.50.55'], ready: true }],
    });
    const facts = [upsertFact(bornSlice, T + 1_500)];
    assert.deepEqual(changes([born], facts, T + 60_000, T + 1_000), []);
  });

  it('carries a Service on through a relist that replaced it with one of the same name', () => {
    // A cluster replaced at the same address: at the restart's checkpoint every object is gone
    // and one of the same name, with a uid of its own, is there.
    const renewed = <R extends SlimRecord>(record: R): R => ({
      ...record,
      meta: { ...record.meta, uid: `${record.meta.uid}-new` },
    });
    const broken = serviceRecord('shop', 'broken', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const relist = [service, slice, broken].flatMap((record) => [
      deleteFact({ kind: record.kind, uid: record.meta.uid }, T),
      upsertFact(renewed(record), T),
    ]);
    const input = { start: [service, slice, broken], from: T - 1, scope: EVERYTHING };
    const calm = diagnosisChanges({ ...input, facts: relist, to: T + 60_000 });
    assert.deepEqual(calm, { transitions: [], services: [] });
    // Its break after the relist is a break of a Service that was healthy, and a diff of it.
    const after = [
      ...relist,
      deleteFact({ kind: 'EndpointSlice', uid: `${slice.meta.uid}-new` }, T + 10),
    ];
    const broke = diagnosisChanges({ ...input, facts: after, to: T + 60_000 });
    assert.deepEqual(marks(broke.transitions), [`broken ${iso(T + 10)} selectorless-no-endpoints`]);
    assert.deepEqual(
      broke.services.map((s) => `${s.name} ${s.before?.health} ${s.after?.health}`),
      ['qa-ext healthy broken'],
    );
  });
});
