/**
 * Endpoints subset canonicalisation and over-capacity truncation, after upstream
 * pkg/api/v1/endpoints/util.go (RepackSubsets, SortSubsets) and
 * pkg/controller/endpoint/endpoints_controller.go (truncateEndpoints). Pure; unit-tested in
 * repack.test.ts against upstream's util_test.go cases.
 *
 * Known difference: upstream orders ports and subsets by a hash of a Go debug dump, which cannot
 * be reproduced; here ports sort by (port, protocol, name) and subsets by their first address
 * then their first port. Only the set of subsets is meaningful: clients treat subsets as sets.
 */
import { compareIPs } from '../core/ip';

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  apiVersion?: string;
  fieldPath?: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export const MAX_ENDPOINTS_CAPACITY = 1000;

function portKey(port: EndpointPort): string {
  return JSON.stringify([
    port.name ?? '',
    port.port,
    port.protocol ?? '',
    port.appProtocol ?? null,
  ]);
}

function addressKey(address: EndpointAddress): string {
  return `${address.ip}\u0000${address.targetRef?.uid ?? ''}`;
}

/**
 * Collapses subsets into the canonical form: every (address, port) pair once, not-ready winning
 * over ready, addresses grouped into one subset per identical set of (address, readiness) across
 * ports; subsets without ports survive (upstream's port -1 sentinel).
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddresses = new Map<string, EndpointAddress>();
  const ports = new Map<string, { port: EndpointPort | undefined; ready: Map<string, boolean> }>();

  const mapAddress = (
    address: EndpointAddress,
    pk: string,
    port: EndpointPort | undefined,
    ready: boolean,
  ) => {
    const key = addressKey(address);
    if (!allAddresses.has(key)) {
      allAddresses.set(key, {
        ...address,
        ...(address.targetRef ? { targetRef: { ...address.targetRef } } : {}),
      });
    }
    let entry = ports.get(pk);
    if (!entry) ports.set(pk, (entry = { port, ready: new Map() }));
    const was = entry.ready.get(key);
    if (was === undefined || was) entry.ready.set(key, ready);
  };

  for (const subset of subsets) {
    const subsetPorts = subset.ports ?? [];
    const targets: [string, EndpointPort | undefined][] =
      subsetPorts.length === 0 ? [['-1', undefined]] : subsetPorts.map((p) => [portKey(p), p]);
    for (const [pk, port] of targets) {
      for (const a of subset.addresses ?? []) mapAddress(a, pk, port, true);
      for (const a of subset.notReadyAddresses ?? []) mapAddress(a, pk, port, false);
    }
  }

  // Group ports by the identical set of (address, readiness) they map to.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of ports.values()) {
    const key = [...ready.entries()]
      .map(([a, r]) => `${a}\u0001${r ? 1 : 0}`)
      .sort()
      .join('\u0002');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ready, ports: [] }));
    if (port) group.ports.push(port);
  }

  const result: EndpointSubset[] = [];
  for (const group of groups.values()) {
    const readyAddresses: EndpointAddress[] = [];
    const notReadyAddresses: EndpointAddress[] = [];
    for (const [key, ready] of group.ready) {
      const address = allAddresses.get(key);
      if (!address) continue;
      (ready ? readyAddresses : notReadyAddresses).push(address);
    }
    const subset: EndpointSubset = {};
    if (readyAddresses.length) subset.addresses = readyAddresses;
    if (notReadyAddresses.length) subset.notReadyAddresses = notReadyAddresses;
    if (group.ports.length) subset.ports = group.ports;
    result.push(subset);
  }
  return sortSubsets(result);
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const byIP = compareIPs(a.ip, b.ip);
  if (byIP !== 0) return byIP;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  if (a.port !== b.port) return a.port - b.port;
  const pa = a.protocol ?? '';
  const pb = b.protocol ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  const na = a.name ?? '';
  const nb = b.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Sorts addresses, ports and subsets deterministically (see the module note). */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const s of subsets) {
    s.addresses?.sort(compareAddresses);
    s.notReadyAddresses?.sort(compareAddresses);
    s.ports?.sort(comparePorts);
  }
  const first = (s: EndpointSubset) => s.addresses?.[0] ?? s.notReadyAddresses?.[0];
  return subsets.sort((a, b) => {
    const fa = first(a);
    const fb = first(b);
    if (fa && fb) {
      const c = compareAddresses(fa, fb);
      if (c !== 0) return c;
    } else if (fa || fb) return fa ? -1 : 1;
    const pa = a.ports?.[0];
    const pb = b.ports?.[0];
    if (pa && pb) return comparePorts(pa, pb);
    return pa ? 1 : pb ? -1 : 0;
  });
}

export function countAddresses(subsets: readonly EndpointSubset[]): number {
  let n = 0;
  for (const s of subsets) n += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0);
  return n;
}

/**
 * upstream truncateEndpoints: above 1,000 addresses, keep ready addresses first and share the
 * capacity between subsets in proportion (rounded up, bounded by what is left). Returns the new
 * subsets and whether anything was truncated.
 */
export function truncateSubsets(
  subsets: readonly EndpointSubset[],
  maxCapacity = MAX_ENDPOINTS_CAPACITY,
): { subsets: EndpointSubset[]; truncated: boolean } {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= maxCapacity) return { subsets: [...subsets], truncated: false };

  const truncateReady = totalReady > maxCapacity;
  const max = truncateReady ? maxCapacity : maxCapacity - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  const out: EndpointSubset[] = [];
  for (const original of subsets) {
    const subset: EndpointSubset = { ...original };
    const numInSubset = truncateReady
      ? (subset.addresses?.length ?? 0)
      : (subset.notReadyAddresses?.length ?? 0);
    let toBeAdded = Math.ceil((numInSubset / numTotal) * max);
    if (toBeAdded > canBeAdded) toBeAdded = canBeAdded;
    if (truncateReady) {
      subset.addresses = (subset.addresses ?? []).slice(0, toBeAdded);
      delete subset.notReadyAddresses;
      canBeAdded -= subset.addresses.length;
      if (subset.addresses.length === 0) delete subset.addresses;
    } else {
      subset.notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= subset.notReadyAddresses.length;
      if (subset.notReadyAddresses.length === 0) delete subset.notReadyAddresses;
    }
    // A subset left with no addresses would fail Endpoints validation ("must specify
    // `addresses` or `notReadyAddresses`"); upstream would keep it and fail the write.
    if (subset.addresses || subset.notReadyAddresses) out.push(subset);
  }
  return { subsets: out, truncated: true };
}
