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
 * address for want of facts). Sources are in namespace/name order, as a LIST returns them, so
 * both paths give the same facts.
 *
 * ServiceCIDRs are not watched (the map never draws them): they are read with the dashboard's
 * client and kept for SERVICE_CIDR_TTL_MS. They are a handful of cluster-scoped objects an
 * administrator changes rarely (a new range, not a new Service), and every ClusterIP allocated
 * from a new range reaches the cache as its Service anyway; watching a kind for that would cost a
 * watch per cluster for one check. So a preview makes no request while the read is fresh, and one
 * small cluster-scoped LIST (not the namespaces/services/pods/nodes ones) when it is not.
 */
import type { ClusterFacts } from '@/lib/topology/validation';
import type { NodeRecord, RecordKind } from '../../topology/records';
import { byNamespaceName } from '../../topology/snapshot-index';
import type { Hub } from '../hub';
import type { KubeSend } from './client';
import { factsOf, type FactSources } from './fact-sources';
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

const nsRef = (meta: { namespace: string; name: string }) =>
  meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;

function nodeAddresses(node: NodeRecord): { type: string; address: string }[] {
  if (node.addresses) return node.addresses;
  return node.internalIP ? [{ type: 'InternalIP', address: node.internalIP }] : [];
}

/** The facts from the cache of `hub`, or undefined when it cannot answer for them. */
export async function factsFromHub(
  hub: Pick<Hub, 'watchStates' | 'cache'>,
  send: KubeSend,
  { names, now = Date.now() }: { names: boolean; now?: number },
): Promise<ClusterFacts | undefined> {
  if (!hubCanAnswerFacts(hub)) return undefined;
  const cidrs = await serviceCidrs(send, now);
  const { cache } = hub;
  const apiServer = cache
    .list('Endpoints')
    .find((e) => e.meta.namespace === 'default' && e.meta.name === 'kubernetes');
  const sources: FactSources = {
    namespaces: cache
      .list('Namespace')
      .map((n) => n.meta.name)
      .sort(),
    services: cache
      .list('Service')
      .sort(byNamespaceName)
      .map((s) => ({
        ref: nsRef(s.meta),
        clusterIPs: [...(s.clusterIPs ?? []), ...(s.clusterIP ? [s.clusterIP] : [])],
        externalIPs: s.externalIPs ?? [],
      })),
    pods: cache
      .list('Pod')
      .sort(byNamespaceName)
      .map((p) => ({
        ref: nsRef(p.meta),
        ips: [...(p.podIP ? [p.podIP] : []), ...(p.podIPs ?? [])],
      })),
    nodes: cache
      .list('Node')
      .sort(byNamespaceName)
      .map((n) => ({ ref: n.meta.name, podCIDRs: n.podCIDRs ?? [], addresses: nodeAddresses(n) })),
    serviceCidrs: cidrs,
    apiServer: (apiServer?.subsets ?? []).flatMap((s) => s.addresses.map((a) => a.ip)),
  };
  return factsOf(sources, names);
}
