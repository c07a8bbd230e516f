/**
 * The `large:N` scenario: a generated cluster of about N pods (1 ≤ N ≤ 150,000, the Kubernetes
 * scalability threshold), shaped after sig-scalability's thresholds
 * (https://github.com/kubernetes/community/blob/master/sig-scalability/configs-and-limits/thresholds.md):
 * ~N/150 namespaces, ~N/15 Services, ~N/30 worker Nodes
 * (≤ 30 pods each, one /24 pod CIDR per node in 10.128.0.0/9), a few Services with more than
 * 1,000 endpoints (up to a 20,000-endpoint "monster", KEP-752's sample case) and a few broken
 * ones (selector typos, pods that never get ready, an undeclared named targetPort), plus some
 * ExternalName and selector-less Services.
 *
 * Pods are written already scheduled, Running and Ready with their IPs — what the cluster looks
 * like after it has settled — so loading is one create per pod (plus a /status write when the
 * store drops status on create, as upstream does); the simulated kubelet leaves pods that already
 * have a node and an IP alone. They are bare pods (no Deployment/ReplicaSet owners) so that no
 * controller rewrites them. Services are created after their pods, so the endpoints and
 * EndpointSlice controllers sync each Service once with all its pods present.
 *
 * Everything is deterministic for a given N and seed.
 */
import type { ClusterStore, KubeObject } from '../core/types';
import { ZONES, createNode, nodeObject } from './base';
import { NOT_READY, SIMULATE_ANNOTATION } from './demo';
import { createObject, emptySummary, randomSuffix, seededRandom } from './helpers';
import type { ScenarioSummary } from './types';

export const LARGE_MAX_PODS = 150_000;
const PODS_PER_NODE = 30;
const PODS_PER_NAMESPACE = 150;
const PODS_PER_SERVICE = 12;

const NAMESPACE_WORDS = [
  'checkout',
  'catalog',
  'search',
  'orders',
  'billing',
  'identity',
  'ledger',
  'shipping',
  'pricing',
  'reviews',
  'media',
  'notifications',
  'analytics',
  'fraud',
  'inventory',
  'loyalty',
  'ads',
  'profiles',
  'messaging',
  'gateway',
  'reporting',
  'tax',
  'returns',
  'subscriptions',
  'warehouse',
  'routing',
  'telemetry',
  'auth',
  'payments',
  'recommendations',
  'storefront',
  'content',
  'experiments',
  'partner',
  'support',
  'audit',
  'exports',
  'imaging',
  'feeds',
  'quotes',
];
const ENVIRONMENTS = ['prod', 'staging', 'canary', 'perf', 'dev'];
const SERVICE_WORDS = [
  'api',
  'web',
  'worker',
  'grpc',
  'cache',
  'scheduler',
  'indexer',
  'consumer',
  'publisher',
  'admin',
  'proxy',
  'metrics',
  'sync',
  'events',
  'reader',
  'writer',
  'frontend',
  'backend',
  'batch',
  'cron',
  'graphql',
  'webhook',
  'auth',
  'store',
  'queue',
  'router',
  'render',
  'upload',
  'search',
  'notifier',
];

const BIG_SERVICES = [
  { namespace: 'edge-gateway', service: 'edge-proxy' },
  { namespace: 'ingest', service: 'ingest-worker' },
  { namespace: 'search-shards', service: 'shard-reader' },
  { namespace: 'render-farm', service: 'renderer' },
];

/** Parses the N of `large:N`; throws a message fit for the CLI's usage error. */
export function parseLargeCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`large:N needs a whole number of pods, got "${text}"`);
  const n = Number(text);
  if (n < 1 || n > LARGE_MAX_PODS) {
    throw new Error(`large:N supports 1 to ${LARGE_MAX_PODS} pods, got ${n}`);
  }
  return n;
}

type ServiceFlavour = 'healthy' | 'selector-typo' | 'never-ready' | 'undeclared-port';

interface ServicePlan {
  namespace: string;
  name: string;
  pods: number;
  flavour: ServiceFlavour;
  /** Every `notReadyEvery`-th pod is not ready (0 = none); the big Services have a few. */
  notReadyEvery: number;
}

export interface LargePlan {
  namespaces: string[];
  nodes: number;
  services: ServicePlan[];
  /** Selector-less Services with manual Endpoints, and ExternalName Services. */
  manual: { namespace: string; name: string }[];
  external: { namespace: string; name: string }[];
  pods: number;
}

function namespaceName(i: number): string {
  const word = NAMESPACE_WORDS[i % NAMESPACE_WORDS.length];
  const round = Math.floor(i / NAMESPACE_WORDS.length);
  const env = ENVIRONMENTS[round % ENVIRONMENTS.length];
  const cycle = Math.floor(round / ENVIRONMENTS.length);
  return cycle === 0 ? `${word}-${env}` : `${word}-${env}-${cycle + 1}`;
}

function serviceName(k: number): string {
  const word = SERVICE_WORDS[k % SERVICE_WORDS.length] ?? 'svc';
  const cycle = Math.floor(k / SERVICE_WORDS.length);
  return cycle === 0 ? word : `${word}-${cycle + 1}`;
}

/** A plausible typo: two neighbouring letters swapped ("payments" → "paymetns"). */
function typo(name: string): string {
  if (name.length < 4) return `${name}x`;
  const i = name.length - 3;
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
}

/** Decides every namespace, node count and Service size for N pods, without creating anything. */
export function planLarge(n: number): LargePlan {
  const bigSizes =
    n >= 10_000
      ? [
          Math.min(20_000, Math.floor(n / 7.5)),
          Math.floor(n / 50),
          Math.floor(n / 100),
          Math.floor(n / 125),
        ]
      : n >= 3_000
        ? [1_001 + Math.floor(n / 10)]
        : [];
  const services: ServicePlan[] = [];
  const namespaces: string[] = [];
  bigSizes.forEach((pods, i) => {
    const big = BIG_SERVICES[i];
    if (!big) return;
    namespaces.push(big.namespace);
    services.push({
      namespace: big.namespace,
      name: big.service,
      pods,
      flavour: 'healthy',
      notReadyEvery: 20,
    });
  });

  const regularPods = n - bigSizes.reduce((a, b) => a + b, 0);
  const namespaceCount = Math.max(1, Math.round(n / PODS_PER_NAMESPACE) - bigSizes.length);
  const manual: LargePlan['manual'] = [];
  const external: LargePlan['external'] = [];
  let serviceIndex = 0;
  for (let i = 0; i < namespaceCount; i++) {
    const namespace = namespaceName(i);
    namespaces.push(namespace);
    const pods =
      Math.floor(regularPods / namespaceCount) + (i < regularPods % namespaceCount ? 1 : 0);
    if (pods === 0) continue;
    const count = Math.max(1, Math.min(pods, Math.round(pods / PODS_PER_SERVICE)));
    // Zipf-like sizes: one large workload, a few medium, many small (the burst-SLO shape).
    const weights = Array.from({ length: count }, (_, k) => 1 / Math.pow(k + 1, 0.9));
    const total = weights.reduce((a, b) => a + b, 0);
    const sizes = weights.map((w) => Math.max(1, Math.floor((pods * w) / total)));
    let assigned = sizes.reduce((a, b) => a + b, 0);
    for (let k = 0; assigned !== pods; k = (k + 1) % count) {
      const size = sizes[k] ?? 1;
      if (assigned < pods) {
        sizes[k] = size + 1;
        assigned++;
      } else if (size > 1) {
        sizes[k] = size - 1;
        assigned--;
      }
    }
    sizes.forEach((size, k) => {
      const global = serviceIndex++;
      const flavour: ServiceFlavour =
        global % 50 === 17
          ? 'selector-typo'
          : global % 50 === 29
            ? 'never-ready'
            : global % 100 === 41
              ? 'undeclared-port'
              : 'healthy';
      services.push({ namespace, name: serviceName(k), pods: size, flavour, notReadyEvery: 0 });
    });
    if (i % 10 === 3) external.push({ namespace, name: 'partner-api' });
    if (i % 25 === 7) manual.push({ namespace, name: 'legacy-db' });
  }
  return {
    namespaces,
    nodes: Math.max(1, Math.ceil(n / PODS_PER_NODE)),
    services,
    manual,
    external,
    pods: n,
  };
}

interface WorkerNode {
  name: string;
  internalIP: string;
  /** First three octets of its /24 pod CIDR. */
  prefix: string;
  used: number;
}

function workerNode(i: number): WorkerNode {
  const host = i + 1;
  return {
    name: `worker-${String(host).padStart(5, '0')}`,
    internalIP: `172.20.${host >> 8}.${host & 255}`,
    prefix: `10.${128 + (i >> 8)}.${i & 255}`,
    used: 0,
  };
}

const POD_SUFFIX_SPACE = 27 ** 5;

/** Unique per index below 27^5: a bijective scramble written in the generateName alphabet. */
function podSuffix(index: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let value = (index * 7_919 + 12_345) % POD_SUFFIX_SPACE;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += alphabet[value % 27];
    value = Math.floor(value / 27);
  }
  return out;
}

function podObject(
  plan: ServicePlan,
  index: number,
  templateHash: string,
  node: WorkerNode,
  containerId: string,
  startedAt: string,
): KubeObject {
  const ready =
    plan.flavour !== 'never-ready' && !(plan.notReadyEvery > 0 && index % plan.notReadyEvery === 0);
  const readyStatus = ready ? 'True' : 'False';
  const ip = `${node.prefix}.${2 + node.used++}`;
  const image = `registry.example.com/${plan.namespace}/${plan.name}:1.${index % 7}.0`;
  const notReadyReason = ready
    ? {}
    : { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${plan.name}-${templateHash}-${podSuffix(index)}`,
      namespace: plan.namespace,
      labels: { app: plan.name, 'pod-template-hash': templateHash },
      ...(ready ? {} : { annotations: { [SIMULATE_ANNOTATION]: NOT_READY } }),
    },
    spec: {
      containers: [
        {
          name: 'app',
          image,
          ports: [
            { name: 'http', containerPort: 8080, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
      nodeName: node.name,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: startedAt },
        { type: 'Initialized', status: 'True', lastTransitionTime: startedAt },
        { type: 'Ready', status: readyStatus, lastTransitionTime: startedAt, ...notReadyReason },
        {
          type: 'ContainersReady',
          status: readyStatus,
          lastTransitionTime: startedAt,
          ...notReadyReason,
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: startedAt },
      ],
      hostIP: node.internalIP,
      hostIPs: [{ ip: node.internalIP }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: startedAt,
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: 'app',
          ready,
          started: true,
          restartCount: 0,
          image,
          imageID: '',
          containerID: `containerd://${containerId}`,
          state: { running: { startedAt } },
        },
      ],
    },
  };
}

/**
 * Creates a pod that is already running. If the store's create dropped the status (upstream's
 * pod strategy resets it), it is written through /status the way a kubelet posts it.
 */
function createRunningPod(store: ClusterStore, pod: KubeObject): void {
  const created = store.create('pods', pod);
  const status = created.status as { podIP?: string } | undefined;
  if (status?.podIP) return;
  // The store clones what it is given, so a shallow copy of the frozen object is enough.
  store.updateStatus('pods', { ...created, status: pod.status });
}

function serviceObject(plan: ServicePlan): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: plan.name, namespace: plan.namespace, labels: { app: plan.name } },
    spec: {
      selector: { app: plan.flavour === 'selector-typo' ? typo(plan.name) : plan.name },
      ports: [
        {
          name: 'http',
          port: 80,
          protocol: 'TCP',
          targetPort: plan.flavour === 'undeclared-port' ? 'http-api' : 'http',
        },
        { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 'metrics' },
      ],
    },
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function loadLarge(
  store: ClusterStore,
  n: number,
  options: { minorVersion: number; seed?: number },
): Promise<ScenarioSummary> {
  const plan = planLarge(n);
  const random = seededRandom(options.seed ?? 1);
  const summary = emptySummary();
  let sinceYield = 0;
  const step = async () => {
    // Lets timers, controllers' queues and GC run between batches of synchronous creates.
    if (++sinceYield >= 2_000) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  };

  for (const name of plan.namespaces) {
    createObject(store, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    summary.namespaces++;
    await step();
  }

  const nodes: WorkerNode[] = [];
  for (let i = 0; i < plan.nodes; i++) {
    const node = workerNode(i);
    nodes.push(node);
    createNode(
      store,
      nodeObject({
        name: node.name,
        podCIDR: `${node.prefix}.0/24`,
        internalIP: node.internalIP,
        zone: ZONES[i % ZONES.length] ?? 'zone-a',
        minorVersion: options.minorVersion,
        labels: { 'node.kubernetes.io/instance-type': 'm6i.xlarge' },
      }),
    );
    summary.nodes++;
    await step();
  }

  const startedAt = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  let podIndex = 0;
  for (const service of plan.services) {
    const templateHash = randomSuffix(random, 10);
    for (let i = 0; i < service.pods; i++) {
      const node = nodes[podIndex % nodes.length];
      if (!node) throw new Error('large: no worker nodes planned');
      const containerId = Array.from({ length: 8 }, () =>
        Math.floor(random() * 0x100000000)
          .toString(16)
          .padStart(8, '0'),
      ).join('');
      createRunningPod(
        store,
        podObject(service, podIndex, templateHash, node, containerId, startedAt),
      );
      podIndex++;
      summary.pods++;
      await step();
    }
  }

  for (const service of plan.services) {
    store.create('services', serviceObject(service));
    summary.services++;
    await step();
  }
  plan.external.forEach(({ namespace, name }) => {
    store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { type: 'ExternalName', externalName: `${namespace}.partner.example.com` },
    });
    summary.services++;
  });
  plan.manual.forEach(({ namespace, name }, i) => {
    store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { ports: [{ name: 'postgres', port: 5432, protocol: 'TCP', targetPort: 5432 }] },
    });
    store.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace },
      subsets: [
        {
          addresses: [
            { ip: `10.200.${i >> 6}.${(i & 63) * 4 + 1}` },
            { ip: `10.200.${i >> 6}.${(i & 63) * 4 + 2}` },
          ],
          ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
        },
      ],
    });
    summary.services++;
  });
  return summary;
}
