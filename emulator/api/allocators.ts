/**
 * ClusterIP and NodePort allocation for Services, as the apiserver's allocators behave for a
 * kubeadm-default cluster: service CIDR 10.96.0.0/12 (dynamic allocations prefer the upper
 * band, above the first 256 addresses kept for static assignment; 10.96.0.1 is the kubernetes
 * Service's), NodePorts 30000–32767. Scan-based: what is in use is read from the Services in the
 * store, so there is no separate state to persist, roll back on dry-run, or release on delete.
 *
 * `createServiceAllocators(store)` gives the four StrategyContext functions; emulator/core may
 * build its StrategyContext from it.
 */
import type { ClusterStore, StrategyContext } from '../core/types';
import { parseIP } from './validation/ip';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

const BASE = (10 << 24) | (96 << 16); // 10.96.0.0
const SIZE = 1 << 20; // /12
const STATIC_BAND = 256;

export function ipToInt(ip: string): number | undefined {
  const parsed = parseIP(ip);
  if (!parsed || parsed.family !== 4) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = parsed.bytes;
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

export function intToIP(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Within 10.96.0.0/12, excluding the network and broadcast addresses. */
export function isInServiceRange(ip: string): boolean {
  const n = ipToInt(ip);
  if (n === undefined) return false;
  const offset = n - (BASE >>> 0);
  return offset > 0 && offset < SIZE - 1;
}

export function isInNodePortRange(port: number): boolean {
  return Number.isInteger(port) && port >= NODE_PORT_MIN && port <= NODE_PORT_MAX;
}

type Allocators = Pick<
  StrategyContext,
  'allocateClusterIP' | 'allocateNodePort' | 'isClusterIPInUse' | 'isNodePortInUse'
>;

interface SvcShape {
  spec?: {
    clusterIPs?: string[];
    clusterIP?: string;
    ports?: { nodePort?: number }[];
    healthCheckNodePort?: number;
  };
}

export function createServiceAllocators(
  store: Pick<ClusterStore, 'list'>,
  random: () => number = Math.random,
): Allocators {
  const usedIPs = () => {
    const set = new Set<string>();
    for (const svc of store.list('services') as unknown as SvcShape[]) {
      for (const ip of svc.spec?.clusterIPs ?? []) set.add(ip);
      if (svc.spec?.clusterIP) set.add(svc.spec.clusterIP);
    }
    return set;
  };
  const usedPorts = () => {
    const set = new Set<number>();
    for (const svc of store.list('services') as unknown as SvcShape[]) {
      for (const p of svc.spec?.ports ?? []) if (p.nodePort) set.add(p.nodePort);
      if (svc.spec?.healthCheckNodePort) set.add(svc.spec.healthCheckNodePort);
    }
    return set;
  };
  return {
    isClusterIPInUse: (ip) => usedIPs().has(ip),
    isNodePortInUse: (port) => usedPorts().has(port),
    allocateClusterIP: () => {
      const used = usedIPs();
      const dynamic = SIZE - 2 - STATIC_BAND;
      const start = Math.floor(random() * dynamic);
      // Linear probing from a random start: random like upstream, and terminates.
      for (let i = 0; i < dynamic; i++) {
        const offset = STATIC_BAND + 1 + ((start + i) % dynamic);
        const ip = intToIP((BASE >>> 0) + offset);
        if (!used.has(ip)) return ip;
      }
      for (let offset = 1; offset <= STATIC_BAND; offset++) {
        const ip = intToIP((BASE >>> 0) + offset);
        if (!used.has(ip)) return ip;
      }
      return undefined;
    },
    allocateNodePort: () => {
      const used = usedPorts();
      const count = NODE_PORT_MAX - NODE_PORT_MIN + 1;
      const start = Math.floor(random() * count);
      for (let i = 0; i < count; i++) {
        const port = NODE_PORT_MIN + ((start + i) % count);
        if (!used.has(port)) return port;
      }
      return undefined;
    },
  };
}
