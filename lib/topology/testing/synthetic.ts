/**
 * A synthetic cluster for benchmarks: `large:N` in-process, as slim records — about N pods, N/15
 * Services, N/150 namespaces, N/30 nodes, a few Services with more than 1,000 endpoints (one of up
 * to 20,000), and about 2% problem Services (selector typos, pods that never get ready, undeclared
 * named targetPorts, selector-less Services with manual Endpoints, ExternalName); each selecting
 * Service's pods belong to a ReplicaSet of a Deployment (both records present). Shaped like the
 * emulator's `large:N` scenario but generated here from the upstream controller rules
 * (endpoints.ts), with no emulator/ code.
 *
 * Contract: deterministic for a given N and seed; cost linear in N; records as JSON.parse makes
 * them (what the cache holds).
 */
import type {
  ClusterSnapshot,
  DeploymentRecord,
  ReplicaSetRecord,
  EndpointSliceRecord,
  EndpointsRecord,
  NodeRecord,
  PodRecord,
  ServiceRecord,
} from '../records';
import {
  controllerEndpoints,
  controllerSlices,
  manualEndpoints,
  mirroredSlices,
} from './endpoints';
import {
  namespaceRecord,
  nodeRecord,
  podRecord,
  serviceRecord,
  suffixFor,
  uidFor,
} from './objects';
import { deploymentRecord, replicaSetRecord } from './workloads';

export interface SyntheticOptions {
  pods: number;
  seed?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'checkout',
  'catalog',
  'search',
  'orders',
  'billing',
  'identity',
  'ledger',
  'shipping',
  'pricing',
  'media',
];

export function syntheticSnapshot(opts: SyntheticOptions): ClusterSnapshot {
  const total = Math.max(30, Math.floor(opts.pods));
  const random = rng(opts.seed ?? 42);
  const nsCount = Math.max(1, Math.ceil(total / 150));
  const nodeCount = Math.max(2, Math.ceil(total / 30));
  const namespaces = Array.from({ length: nsCount }, (_, i) => `${WORDS[i % WORDS.length]}-${i}`);
  const nodes: NodeRecord[] = [];
  for (let i = 0; i < nodeCount; i++) {
    nodes.push(
      nodeRecord(`node-${i}`, {
        zone: `zone-${'abc'[i % 3]}`,
        internalIP: `172.16.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      }),
    );
  }
  const podIp = (n: number) =>
    `10.${128 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;

  const services: ServiceRecord[] = [];
  const pods: PodRecord[] = [];
  const endpointSlices: EndpointSliceRecord[] = [];
  const endpoints: EndpointsRecord[] = [];
  const deployments: DeploymentRecord[] = [];
  const replicaSets: ReplicaSetRecord[] = [];
  let podCount = 0;
  let serviceCount = 0;

  // Service sizes: a monster, a few over 1,000, the rest 11–13 pods (≈ N/15 Services in all).
  const sizes: number[] = [];
  let left = total;
  const take = (n: number) => {
    const k = Math.min(n, left);
    if (k > 0) sizes.push(k);
    left -= k;
  };
  if (total >= 50_000) take(Math.min(20_000, Math.floor(total / 7)));
  if (total >= 10_000) for (let i = 0; i < 3; i++) take(1_500);
  while (left > 0) take(11 + Math.floor(random() * 3));

  for (const size of sizes) {
    const index = serviceCount++;
    const ns = namespaces[index % nsCount]!;
    const name = `svc-${index}`;
    const roll = random();
    const kind =
      roll < 0.005
        ? 'typo'
        : roll < 0.01
          ? 'unready'
          : roll < 0.015
            ? 'named-port'
            : roll < 0.02
              ? 'crashloop'
              : 'ok';
    const named = random() < 0.7;
    const svc = serviceRecord(ns, name, {
      selector: { app: kind === 'typo' ? `svc-${index}x` : name },
      ports: [
        {
          name: 'http',
          protocol: 'TCP',
          port: 80,
          targetPort: named ? (kind === 'named-port' ? 'web' : 'http') : 8080,
        },
      ],
      labels: { team: WORDS[index % WORDS.length]! },
      clusterIP: `10.96.${Math.floor(index / 250) % 256}.${(index % 250) + 1}`,
    });
    const hash = suffixFor(name).slice(0, 5) + 'f8';
    const readyCount = kind === 'unready' ? 0 : kind === 'crashloop' ? Math.floor(size / 2) : size;
    const deployment = deploymentRecord(ns, name, {
      replicas: size,
      labels: { app: name, tier: 'backend' },
      ready: readyCount,
    });
    deployments.push(deployment);
    replicaSets.push(replicaSetRecord(deployment, { templateHash: hash, ready: readyCount }));
    const own: PodRecord[] = [];
    const usedNodes = new Set<number>();
    for (let i = 0; i < size; i++) {
      const n = podCount++;
      const nodeIndex = Math.floor(n / 30) % nodeCount;
      usedNodes.add(nodeIndex);
      const unready = kind === 'unready' || (kind === 'crashloop' && i % 2 === 0);
      const pod = podRecord(ns, `${name}-${hash}-${suffixFor(name + i)}`, {
        labels: { app: name, 'pod-template-hash': hash, tier: 'backend' },
        ip: podIp(n),
        nodeName: `node-${nodeIndex}`,
        ready: !unready,
        containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        containers: [
          kind === 'crashloop' && unready
            ? {
                name: 'app',
                ready: false,
                restartCount: 12,
                state: 'waiting',
                reason: 'CrashLoopBackOff',
              }
            : { name: 'app', ready: !unready, restartCount: 0, state: 'running' },
        ],
        owner: {
          kind: 'ReplicaSet',
          name: `${name}-${hash}`,
          uid: uidFor('ReplicaSet', ns, `${name}-${hash}`),
        },
      });
      own.push(pod);
      pods.push(pod);
    }
    services.push(svc);
    const nodesOfService = [...usedNodes].map((i) => nodes[i]!);
    endpointSlices.push(...controllerSlices(svc, own, nodesOfService));
    endpoints.push(controllerEndpoints(svc, own));
  }

  // A few selector-less Services with hand-written Endpoints (mirrored), and ExternalNames.
  const extras = Math.max(2, Math.floor(serviceCount / 200));
  for (let i = 0; i < extras; i++) {
    const ns = namespaces[i % nsCount]!;
    const name = `external-${i}`;
    const svc = serviceRecord(ns, name, {
      ports: [{ name: 'apache', protocol: 'TCP', port: 80, targetPort: 80 }],
      clusterIP: `10.97.${Math.floor(i / 250) % 256}.${(i % 250) + 1}`,
    });
    services.push(svc);
    const ep = manualEndpoints(ns, name, [
      {
        addresses: [`192.0.2.${(i % 250) + 1}`],
        ports: [{ name: i % 10 === 0 ? 'http' : 'apache', port: 80 }],
      },
    ]);
    endpoints.push(ep);
    endpointSlices.push(...mirroredSlices(ep));
    services.push(
      serviceRecord(ns, `alias-${i}`, {
        type: 'ExternalName',
        externalName: `db-${i}.example.net`,
      }),
    );
  }
  // Unrelated pods no Service selects (jobs, daemons), which the map must not draw.
  for (let i = 0; i < Math.floor(total / 100); i++) {
    const ns = namespaces[i % nsCount]!;
    pods.push(
      podRecord(ns, `job-${i}`, {
        labels: { 'job-name': `job-${i}` },
        phase: 'Succeeded',
        ready: false,
        ip: podIp(podCount++),
        nodeName: `node-${i % nodeCount}`,
      }),
    );
  }

  const snapshot: ClusterSnapshot = {
    namespaces: namespaces.map(namespaceRecord),
    nodes,
    services,
    endpointSlices,
    endpoints,
    pods,
    deployments,
    replicaSets,
    statefulSets: [],
    daemonSets: [],
  };
  // The real cache gets its records from JSON: flat strings, no sharing between objects. Builders
  // make concatenated (rope) strings and share references, which would skew every measurement.
  return JSON.parse(JSON.stringify(snapshot)) as ClusterSnapshot;
}
