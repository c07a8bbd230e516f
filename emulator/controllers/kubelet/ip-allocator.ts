/**
 * Pod IPs as the host-local IPAM plugin hands them out: per Node, from its `spec.podCIDR`
 * (IPv4), starting at .2 (.1 is the bridge), never the broadcast address, never an address a
 * live pod holds. A Node without a podCIDR gets `10.244.<200+n>.0/24`, n counting such Nodes.
 * IPs of pods that already carry one (adopted pods) are marked taken.
 */
import { intToIPv4, ipv4ToInt, parseCIDRSloppy } from '../../core/ip';
import type { KubeObject } from '../../core/types';

export function parseCIDR(cidr: string | undefined): { base: number; size: number } | undefined {
  const parsed = parseCIDRSloppy(cidr ?? '');
  if (!parsed || parsed.bytes.length !== 4 || parsed.bits < 8 || parsed.bits > 30) return undefined;
  const size = 2 ** (32 - parsed.bits);
  const ip = parsed.bytes.reduce((n, b) => n * 256 + b, 0);
  return { base: ip - (ip % size), size };
}

export class IPAllocator {
  private readonly used = new Map<string, Set<number>>();
  private readonly byUid = new Map<string, { node: string; ip: number }>();
  private readonly fallback = new Map<string, number>();

  cidrFor(node: KubeObject): { base: number; size: number } {
    const spec = node.spec as { podCIDR?: string; podCIDRs?: string[] } | undefined;
    const parsed = parseCIDR(spec?.podCIDR ?? spec?.podCIDRs?.[0]);
    if (parsed) return parsed;
    const name = node.metadata.name ?? '';
    let index = this.fallback.get(name);
    if (index === undefined) this.fallback.set(name, (index = 200 + this.fallback.size));
    return { base: ipv4ToInt(`10.244.${index % 256}.0`)!, size: 256 };
  }

  mark(uid: string, node: string, ip: string): void {
    const n = /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ipv4ToInt(ip) : undefined;
    if (n === undefined || this.byUid.has(uid)) return;
    this.usedOn(node).add(n);
    this.byUid.set(uid, { node, ip: n });
  }

  allocate(uid: string, node: KubeObject): string | undefined {
    const existing = this.byUid.get(uid);
    if (existing) return intToIPv4(existing.ip);
    const { base, size } = this.cidrFor(node);
    const name = node.metadata.name ?? '';
    const used = this.usedOn(name);
    for (let offset = 2; offset < size - 1; offset++) {
      const candidate = (base + offset) >>> 0;
      if (!used.has(candidate)) {
        used.add(candidate);
        this.byUid.set(uid, { node: name, ip: candidate });
        return intToIPv4(candidate);
      }
    }
    return undefined;
  }

  release(uid: string): void {
    const entry = this.byUid.get(uid);
    if (!entry) return;
    this.byUid.delete(uid);
    this.used.get(entry.node)?.delete(entry.ip);
  }

  private usedOn(node: string): Set<number> {
    let set = this.used.get(node);
    if (!set) this.used.set(node, (set = new Set()));
    return set;
  }
}
