/**
 * The addresses a cluster owns, asked one IP at a time: does the cluster hold this address, and
 * who? The internal-address check (addresses.ts `checkAddress`, CVE-2021-25740) asks it once per
 * address a person types.
 *
 * Contract: `find(ip)` is the first target, in the order the facts list them, that is `ip` (same
 * family and bytes) or a CIDR holding it: that order decides which owner a message names when
 * several hold one address (a host-network pod and its node). `internalAddressesOf` indexes a
 * list on the first question (its IPs by canonical spelling, its CIDRs parsed once), so a check
 * costs a lookup and a pass over the CIDRs, not a parse of every pod IP of a big cluster. A
 * target that is neither an IP nor a CIDR never matches. Isomorphic and pure.
 */
import { inCidr, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from './addresses';

/** An IP, a CIDR or a single address the cluster owns, and what owns it. */
export interface InternalTarget {
  /** An IP address or a CIDR. */
  address: string;
  /** e.g. `ClusterIP of Service default/kubernetes`, `pod CIDR of node kind-worker`. */
  what: string;
}

export interface InternalAddresses {
  /** The first of the targets that is `ip` or holds it; undefined when none does. */
  find(ip: ParsedIp): InternalTarget | undefined;
}

interface ListIndex {
  /** Canonical spelling → position of the first target that is that IP. */
  exact: Map<string, number>;
  /** Positions of the CIDR targets, in order, with their parsed form. */
  cidrs: { at: number; cidr: ParsedCidr | undefined }[];
}

function indexOf(targets: readonly InternalTarget[]): ListIndex {
  const index: ListIndex = { exact: new Map(), cidrs: [] };
  targets.forEach((target, at) => {
    if (target.address.includes('/')) {
      index.cidrs.push({ at, cidr: parseCidr(target.address) });
      return;
    }
    const ip = parseIp(target.address);
    if (ip && !index.exact.has(ip.canonical)) index.exact.set(ip.canonical, at);
  });
  return index;
}

/** `targets` as InternalAddresses, indexed when first asked. */
export function internalAddressesOf(targets: readonly InternalTarget[]): InternalAddresses {
  let index: ListIndex | undefined;
  return {
    find(ip) {
      index ??= indexOf(targets);
      let first = index.exact.get(ip.canonical) ?? targets.length;
      for (const { at, cidr } of index.cidrs) {
        if (at >= first) break;
        if (inCidr(ip, cidr)) first = at;
      }
      return targets[first];
    },
  };
}
