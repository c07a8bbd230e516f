import 'server-only';
/**
 * The internal-address facts (fact-sources.ts) from the hub's cache: namespaces, ClusterIPs and
 * external IPs, pod IPs, node addresses and pod CIDRs, and the apiserver's endpoints
 * (Endpoints default/kubernetes) — no LIST. Used by lib/k8s/write/facts.ts `loadWriteFacts`.
 *
 * Contract: answers only when every kind involved (Namespace, Service, Pod, Node, Endpoints) has
 * completed a list, is not forbidden and is live (not backing off, never cut off since: the
 * hub's own definition, lib/k8s/sync-state.ts); otherwise undefined and the caller
 * LISTs (a syncing, reconnecting or refused kind may hold nothing, and the guard must not pass an
 * address for want of facts). The addresses come from the cache's address index
 * (address-index.ts), kept as records change, and are found as `factsOf` finds them in records in
 * namespace/name order, as a LIST returns them: both paths give the same answers.
 *
 * ServiceCIDRs are not watched (the map never draws them): they are read with the dashboard's
 * client and kept for SERVICE_CIDR_TTL_MS. They are a handful of cluster-scoped objects an
 * administrator changes rarely (a new range, not a new Service), and every ClusterIP allocated
 * from a new range reaches the cache as its Service anyway; watching a kind for that would cost a
 * watch per cluster for one check. So a preview makes no request while the read is fresh, and one
 * small cluster-scoped LIST (not the namespaces/services/pods/nodes ones) when it is not.
 */
import type { ClusterFacts } from '@/lib/topology/validation';
import type { RecordKind } from '../../topology/records';
import type { Hub } from '../hub';
import { addressIndexOf } from './address-index';
import type { KubeSend } from './client';
import type { FactSources } from './fact-sources';
import { listServiceCidrs, serviceCidrsOf } from './facts';

const FACT_KINDS: readonly RecordKind[] = ['Namespace', 'Service', 'Pod', 'Node', 'Endpoints'];
export const SERVICE_CIDR_TTL_MS = 60_000;

/** Per client (the dashboard's own is one per process): when read, and what. */
const serviceCidrReads = new WeakMap<
  KubeSend,
  { at: number; cidrs: FactSources['serviceCidrs'] }
>();

/** May the hub's cache stand in for fresh LISTs of the kinds the facts come from? */
export function hubCanAnswerFacts(hub: Pick<Hub, 'watchStates'>): boolean {
  const states = hub.watchStates();
  return FACT_KINDS.every((kind) => {
    const state = states.get(kind);
    // "Live" as the hub's sync state says it (lib/k8s/sync-state.ts): listed, and not cut off.
    return (
      state !== undefined &&
      state.synced &&
      !state.forbidden &&
      (state.phase === 'watching' || state.phase === 'listing') &&
      state.disconnectedSince === undefined
    );
  });
}

async function serviceCidrs(send: KubeSend, now: number): Promise<FactSources['serviceCidrs']> {
  const known = serviceCidrReads.get(send);
  if (known && now - known.at < SERVICE_CIDR_TTL_MS) return known.cidrs;
  const cidrs = serviceCidrsOf(await listServiceCidrs(send));
  serviceCidrReads.set(send, { at: now, cidrs });
  return cidrs;
}

/** The facts from the cache of `hub`, or undefined when it cannot answer for them. */
export async function factsFromHub(
  hub: Pick<Hub, 'watchStates' | 'cache'>,
  send: KubeSend,
  { names, now = Date.now() }: { names: boolean; now?: number },
): Promise<ClusterFacts | undefined> {
  if (!hubCanAnswerFacts(hub)) return undefined;
  const cidrs = await serviceCidrs(send, now);
  return addressIndexOf(hub.cache).facts(cidrs, names);
}
