/**
 * What changed in a Service's diagnosis between two instants, computed from the record journal:
 * the maintained model (lib/topology/live-model.ts) is built from the records at `from` and fed
 * the record changes after it, one instant at a time; after each, the Services it recomputes are
 * compared with what they were.
 *
 * Contract:
 * - a transition is a Service's health becoming `broken` (from anything else, including not
 *   existing) or leaving `broken` while it exists; `reasons` are its reason codes when it broke,
 *   the codes it had while broken when it recovered;
 * - `services` lists only Services whose health or reason codes differ between `from` and
 *   `to` (null on the side where the Service did not exist);
 * - computed from what the viewer may see (the model is made of their visible records and says
 *   what it lacks is "not visible", as their live map does); `namespace` narrows the output, not
 *   the model (a Service's diagnosis reads nodes and other namespaces);
 * - a Service's first health is judged once it has existed `settleMs` (FIRST_HEALTH_SETTLE_MS):
 *   every client writes a Service before its EndpointSlice (the form, kubectl apply of a list,
 *   the EndpointSlice controller reacting to the new Service), so for an instant each new
 *   Service is one with no endpoints. Broken at birth and healthy within the settle: no
 *   transition at all. Still broken when the settle ends: it broke at the instant it appeared
 *   (dated honestly, with its reasons then). A Service that existed healthy is never settled —
 *   its break of any length is recorded. The settle is measured in the journal's fact times, not
 *   the clock, so the answer is the same whenever it is asked; one whose settle ends after `to`
 *   is not judged yet. Transitions are in time order;
 * - a Service is its uid, but one deleted at the very instant another of its namespace and name
 *   appears is the same Service going on (a restart's relist of a cluster replaced at the same
 *   address: journal-read.ts): no settle, its health carried on, one entry in `services`;
 * - ExternalName targets are not looked up for the past (no DNS answers): their verdicts say so.
 * Because it is derived from the journal, it is the same before and after a restart. Isomorphic.
 */
import type { DiagnosisTransition, ServiceDiff, ServiceHealthAt } from '../api/history';
import { canSee, visibleRecords, type AccessScope } from '../access/scope';
import { LiveModel } from '../topology/live-model';
import type { RecordKind, ServiceRecord, SlimRecord } from '../topology/records';
import type { RecordFact } from './record-facts';

interface Known {
  namespace: string;
  name: string;
  health: ServiceHealthAt;
}

function healthOf(model: LiveModel, service: ServiceRecord): ServiceHealthAt {
  const diagnosis = model.diagnose(service);
  return {
    healthy: diagnosis.health !== 'broken',
    health: diagnosis.health,
    reasons: diagnosis.reasons.map((r) => r.code),
  };
}

function factVisible(scope: AccessScope, fact: RecordFact): boolean {
  if (scope.everything) return true;
  const kind: RecordKind = fact.recordKind;
  return kind === 'Namespace'
    ? canSee(scope, 'Namespace', fact.name)
    : canSee(scope, kind, fact.namespace);
}

/**
 * How long a new Service may have no endpoints before that is a break: the gap between its
 * creation and its EndpointSlice's is milliseconds on a healthy API server, seconds under load.
 */
export const FIRST_HEALTH_SETTLE_MS = 5_000;

/** A Service broken since it appeared, its first health not judged yet. */
interface Settling {
  /** When it appeared (epoch ms): its break, if it lasts, dates from here. */
  born: number;
  /** The break to record if it lasts; null for one that appeared before `from` (outside). */
  transition: DiagnosisTransition | null;
}

const same = (a: ServiceHealthAt | null, b: ServiceHealthAt | null) =>
  a !== null &&
  b !== null &&
  a.health === b.health &&
  a.reasons.length === b.reasons.length &&
  a.reasons.every((r, i) => r === b.reasons[i]);

export function diagnosisChanges(input: {
  start: readonly SlimRecord[];
  /** The record changes after `from`, oldest first. */
  facts: readonly RecordFact[];
  /** The range's ends (epoch ms): `start` is the records at `from`. */
  from: number;
  to: number;
  scope: AccessScope;
  namespace?: string;
  /** FIRST_HEALTH_SETTLE_MS unless said (0: every instant judged as it is). */
  settleMs?: number;
}): { transitions: DiagnosisTransition[]; services: ServiceDiff[] } {
  const { scope, namespace, settleMs = FIRST_HEALTH_SETTLE_MS } = input;
  // What is left out is "not visible to you", as on the viewer's own map (scope.ts visibleSnapshot).
  const model = new LiveModel(
    visibleRecords(scope, [...input.start]),
    scope.everything ? {} : { visibility: scope.kinds },
  );
  const wanted = (ns: string) => namespace === undefined || ns === namespace;
  const known = new Map<string, Known>();
  const settling = new Map<string, Settling>();
  const transitions: DiagnosisTransition[] = [];
  for (const service of model.index.services) {
    const { namespace: ns, name, uid, creationTimestamp } = service.meta;
    const health = healthOf(model, service);
    known.set(uid, { namespace: ns, name, health });
    // Created just before `from` and broken: still in its settle, so a recovery is not recorded.
    const born = creationTimestamp ? Date.parse(creationTimestamp) : Number.NaN;
    if (settleMs > 0 && !health.healthy && born + settleMs > input.from) {
      settling.set(uid, { born, transition: null });
    }
  }
  const before = new Map(known);
  // A Service deleted at the instant another of its namespace and name appears is the same
  // Service (a restart's relist of a cluster replaced at the same address): new uid → old uid.
  const successorOf = new Map<string, string>();
  // Settles that ended by `time`: those breaks lasted, and are recorded where they began.
  const judge = (time: number) => {
    for (const [uid, s] of settling) {
      if (s.born + settleMs > time) continue;
      settling.delete(uid);
      if (s.transition) transitions.push(s.transition);
    }
  };
  const facts = input.facts.filter((f) => factVisible(scope, f));
  for (let i = 0; i < facts.length;) {
    const time = facts[i]!.time;
    judge(time);
    const upserts: SlimRecord[] = [];
    const deletes: { kind: RecordKind; uid: string }[] = [];
    for (; i < facts.length && facts[i]!.time === time; i++) {
      const fact = facts[i]!;
      if (fact.record) upserts.push(fact.record);
      else deletes.push({ kind: fact.recordKind, uid: fact.uid });
    }
    model.apply({ upserts, deletes });
    const at = new Date(time).toISOString();
    const replaced = new Map<string, { uid: string; health: ServiceHealthAt }>();
    for (const ref of deletes) {
      if (ref.kind !== 'Service') continue;
      const was = known.get(ref.uid);
      if (was) replaced.set(`${was.namespace}/${was.name}`, { uid: ref.uid, health: was.health });
      known.delete(ref.uid);
      settling.delete(ref.uid);
    }
    for (const service of model.pendingServices()) {
      const { namespace: ns, name, uid } = service.meta;
      const health = healthOf(model, service);
      const predecessor = known.has(uid) ? undefined : replaced.get(`${ns}/${name}`);
      if (predecessor) successorOf.set(uid, predecessor.uid);
      const previous = known.get(uid)?.health ?? predecessor?.health;
      known.set(uid, { namespace: ns, name, health });
      const still = settling.get(uid);
      if (still) {
        // Healthy within its settle: the break was only the moment before its endpoints.
        if (health.healthy) settling.delete(uid);
        continue;
      }
      if (!wanted(ns)) continue;
      if (previous === undefined && !health.healthy && settleMs > 0) {
        const transition = {
          at,
          namespace: ns,
          name,
          to: 'broken' as const,
          reasons: health.reasons,
        };
        settling.set(uid, { born: time, transition });
        continue;
      }
      const wasBroken = previous !== undefined && !previous.healthy;
      if (!health.healthy && !wasBroken) {
        transitions.push({ at, namespace: ns, name, to: 'broken', reasons: health.reasons });
      } else if (health.healthy && wasBroken) {
        transitions.push({ at, namespace: ns, name, to: 'healthy', reasons: previous.reasons });
      }
    }
  }
  judge(input.to);
  // A judged break is dated where it began, before transitions found while it settled.
  transitions.sort((a, b) => a.at.localeCompare(b.at));
  const services: ServiceDiff[] = [];
  const origin = (uid: string) => {
    for (let at = successorOf.get(uid); at !== undefined; at = successorOf.get(at)) uid = at;
    return uid;
  };
  // Each Service at `to` under the uid it had at `from` (or its own, if new since).
  const after = new Map([...known].map(([uid, k]) => [origin(uid), k]));
  for (const uid of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(uid) ?? null;
    const b = after.get(uid) ?? null;
    const which = (a ?? b)!;
    if (!wanted(which.namespace) || same(a?.health ?? null, b?.health ?? null)) continue;
    services.push({
      namespace: which.namespace,
      name: which.name,
      before: a?.health ?? null,
      after: b?.health ?? null,
    });
  }
  services.sort((x, y) => x.namespace.localeCompare(y.namespace) || x.name.localeCompare(y.name));
  return { transitions, services };
}
