/**
 * Diagnosis changes from the journal equal the naive answer: the whole map diagnosed afresh at
 * every instant of a seeded random sequence, compared instant by instant — for the dashboard's
 * own view and for a viewer who sees one namespace (their map is built from what they see).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosisTransition, ServiceDiff, ServiceHealthAt } from '../api/history';
import { EVERYTHING, makeScope, visibleSnapshot, type AccessScope } from '../access/scope';
import { buildTopologyWithDiagnoses } from '../topology';
import { toClusterSnapshot } from '../topology/records';
import { diagnosisChanges } from './changes';
import { MemoryJournal } from './journal';
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
          facts: await journal.factsBetween(from, to),
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
