import 'server-only';
/**
 * The addresses a cluster owns, kept from the hub's cache for the internal-address check of
 * writes (hub-facts.ts): which Services, pods and nodes hold an IP, filed under its canonical
 * spelling as records change, and the nodes' pod CIDRs parsed once. A preview then asks a map
 * per address typed, instead of rebuilding and scanning the facts of every pod in the cluster.
 *
 * Contract: made from the cache's records and subscribed in the same synchronous step (as the
 * hub's model, hub-model.ts), so it holds exactly the cache's records from then on. `facts`
 * answers exactly what fact-sources.ts `factsOf` answers for the same records given in
 * namespace/name order: the holders of an address are found here, and `internalTargetsOf`
 * words and orders them, over those holders only. Made on first use, so a server nobody
 * previews a write on holds no second table of its pods' IPs.
 */
import {
  inCidr,
  internalAddressesOf,
  parseCidr,
  parseIp,
  type ClusterFacts,
  type ParsedCidr,
  type ParsedIp,
} from '@/lib/topology/validation';
import type {
  EndpointsRecord,
  NodeRecord,
  PodRecord,
  ServiceRecord,
  SlimRecord,
} from '../../topology/records';
import { byNamespaceName } from '../../topology/snapshot-index';
import { followerOf, type ChangeBatch, type ClusterCache } from '../cache';
import { internalTargetsOf, type FactSources } from './fact-sources';

type Holder = ServiceRecord | PodRecord | NodeRecord;

const nsRef = (meta: { namespace: string; name: string }) =>
  meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;

function serviceSource(s: ServiceRecord): FactSources['services'][number] {
  return {
    ref: nsRef(s.meta),
    clusterIPs: [...(s.clusterIPs ?? []), ...(s.clusterIP ? [s.clusterIP] : [])],
    externalIPs: s.externalIPs ?? [],
  };
}

function podSource(p: PodRecord): FactSources['pods'][number] {
  return { ref: nsRef(p.meta), ips: [...(p.podIP ? [p.podIP] : []), ...(p.podIPs ?? [])] };
}

function nodeSource(n: NodeRecord): FactSources['nodes'][number] {
  const addresses =
    n.addresses ?? (n.internalIP ? [{ type: 'InternalIP', address: n.internalIP }] : []);
  return { ref: n.meta.name, podCIDRs: n.podCIDRs ?? [], addresses };
}

/** Every address text a holder's facts may name: its IPs, and CIDRs among them. */
function addressesOf(record: Holder): string[] {
  switch (record.kind) {
    case 'Service':
      return [
        ...(record.clusterIPs ?? []),
        ...(record.clusterIP ? [record.clusterIP] : []),
        ...(record.externalIPs ?? []),
      ];
    case 'Pod':
      return record.podIPs ? [record.podIP ?? '', ...record.podIPs] : [record.podIP ?? ''];
    case 'Node':
      return [...(record.podCIDRs ?? []), ...nodeSource(record).addresses.map((a) => a.address)];
  }
}

const isHolder = (record: SlimRecord): record is Holder =>
  record.kind === 'Service' || record.kind === 'Pod' || record.kind === 'Node';

const isApiServer = (record: SlimRecord): record is EndpointsRecord =>
  record.kind === 'Endpoints' &&
  record.meta.namespace === 'default' &&
  record.meta.name === 'kubernetes';

export class AddressIndex {
  /** Every holder filed, by uid: what to take out again when it changes or goes. */
  private readonly holders = new Map<string, Holder>();
  /** Canonical IP → the holders that name it (one, or a few: a host-network pod and its node). */
  private readonly byIp = new Map<string, Holder | Holder[]>();
  /** Holders with CIDRs among their addresses (nodes' pod CIDRs), parsed. */
  private readonly cidrs = new Map<string, { holder: Holder; cidrs: (ParsedCidr | undefined)[] }>();
  private readonly namespaceNames = new Map<string, string>();
  private sortedNamespaces: string[] | undefined;
  private apiServer: EndpointsRecord | undefined;

  constructor(records: Iterable<SlimRecord>) {
    for (const record of records) this.file(record);
  }

  apply(batch: ChangeBatch): void {
    for (const ref of batch.deletes) this.unfile(ref.uid);
    for (const record of batch.upserts) {
      this.unfile(record.meta.uid);
      this.file(record);
    }
  }

  /**
   * The facts: the namespaces, and the addresses as `factsOf` would find them in every record
   * held (with `serviceCidrs`, which are not watched, read by the caller).
   */
  facts(serviceCidrs: FactSources['serviceCidrs'], names: boolean): ClusterFacts {
    this.sortedNamespaces ??= [...this.namespaceNames.values()].sort();
    const apiServer = (this.apiServer?.subsets ?? []).flatMap((s) => s.addresses.map((a) => a.ip));
    return {
      namespaces: this.sortedNamespaces,
      internal: {
        find: (ip) => {
          const holders = this.holdersOf(ip).sort(byNamespaceName);
          const targets = internalTargetsOf(
            {
              services: holders.flatMap((h) => (h.kind === 'Service' ? [serviceSource(h)] : [])),
              pods: holders.flatMap((h) => (h.kind === 'Pod' ? [podSource(h)] : [])),
              nodes: holders.flatMap((h) => (h.kind === 'Node' ? [nodeSource(h)] : [])),
              serviceCidrs,
              apiServer,
            },
            names,
          );
          return internalAddressesOf(targets).find(ip);
        },
      },
    };
  }

  /** The holders whose facts may hold `ip`: those filed under it, and those with a CIDR that does. */
  private holdersOf(ip: ParsedIp): Holder[] {
    const filed = this.byIp.get(ip.canonical);
    const found = new Set<Holder>(
      filed === undefined ? [] : Array.isArray(filed) ? filed : [filed],
    );
    for (const { holder, cidrs } of this.cidrs.values())
      if (cidrs.some((cidr) => inCidr(ip, cidr))) found.add(holder);
    return [...found];
  }

  private file(record: SlimRecord): void {
    if (record.kind === 'Namespace') {
      this.namespaceNames.set(record.meta.uid, record.meta.name);
      this.sortedNamespaces = undefined;
      return;
    }
    if (isApiServer(record)) {
      this.apiServer = record;
      return;
    }
    if (!isHolder(record)) return;
    this.holders.set(record.meta.uid, record);
    const cidrs: (ParsedCidr | undefined)[] = [];
    for (const key of this.keysOf(record, cidrs)) {
      const filed = this.byIp.get(key);
      if (filed === undefined) this.byIp.set(key, record);
      else if (Array.isArray(filed)) filed.push(record);
      else this.byIp.set(key, [filed, record]);
    }
    if (cidrs.length > 0) this.cidrs.set(record.meta.uid, { holder: record, cidrs });
  }

  private unfile(uid: string): void {
    if (this.namespaceNames.delete(uid)) this.sortedNamespaces = undefined;
    if (this.apiServer?.meta.uid === uid) this.apiServer = undefined;
    const record = this.holders.get(uid);
    if (!record) return;
    this.holders.delete(uid);
    this.cidrs.delete(uid);
    for (const key of this.keysOf(record, [])) {
      const filed = this.byIp.get(key);
      if (filed === record) this.byIp.delete(key);
      else if (Array.isArray(filed)) {
        const left = filed.filter((h) => h !== record);
        if (left.length === 1) this.byIp.set(key, left[0]!);
        else this.byIp.set(key, left);
      }
    }
  }

  /** The canonical IPs `record` is filed under (each once); its CIDRs, parsed, into `cidrs`. */
  private keysOf(record: Holder, cidrs: (ParsedCidr | undefined)[]): Set<string> {
    const keys = new Set<string>();
    for (const address of addressesOf(record)) {
      if (address.includes('/')) cidrs.push(parseCidr(address));
      else {
        const ip = parseIp(address);
        // An IPv4 address's canonical spelling is the record's own string: no copy per pod.
        if (ip) keys.add(ip.canonical);
      }
    }
    return keys;
  }
}

/** The address index of `cache` (the hub's: `hub.cache`), made on first use. */
export const addressIndexOf: (cache: ClusterCache) => AddressIndex = followerOf(
  (records) => new AddressIndex(records),
);
