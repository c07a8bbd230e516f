import 'server-only';
/**
 * What the cluster owns, read fresh for each write: the namespaces and every address inside the
 * cluster that an external Service must not silently point at (CVE-2021-25740) — ClusterIPs,
 * pod IPs, node addresses and pod CIDRs, ServiceCIDRs when the API serves them, and the
 * apiserver's own endpoints.
 *
 * Contract: returns lib/topology/validation `ClusterFacts`. Lists are paged (limit=500). A list
 * that fails makes the whole call fail: validating without the facts would accept what it should
 * not. ServiceCIDR (networking.k8s.io/v1, 1.33) is optional: 404 means "not served".
 * `loadWriteFacts(deps)` reads them with the dashboard's own client when a person is signed in
 * (lib/k8s/write/deps.ts says why) and then says "a Pod", never which one: the refusal must not
 * name objects the person may not be allowed to see.
 *
 * Where they come from: the hub's cache when it can answer (`deps.cachedFacts`,
 * lib/k8s/write/hub-facts.ts: every kind involved synced, not forbidden and watching), with no
 * LIST at all; otherwise the LISTs below. The fallback is kept on purpose: with the hub syncing,
 * reconnecting or refused a kind, the cache may hold nothing, and the CVE-2021-25740 guard must
 * never validate against nothing. Both sources go through one builder (fact-sources.ts).
 */
import type { ClusterFacts } from '@/lib/topology/validation';
import { itemPath, KINDS } from '../kinds';
import { ok, statusOf, type KubeSend } from './client';
import type { WriteDeps } from './deps';
import { factsOf, type FactSources } from './fact-sources';

/** Not a watched kind (the map never draws it): read here only, when the API serves it. */
const SERVICE_CIDRS_PATH = '/apis/networking.k8s.io/v1/servicecidrs';

export interface Item {
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  subsets?: { addresses?: { ip?: string }[] }[];
}

async function listAll(send: KubeSend, path: string, optional = false): Promise<Item[]> {
  const items: Item[] = [];
  let token: string | undefined;
  do {
    const query = `limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const response = await send({ method: 'GET', path: `${path}?${query}` });
    if (optional && (response.status === 404 || response.status === 403)) return [];
    if (!ok(response)) throw new Error(`listing ${path}: ${statusOf(response).message}`);
    const body = response.body as { items?: Item[]; metadata?: { continue?: string } };
    items.push(...(body.items ?? []));
    token = body.metadata?.continue || undefined;
  } while (token);
  return items;
}

const ref = (i: Item) =>
  `${i.metadata?.namespace ? `${i.metadata.namespace}/` : ''}${i.metadata?.name ?? '?'}`;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The facts a write is checked against, read as lib/k8s/write/deps.ts decides. */
export async function loadWriteFacts(deps: WriteDeps): Promise<ClusterFacts> {
  const send = deps.facts ?? deps.send;
  const names = deps.nameFacts !== false;
  return (await deps.cachedFacts?.(send, { names })) ?? loadClusterFacts(send, { names });
}

/** The facts from fresh LISTs: what a write falls back on when the hub cannot answer. */
export async function loadClusterFacts(
  send: KubeSend,
  { names = true }: { names?: boolean } = {},
): Promise<ClusterFacts> {
  return factsOf(await listFactSources(send), names);
}

/** What the facts are made of, from fresh LISTs. */
export async function listFactSources(send: KubeSend): Promise<FactSources> {
  const [namespaces, services, pods, nodes, cidrs, apiserver] = await Promise.all([
    listAll(send, KINDS.Namespace.listPath),
    listAll(send, KINDS.Service.listPath),
    listAll(send, KINDS.Pod.listPath),
    listAll(send, KINDS.Node.listPath, true),
    listAll(send, SERVICE_CIDRS_PATH, true),
    send({ method: 'GET', path: itemPath('Endpoints', 'default', 'kubernetes') }),
  ]);
  return {
    namespaces: namespaces.map((n) => n.metadata?.name ?? '').filter(Boolean),
    services: services.map((s) => ({
      ref: ref(s),
      clusterIPs: [...strings(s.spec?.clusterIPs), ...strings([s.spec?.clusterIP])],
      externalIPs: strings(s.spec?.externalIPs),
    })),
    pods: pods.map((p) => ({
      ref: ref(p),
      ips: [
        ...strings([p.status?.podIP]),
        ...(Array.isArray(p.status?.podIPs)
          ? (p.status.podIPs as { ip?: string }[]).map((x) => x.ip ?? '')
          : []),
      ],
    })),
    nodes: nodes.map((n) => ({
      ref: ref(n),
      podCIDRs: [...strings(n.spec?.podCIDRs), ...strings([n.spec?.podCIDR])],
      addresses: (Array.isArray(n.status?.addresses)
        ? (n.status.addresses as { type?: string; address?: string }[])
        : []
      ).flatMap((a) => (a.type && a.address ? [{ type: a.type, address: a.address }] : [])),
    })),
    serviceCidrs: serviceCidrsOf(cidrs),
    apiServer: ok(apiserver)
      ? ((apiserver.body as Item).subsets ?? []).flatMap((subset) =>
          (subset.addresses ?? []).flatMap((a) => (a.ip ? [a.ip] : [])),
        )
      : [],
  };
}

/** ServiceCIDR objects as fact sources. */
export function serviceCidrsOf(items: Item[]): FactSources['serviceCidrs'] {
  return items.map((c) => ({ ref: ref(c), cidrs: strings(c.spec?.cidrs) }));
}

/** The ServiceCIDRs (an empty list when the API does not serve the kind). */
export function listServiceCidrs(send: KubeSend): Promise<Item[]> {
  return listAll(send, SERVICE_CIDRS_PATH, true);
}

export async function listNamespaces(send: KubeSend): Promise<string[]> {
  return (await listAll(send, KINDS.Namespace.listPath))
    .map((n) => n.metadata?.name ?? '')
    .filter(Boolean)
    .sort();
}
