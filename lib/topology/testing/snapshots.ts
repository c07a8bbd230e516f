/**
 * Test snapshots: a ClusterSnapshot with defaults for what a test does not care about, a "cluster
 * at rest" (every selector's slices and Endpoints derived by the controllers' rules), the seed
 * scenario, and seeded shuffles to prove that array order never changes the output.
 *
 * Contract: deterministic for the same calls in the same order. Test-only.
 */
import type { ClusterSnapshot, NodeRecord } from '../records';
import {
  controllerEndpoints,
  controllerSlices,
  manualEndpoints,
  mirroredSlices,
} from './endpoints';
import { deploymentPods, namespaceRecord, nodeRecord, serviceRecord } from './objects';

const DEFAULT_NODES = (): NodeRecord[] => [
  nodeRecord('node-1', { zone: 'zone-a', internalIP: '192.168.49.2' }),
  nodeRecord('node-2', { zone: 'zone-b', internalIP: '192.168.49.3' }),
];

/** A snapshot with defaults for what a test does not care about. */
export function snapshotOf(parts: Partial<ClusterSnapshot>): ClusterSnapshot {
  const namespaces = new Set<string>();
  for (const list of [parts.services, parts.pods, parts.endpointSlices, parts.endpoints]) {
    for (const r of list ?? []) namespaces.add(r.meta.namespace);
  }
  return {
    namespaces: parts.namespaces ?? [...namespaces].sort().map(namespaceRecord),
    nodes: parts.nodes ?? DEFAULT_NODES(),
    services: parts.services ?? [],
    endpointSlices: parts.endpointSlices ?? [],
    endpoints: parts.endpoints ?? [],
    pods: parts.pods ?? [],
    deployments: parts.deployments ?? [],
    replicaSets: parts.replicaSets ?? [],
    statefulSets: parts.statefulSets ?? [],
    daemonSets: parts.daemonSets ?? [],
  };
}

/**
 * Derives what the controllers would have written for every Service with a selector (slices and
 * Endpoints), and adds it to the snapshot — the common case of "a cluster at rest".
 */
export function withControllers(
  parts: Partial<ClusterSnapshot>,
  opts: { maxEndpointsPerSlice?: number } = {},
): ClusterSnapshot {
  const base = snapshotOf(parts);
  const slices = [...base.endpointSlices];
  const endpoints = [...base.endpoints];
  for (const svc of base.services) {
    if (svc.type === 'ExternalName' || !svc.selector || Object.keys(svc.selector).length === 0)
      continue;
    slices.push(...controllerSlices(svc, base.pods, base.nodes, opts));
    endpoints.push(controllerEndpoints(svc, base.pods));
  }
  return { ...base, endpointSlices: slices, endpoints };
}

/** The seed scenario (scenarios/seed): ingress-nginx → 2 nginx pods; external-web → 10.10.50.53. */
export function seedScenario(opts: { mirrored?: boolean } = {}): ClusterSnapshot {
  const pods = deploymentPods('default', 'nginx-deployment', 2, {
    labels: { app: 'nginx' },
    containerPorts: [{ containerPort: 80, protocol: 'TCP' }],
  });
  const ingress = serviceRecord('default', 'ingress-nginx', {
    type: 'NodePort',
    selector: { app: 'nginx' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30001 }],
  });
  const externalWeb = serviceRecord('default', 'external-web', {
    ports: [{ name: 'apache', protocol: 'TCP', port: 80, targetPort: 80 }],
  });
  const ep = manualEndpoints('default', 'external-web', [
    { addresses: ['10.10.50.53'], ports: [{ name: 'apache', port: 80, protocol: 'TCP' }] },
  ]);
  const snap = withControllers({ services: [ingress, externalWeb], pods, endpoints: [ep] });
  if (opts.mirrored ?? true) snap.endpointSlices.push(...mirroredSlices(ep));
  return snap;
}

/** Fisher–Yates with a seeded generator: the same shuffle for the same seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) >>> 0;
    s = (s + 0x6d2b79f5) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function shuffledSnapshot(snap: ClusterSnapshot, seed: number): ClusterSnapshot {
  return {
    namespaces: shuffled(snap.namespaces, seed),
    nodes: shuffled(snap.nodes, seed + 1),
    services: shuffled(snap.services, seed + 2),
    endpointSlices: shuffled(snap.endpointSlices, seed + 3).map((s) => ({
      ...s,
      endpoints: shuffled(s.endpoints, seed + 4),
    })),
    endpoints: shuffled(snap.endpoints, seed + 5),
    pods: shuffled(snap.pods, seed + 6),
    deployments: shuffled(snap.deployments, seed + 7),
    replicaSets: shuffled(snap.replicaSets, seed + 8),
    statefulSets: shuffled(snap.statefulSets, seed + 9),
    daemonSets: shuffled(snap.daemonSets, seed + 10),
  };
}
