/**
 * The plan of the `large:N` scenario: how many namespaces, Nodes and Services a cluster of N pods
 * gets, their names, and which Services are broken on purpose. Proportions follow
 * sig-scalability's thresholds
 * (https://github.com/kubernetes/community/blob/master/sig-scalability/configs-and-limits/thresholds.md):
 * ~N/150 namespaces, ~N/15 Services, ~N/30 worker Nodes, a few Services with more than 1,000
 * endpoints (up to a 20,000-endpoint "monster", KEP-752's sample case), a few broken ones
 * (selector typos, pods that never get ready, an undeclared named targetPort), plus some
 * ExternalName and selector-less Services.
 *
 * Contract: pure and deterministic for a given N; large.ts turns the plan into objects.
 */
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

export type ServiceFlavour = 'healthy' | 'selector-typo' | 'never-ready' | 'undeclared-port';

export interface ServicePlan {
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
export function typo(name: string): string {
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
