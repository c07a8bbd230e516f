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
 */
import type { ClusterFacts, InternalTarget } from '@/lib/topology/validation';
import { itemPath, KINDS } from '../kinds';
import { ok, statusOf, type KubeSend } from './client';
import type { WriteDeps } from './deps';

/** Not a watched kind (the map never draws it): read here only, when the API serves it. */
const SERVICE_CIDRS_PATH = '/apis/networking.k8s.io/v1/servicecidrs';

interface Item {
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
/** "Pod team-a/web" when naming is allowed, else "a Pod". */
const namer = (names: boolean) => (kind: string, i: Item) =>
  names ? `${kind} ${ref(i)}` : `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The facts a write is checked against, read as lib/k8s/write/deps.ts decides. */
export function loadWriteFacts(deps: WriteDeps): Promise<ClusterFacts> {
  return loadClusterFacts(deps.facts ?? deps.send, { names: deps.nameFacts !== false });
}

export async function loadClusterFacts(
  send: KubeSend,
  { names = true }: { names?: boolean } = {},
): Promise<ClusterFacts> {
  const owner = namer(names);
  const [namespaces, services, pods, nodes, cidrs, apiserver] = await Promise.all([
    listAll(send, KINDS.Namespace.listPath),
    listAll(send, KINDS.Service.listPath),
    listAll(send, KINDS.Pod.listPath),
    listAll(send, KINDS.Node.listPath, true),
    listAll(send, SERVICE_CIDRS_PATH, true),
    send({ method: 'GET', path: itemPath('Endpoints', 'default', 'kubernetes') }),
  ]);
  const targets: InternalTarget[] = [];
  for (const s of services) {
    const ips = new Set([...strings(s.spec?.clusterIPs), ...strings([s.spec?.clusterIP])]);
    for (const ip of ips)
      if (ip !== 'None' && ip)
        targets.push({ address: ip, what: `ClusterIP of ${owner('Service', s)}` });
    for (const ip of strings(s.spec?.externalIPs))
      targets.push({ address: ip, what: `external IP of ${owner('Service', s)}` });
  }
  for (const p of pods) {
    const ips = new Set([
      ...strings([p.status?.podIP]),
      ...(Array.isArray(p.status?.podIPs)
        ? (p.status.podIPs as { ip?: string }[]).map((x) => x.ip ?? '')
        : []),
    ]);
    // Host-network pods share their node's IP; that is reported as the node below too.
    for (const ip of ips) if (ip) targets.push({ address: ip, what: `IP of ${owner('Pod', p)}` });
  }
  for (const n of nodes) {
    for (const cidr of new Set([...strings(n.spec?.podCIDRs), ...strings([n.spec?.podCIDR])])) {
      targets.push({ address: cidr, what: `pod CIDR of ${owner('Node', n)}` });
    }
    const addresses = Array.isArray(n.status?.addresses)
      ? (n.status.addresses as { type?: string; address?: string }[])
      : [];
    for (const a of addresses) {
      if (a.address && (a.type === 'InternalIP' || a.type === 'ExternalIP')) {
        targets.push({ address: a.address, what: `${a.type} of ${owner('Node', n)}` });
      }
    }
  }
  for (const c of cidrs) {
    for (const cidr of strings(c.spec?.cidrs))
      targets.push({ address: cidr, what: `service CIDR (${owner('ServiceCIDR', c)})` });
  }
  if (ok(apiserver)) {
    for (const subset of (apiserver.body as Item).subsets ?? []) {
      for (const a of subset.addresses ?? []) {
        if (a.ip)
          targets.push({
            address: a.ip,
            what: 'the Kubernetes API server (Endpoints default/kubernetes)',
          });
      }
    }
  }
  return {
    namespaces: namespaces.map((n) => n.metadata?.name ?? '').filter(Boolean),
    internalTargets: targets,
  };
}

export async function listNamespaces(send: KubeSend): Promise<string[]> {
  return (await listAll(send, KINDS.Namespace.listPath))
    .map((n) => n.metadata?.name ?? '')
    .filter(Boolean)
    .sort();
}
