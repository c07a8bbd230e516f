/**
 * The problems rail's data: which Services have a problem, since when, in which order, how
 * many per namespace, and the one reason a row names. Pure, apart from the clock the caller passes in.
 *
 * Contract:
 * - Order: broken, then degraded, then health unknown; inside a severity, newest problem first
 *   (latest `since`), then namespace/name. A Service whose health is `healthy` is never listed.
 * - "Since" is the earliest moment this page can vouch for: the time it saw the Service's health
 *   change to its current state (`basis: 'changed'`), or, when the Service already had that
 *   health the first time the page saw it, the time of that first observation (`basis:
 *   'first-seen'` — the problem may be older; the records carry no health history). A change
 *   seen while the data is not live (initial sync, reconnecting), or from `unknown` health, is
 *   also `first-seen`: it may have happened any time while the page could not see. A health change between two problem
 *   states (degraded → broken) restarts "since".
 * - A Service whose health is still becoming known (`healthPending`: an ExternalName whose DNS
 *   answer has not come yet — its diagnosis claims nothing until then and reads `healthy`) is
 *   marked `pending`; what its first answer says is learnt, not seen changing: `first-seen`, and
 *   the live region does not announce it (lib/graph/announce.ts). Its later changes are real.
 * - Where the page's "since" is only its first sighting of a broken Service, the stored history
 *   may know when it broke: lib/graph/recorded-breaks.ts puts that in (`basis: 'recorded'`).
 */
import type { DnsResults, ServiceDiagnosis } from '../topology/diagnosis';
import { lookupDns } from '../topology/diagnosis/external-name';
import type { HealthState, ServiceNode, Topology } from '../topology/model';

export interface ProblemSince {
  health: HealthState;
  /** ISO time. */
  at: string;
  /** `recorded`: when the stored history says it broke (lib/graph/recorded-breaks.ts). */
  basis: 'changed' | 'first-seen' | 'recorded';
  /** Its health was not known yet (`healthPending`) when last seen. */
  pending?: true;
}

/** Per Service id: the health last seen and since when. Immutable; replaced on change. */
export type SinceTable = ReadonlyMap<string, ProblemSince>;

export interface ProblemEntry {
  service: ServiceNode;
  since: ProblemSince;
}

const SEVERITY_RANK: Record<HealthState, number> = {
  broken: 0,
  warning: 1,
  unknown: 2,
  healthy: 3,
};

function byNsName(a: ServiceNode, b: ServiceNode): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Whether `service`'s health is still becoming known: an ExternalName Service whose name has no
 * DNS answer yet (`dns`: the answers the page has). Until one comes its diagnosis makes no claim
 * (lib/topology/diagnosis/external-name.ts) and reads healthy; the first answer may say broken.
 */
export function healthPending(service: ServiceNode, dns: DnsResults | undefined): boolean {
  return service.serviceType === 'ExternalName' && !lookupDns(dns, service.externalName ?? '');
}

/**
 * The since-table after seeing `topology` at `now`. `previous` null means this is the page's
 * first observation; `live` false means the data is not live; `pending` says which Services'
 * health is not known yet (`healthPending`; see the contract). Returns `previous` itself when
 * nothing changed (cheap identity checks).
 */
export function trackHealthSince(
  previous: SinceTable | null,
  topology: Topology,
  now: string,
  live = true,
  pending: (service: ServiceNode) => boolean = () => false,
): SinceTable {
  const next = new Map<string, ProblemSince>();
  let changed = previous === null || previous.size !== topology.services.length;
  for (const service of topology.services) {
    const prev = previous?.get(service.id);
    const unknown = pending(service);
    if (prev && prev.health === service.health && (prev.pending === true) === unknown) {
      next.set(service.id, prev);
      continue;
    }
    changed = true;
    // The answer came and confirmed the health it read meanwhile: nothing changed but that.
    const since: ProblemSince =
      prev && prev.health === service.health
        ? { health: prev.health, at: prev.at, basis: prev.basis }
        : {
            health: service.health,
            at: now,
            // From "health unknown" (not yet diagnosed) or a health not known yet (a DNS answer
            // pending) the page learns a state, it does not see it change.
            basis:
              previous === null || !live || prev?.health === 'unknown' || prev?.pending
                ? 'first-seen'
                : 'changed',
          };
    next.set(service.id, unknown ? { ...since, pending: true } : since);
  }
  return changed || !previous ? next : previous;
}

/** Every Service with a problem, in rail order (see the contract above). */
export function rankProblemEntries(topology: Topology, since: SinceTable): ProblemEntry[] {
  const entries: ProblemEntry[] = [];
  for (const service of topology.services) {
    if (service.health === 'healthy') continue;
    const known = since.get(service.id);
    entries.push({
      service,
      since:
        known && known.health === service.health
          ? known
          : { health: service.health, at: '', basis: 'first-seen' },
    });
  }
  return entries.sort(byRailOrder);
}

/** The rail's order (see the contract): severity, then newest `since`, then namespace/name. */
export function byRailOrder(a: ProblemEntry, b: ProblemEntry): number {
  return (
    SEVERITY_RANK[a.service.health] - SEVERITY_RANK[b.service.health] ||
    (a.since.at > b.since.at ? -1 : a.since.at < b.since.at ? 1 : 0) ||
    byNsName(a.service, b.service)
  );
}

/** Every broken or degraded Service, worst first, then by namespace/name (no clock needed). */
export function problemServices(topology: Topology): ServiceNode[] {
  return topology.services
    .filter((s) => s.health !== 'healthy')
    .sort((a, b) => SEVERITY_RANK[a.health] - SEVERITY_RANK[b.health] || byNsName(a, b));
}

export interface NamespaceProblemCount {
  namespace: string;
  broken: number;
  degraded: number;
  /** Health unknown: whether they route could not be judged (not visible, not read yet). */
  unknown: number;
}

/**
 * Problems per namespace, most broken first, then most broken or degraded, then by name; a
 * Service of unknown health is counted as that, never as degraded.
 */
export function problemCountsByNamespace(
  entries: readonly ProblemEntry[],
): NamespaceProblemCount[] {
  const counts = new Map<string, NamespaceProblemCount>();
  for (const { service } of entries) {
    let row = counts.get(service.namespace);
    if (!row)
      counts.set(
        service.namespace,
        (row = { namespace: service.namespace, broken: 0, degraded: 0, unknown: 0 }),
      );
    if (service.health === 'broken') row.broken++;
    else if (service.health === 'unknown') row.unknown++;
    else row.degraded++;
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.broken - a.broken ||
      b.broken + b.degraded - (a.broken + a.degraded) ||
      (a.namespace < b.namespace ? -1 : 1),
  );
}

/** Namespaces holding at least one Service with a problem: never collapsed on the map. */
export function namespacesWithProblems(services: readonly ServiceNode[]): Set<string> {
  const out = new Set<string>();
  for (const s of services) if (s.health !== 'healthy') out.add(s.namespace);
  return out;
}

/** Reasons that only restate the symptom ("routes nowhere"); a cause says more in one line. */
const SYMPTOMS = new Set(['no-endpoints', 'no-ready-endpoints']);

const REASON_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The one reason a row shows: the root cause among the worst-severity reasons (one no other
 * reason explains, `causedBy` unset, and not a bare symptom such as "has no endpoints"), else the
 * worst reason.
 */
export function headlineReason(diagnosis: ServiceDiagnosis | undefined) {
  const reasons = (diagnosis?.reasons.filter((r) => r.code !== 'healthy') ?? [])
    .map((r, i) => ({ r, i }))
    .sort((a, b) => REASON_RANK[a.r.severity] - REASON_RANK[b.r.severity] || a.i - b.i)
    .map(({ r }) => r);
  const worst = reasons[0];
  if (!worst) return undefined;
  const sameSeverity = reasons.filter((r) => r.severity === worst.severity);
  return (
    sameSeverity.find((r) => !r.causedBy && !SYMPTOMS.has(r.code)) ??
    reasons.find((r) => !r.causedBy && !SYMPTOMS.has(r.code)) ??
    worst
  );
}
