/**
 * ClusterIP and NodePort allocation for Services, as the apiserver's allocators behave for a
 * kubeadm-default cluster: service CIDR 10.96.0.0/12 and NodePorts 30000–32767, each split as
 * KEP-3070 splits them (pkg/registry/core/service/ipallocator/ipallocator.go
 * allocateNextService, portallocator/allocator.go calculateRangeOffset): dynamic allocation
 * starts at a random place in the upper band and wraps within it, and takes from the lower
 * band, kept for static assignment, only once the upper one is full.
 *
 * What is in use is derived from committed Services (`trackAllocations`, called on every
 * commit), so a deleted Service releases its values and a dry run or a failed write never holds
 * any. Values handed out during one write are "pending" until that write ends, so two ports of
 * one Service never get the same value.
 */
import { randomInt } from 'node:crypto';
import { intToIPv4, ipv4ToInt } from './ip';
import type { KubeObject, ResourceName, StrategyContext } from './types';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

const NETWORK = ipv4ToInt('10.96.0.0')!;
/** Usable addresses: the /12 without its network and broadcast addresses. */
const IP_COUNT = (1 << 20) - 2;
const NODE_PORT_COUNT = NODE_PORT_MAX - NODE_PORT_MIN + 1;

/** calculateRangeOffset: min(max(lo, size/step), hi), 0 for ranges of at most `lo` values. */
function rangeOffset(size: number, lo: number, step: number, hi: number): number {
  if (size <= lo) return 0;
  return Math.min(Math.max(lo, Math.floor(size / step)), hi);
}

const IP_OFFSET = rangeOffset(IP_COUNT, 16, 16, 256);
/**
 * NodePorts below NODE_PORT_MIN + NODE_PORT_OFFSET (30000–30085) are the static band: random
 * allocation takes them only once the upper band is full, so a manifest that names its own
 * nodePort should pick one there or risk colliding with a port handed out before it.
 */
export const NODE_PORT_OFFSET = rangeOffset(NODE_PORT_COUNT, 16, 32, 128);

export interface AllocationState {
  readonly usedIPs: Set<string>;
  readonly usedNodePorts: Set<number>;
  /** Handed out during the write in progress, not committed yet. */
  readonly pendingIPs: Set<string>;
  readonly pendingNodePorts: Set<number>;
  /** A uniform integer in [0, n). */
  readonly random: (n: number) => number;
}

export function createAllocationState(
  random: (n: number) => number = (n) => randomInt(n),
): AllocationState {
  return {
    usedIPs: new Set(),
    usedNodePorts: new Set(),
    pendingIPs: new Set(),
    pendingNodePorts: new Set(),
    random,
  };
}

/** The upper band from a random start, then the lower band: an index in [0, size). */
function allocateIndex(
  size: number,
  offset: number,
  isFree: (index: number) => boolean,
  random: (n: number) => number,
): number | undefined {
  const upper = size - offset;
  if (upper > 0) {
    const start = random(upper);
    for (let i = 0; i < upper; i++) {
      const at = offset + ((start + i) % upper);
      if (isFree(at)) return at;
    }
  }
  if (offset > 0) {
    const start = random(offset);
    for (let i = 0; i < offset; i++) {
      const at = (start + i) % offset;
      if (isFree(at)) return at;
    }
  }
  return undefined;
}

const ipAt = (index: number) => intToIPv4(NETWORK + 1 + index);

export function isClusterIPInUse(state: AllocationState, ip: string): boolean {
  return state.usedIPs.has(ip) || state.pendingIPs.has(ip);
}

export function isNodePortInUse(state: AllocationState, port: number): boolean {
  return state.usedNodePorts.has(port) || state.pendingNodePorts.has(port);
}

/** A free ClusterIP, held until the write ends; undefined when the range is full. */
export function allocateClusterIP(state: AllocationState): string | undefined {
  const index = allocateIndex(
    IP_COUNT,
    IP_OFFSET,
    (i) => !isClusterIPInUse(state, ipAt(i)),
    state.random,
  );
  if (index === undefined) return undefined;
  const ip = ipAt(index);
  state.pendingIPs.add(ip);
  return ip;
}

/** A free NodePort, held until the write ends; undefined when the range is full. */
export function allocateNodePort(state: AllocationState): number | undefined {
  const index = allocateIndex(
    NODE_PORT_COUNT,
    NODE_PORT_OFFSET,
    (i) => !isNodePortInUse(state, NODE_PORT_MIN + i),
    state.random,
  );
  if (index === undefined) return undefined;
  state.pendingNodePorts.add(NODE_PORT_MIN + index);
  return NODE_PORT_MIN + index;
}

/** The allocator half of a StrategyContext. */
export function serviceAllocators(state: AllocationState): Omit<StrategyContext, 'store'> {
  return {
    allocateClusterIP: () => allocateClusterIP(state),
    allocateNodePort: () => allocateNodePort(state),
    isClusterIPInUse: (ip) => isClusterIPInUse(state, ip),
    isNodePortInUse: (port) => isNodePortInUse(state, port),
  };
}

/** Runs one write; whatever it allocated and did not commit is free again afterwards. */
export function withPendingAllocations<T>(state: AllocationState, write: () => T): T {
  try {
    return write();
  } finally {
    state.pendingIPs.clear();
    state.pendingNodePorts.clear();
  }
}

/** What a Service holds of the allocators, read leniently (a stored spec is already valid). */
interface AllocatedSpec {
  clusterIP?: unknown;
  clusterIPs?: unknown;
  ports?: unknown;
  healthCheckNodePort?: unknown;
}

function specOf(svc: KubeObject | undefined): AllocatedSpec {
  const spec = svc?.spec;
  return typeof spec === 'object' && spec !== null ? (spec as AllocatedSpec) : {};
}

function serviceIPs(svc: KubeObject | undefined): string[] {
  const spec = specOf(svc);
  const ips = new Set<string>();
  const add = (ip: unknown) => {
    if (typeof ip === 'string' && ip && ip !== 'None') ips.add(ip);
  };
  add(spec.clusterIP);
  if (Array.isArray(spec.clusterIPs)) spec.clusterIPs.forEach(add);
  return [...ips];
}

function serviceNodePorts(svc: KubeObject | undefined): number[] {
  const spec = specOf(svc);
  const ports: number[] = [];
  const add = (port: unknown) => {
    if (typeof port === 'number' && port > 0) ports.push(port);
  };
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports as { nodePort?: unknown }[]) add(p?.nodePort);
  }
  add(spec.healthCheckNodePort);
  return ports;
}

/** Called for every committed change: releases what `before` held, takes what `after` holds. */
export function trackAllocations(
  state: AllocationState,
  resource: ResourceName,
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): void {
  if (resource !== 'services') return;
  for (const ip of serviceIPs(before)) state.usedIPs.delete(ip);
  for (const p of serviceNodePorts(before)) state.usedNodePorts.delete(p);
  for (const ip of serviceIPs(after)) state.usedIPs.add(ip);
  for (const p of serviceNodePorts(after)) state.usedNodePorts.add(p);
}

/** Within 10.96.0.0/12, excluding the network and broadcast addresses. */
export function isInServiceRange(ip: string): boolean {
  const n = ipv4ToInt(ip);
  if (n === undefined) return false;
  const index = n - NETWORK - 1;
  return index >= 0 && index < IP_COUNT;
}

export function isInNodePortRange(port: number): boolean {
  return Number.isInteger(port) && port >= NODE_PORT_MIN && port <= NODE_PORT_MAX;
}
