/**
 * The scenarios, loaded into a real embedded cluster (store + strategies + controllers +
 * simulated kubelet, as `switchboard cluster` runs them), checked by what the cluster then holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmbeddedCluster, type EmbeddedCluster } from '../cli';
import type { ClusterStore, KubeObject } from '../core/types';
import { APISERVER_DATA_ADDRESS, SYSTEM_NAMESPACES } from './base';
import { CART_NEW_IMAGE, CART_OLD_IMAGE, SIMULATE_ANNOTATION } from './demo';
import { planLarge } from './large-plan';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NODE_PORT_MIN, NODE_PORT_OFFSET } from '../core/store-allocation';
import { readManifests } from './helpers';

interface Address {
  ip: string;
  hostname?: string;
  targetRef?: { name: string };
}
interface Subset {
  addresses?: Address[];
  notReadyAddresses?: Address[];
  ports?: { name?: string; port: number; protocol: string }[];
}
interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean };
  zone?: string;
}

const subsets = (o: KubeObject | undefined) => (o?.subsets ?? []) as Subset[];
const readyIPs = (o: KubeObject | undefined) =>
  subsets(o)
    .flatMap((s) => s.addresses ?? [])
    .map((a) => a.ip)
    .sort();
const notReadyIPs = (o: KubeObject | undefined) =>
  subsets(o)
    .flatMap((s) => s.notReadyAddresses ?? [])
    .map((a) => a.ip)
    .sort();
const slicesOf = (store: ClusterStore, namespace: string, service: string) =>
  store
    .list('endpointslices', namespace)
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service);
const sliceEndpoints = (store: ClusterStore, namespace: string, service: string) =>
  slicesOf(store, namespace, service).flatMap((s) => (s.endpoints ?? []) as SliceEndpoint[]);
const podReady = (pod: KubeObject) =>
  ((status(pod).conditions ?? []) as { type: string; status: string }[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
const spec = (o: KubeObject | undefined) => (o?.spec ?? {}) as Record<string, unknown>;
const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, unknown>;

async function eventually<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Retries an assertion until it holds: the controllers and the simulated kubelet keep working
 * after the cluster reports ready (readiness timers, a busy machine), so state is awaited, not
 * assumed.
 */
async function settles(check: () => void, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

describe('scenario empty', () => {
  let cluster: EmbeddedCluster;
  before(async () => {
    cluster = await startEmbeddedCluster({ scenario: 'empty' });
  });
  after(() => cluster?.stop());

  it('holds the system namespaces, three Ready nodes and default/kubernetes only', () => {
    const { store } = cluster;
    assert.deepEqual(
      store
        .list('namespaces')
        .map((n) => n.metadata.name)
        .sort(),
      [...SYSTEM_NAMESPACES].sort(),
    );
    const nodes = store.list('nodes');
    assert.deepEqual(
      nodes.map((n) => n.metadata.name),
      ['node-1', 'node-2', 'node-3'],
    );
    nodes.forEach((node, i) => {
      assert.equal(spec(node).podCIDR, `10.244.${i + 1}.0/24`);
      assert.ok(node.metadata.labels?.['topology.kubernetes.io/zone']);
      const ready = (status(node).conditions as { type: string; status: string }[]).find(
        (c) => c.type === 'Ready',
      );
      assert.equal(ready?.status, 'True');
    });
    assert.deepEqual(
      store.list('services').map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
      ['default/kubernetes'],
    );
    assert.equal(store.list('pods').length, 0);
    assert.equal(cluster.summary.nodes, 3);
  });

  it('publishes the apiserver’s data address for default/kubernetes, unmirrored', () => {
    const { store } = cluster;
    assert.equal(spec(store.get('services', 'default', 'kubernetes')).clusterIP, '10.96.0.1');
    const endpoints = store.get('endpoints', 'default', 'kubernetes');
    assert.deepEqual(readyIPs(endpoints), [APISERVER_DATA_ADDRESS]);
    assert.equal(endpoints?.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'], 'true');
    // One slice only: the reconciler's own; the mirroring controller must skip it.
    assert.deepEqual(
      slicesOf(store, 'default', 'kubernetes').map((s) => s.metadata.name),
      ['kubernetes'],
    );
  });
});

describe('scenario seed', () => {
  let cluster: EmbeddedCluster;
  before(async () => {
    cluster = await startEmbeddedCluster({ scenario: 'seed', readinessDelayMs: 20 });
  });
  after(() => cluster?.stop());

  it('runs nginx-deployment’s two pods behind ingress-nginx (NodePort 30001, port 80)', async () => {
    const { store } = cluster;
    const service = store.get('services', 'default', 'ingress-nginx');
    assert.equal(spec(service).type, 'NodePort');
    assert.equal((spec(service).ports as { nodePort: number }[])[0]?.nodePort, 30001);
    await settles(() => {
      const pods = store.list('pods', 'default').filter((p) => p.metadata.labels?.app === 'nginx');
      assert.equal(pods.filter(podReady).length, 2);
      const podIPs = pods.map((p) => status(p).podIP as string).sort();
      const endpoints = store.get('endpoints', 'default', 'ingress-nginx');
      assert.deepEqual(readyIPs(endpoints), podIPs);
      assert.deepEqual(subsets(endpoints)[0]?.ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
      const slices = sliceEndpoints(store, 'default', 'ingress-nginx');
      assert.deepEqual(slices.flatMap((e) => e.addresses).sort(), podIPs);
      assert.ok(slices.every((e) => e.conditions.ready && e.zone));
    });
  });

  it('leaves external-web’s manual Endpoints alone and mirrors them into one slice', async () => {
    await settles(() => {
      const { store } = cluster;
      const endpoints = store.get('endpoints', 'default', 'external-web');
      assert.deepEqual(readyIPs(endpoints), ['10.10.50.53']);
      assert.equal(endpoints?.metadata.labels?.['endpoints.kubernetes.io/managed-by'], undefined);
      const slices = slicesOf(store, 'default', 'external-web');
      assert.equal(slices.length, 1);
      assert.equal(
        slices[0]?.metadata.labels?.['endpointslice.kubernetes.io/managed-by'],
        'endpointslicemirroring-controller.k8s.io',
      );
    });
  });
});

describe('scenario demo', () => {
  let cluster: EmbeddedCluster;
  before(async () => {
    cluster = await startEmbeddedCluster({
      scenario: 'demo',
      readinessDelayMs: 20,
      flapIntervalMs: [100, 200],
    });
  });
  after(() => cluster?.stop());

  it('contains the seed’s objects', () => {
    const { store } = cluster;
    assert.ok(store.get('deployments', 'default', 'nginx-deployment'));
    assert.ok(store.get('services', 'default', 'ingress-nginx'));
    assert.ok(store.get('services', 'default', 'external-web'));
  });

  it('has a dozen-plus Services of every kind', () => {
    const services = cluster.store.list('services');
    assert.ok(services.length >= 12, `${services.length}`);
    const types = new Set(services.map((s) => spec(s).type));
    for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])
      assert.ok(types.has(type), type);
    assert.ok(
      services.some((s) => spec(s).clusterIP === 'None'),
      'a headless Service',
    );
    assert.ok(
      services.some(
        (s) =>
          spec(s).type !== 'ExternalName' &&
          spec(s).selector === undefined &&
          s.metadata.name !== 'kubernetes',
      ),
      'a selector-less Service',
    );
    assert.deepEqual(
      ['payments-db', 'billing-gateway'].map(
        (n) => spec(cluster.store.get('services', 'payments', n)).externalName,
      ),
      ['db.example.com', 'billing.invalid'],
    );
    const lb = cluster.store.get('services', 'shop', 'frontend-public');
    assert.deepEqual(
      (status(lb).loadBalancer as { ingress?: unknown[] }).ingress ?? [],
      [],
      'LB stays pending',
    );
  });

  it('routes the healthy Services to ready pods', async () => {
    await settles(() => {
      const { store } = cluster;
      assert.equal(readyIPs(store.get('endpoints', 'shop', 'frontend')).length, 3);
      assert.equal(readyIPs(store.get('endpoints', 'legacy', 'inventory')).length, 2);
      const dns = subsets(store.get('endpoints', 'kube-system', 'kube-dns'));
      assert.deepEqual(
        dns
          .flatMap((s) => s.ports ?? [])
          .map((p) => `${p.name}/${p.protocol}`)
          .sort(),
        ['dns-tcp/TCP', 'dns/UDP', 'metrics/TCP'],
      );
    });
  });

  it('has the broken ones: a selector typo, never-ready pods, an undeclared named port', async () => {
    await settles(() => {
      const { store } = cluster;
      assert.deepEqual(spec(store.get('services', 'shop', 'static-assets')).selector, {
        app: 'ngnix',
      });
      assert.deepEqual(subsets(store.get('endpoints', 'shop', 'static-assets')), []);
      const nginx = store.list('pods', 'shop').filter((p) => p.metadata.labels?.app === 'nginx');
      assert.equal(nginx.filter(podReady).length, 2, 'the pods the typo misses are ready');

      const recommendations = store.get('endpoints', 'shop', 'recommendations');
      assert.deepEqual(readyIPs(recommendations), []);
      assert.equal(notReadyIPs(recommendations).length, 2);

      assert.equal(spec(store.get('services', 'shop', 'checkout')).ports instanceof Array, true);
      assert.deepEqual(subsets(store.get('endpoints', 'shop', 'checkout')), []);
      const checkout = store
        .list('pods', 'shop')
        .filter((p) => p.metadata.labels?.app === 'checkout');
      assert.equal(checkout.filter(podReady).length, 2, 'the selected pods are ready');
    });
  });

  it('points selector-less Services at VMs through manual Endpoints and a manual EndpointSlice', async () => {
    await settles(() => {
      const { store } = cluster;
      assert.deepEqual(readyIPs(store.get('endpoints', 'payments', 'ledger-db')), [
        '10.20.30.40',
        '10.20.30.41',
      ]);
      const manual = slicesOf(store, 'payments', 'fraud-scoring');
      assert.equal(manual.length, 1);
      assert.equal(
        manual[0]?.metadata.labels?.['endpointslice.kubernetes.io/managed-by'],
        'cluster-admins',
      );
      assert.equal(store.get('endpoints', 'payments', 'fraud-scoring'), undefined);
      assert.deepEqual(notReadyIPs(store.get('endpoints', 'legacy', 'mainframe-bridge')), [
        '10.30.0.16',
      ]);
    });
  });

  it('gives the headless StatefulSet-style pods their hostnames', async () => {
    await settles(() => {
      const addresses = subsets(
        cluster.store.get('endpoints', 'monitoring', 'prometheus-operated'),
      ).flatMap((s) => s.addresses ?? []);
      assert.deepEqual(addresses.map((a) => a.hostname).sort(), [
        'prometheus-k8s-0',
        'prometheus-k8s-1',
      ]);
    });
  });

  it('leaves cart mid-rollout: old and new ReplicaSets both scaled, new pods never ready', async () => {
    const { store } = cluster;
    const image = (rs: KubeObject) =>
      (spec(rs).template as { spec: { containers: { image: string }[] } }).spec.containers[0]
        ?.image;
    // maxSurge 1, maxUnavailable 1 of 4: the rollout stops at 3 old (the minimum available) and
    // 2 new (the surge limit), because the new pods never become available.
    await settles(() => {
      const replicaSets = store
        .list('replicasets', 'shop')
        .filter((r) => r.metadata.labels?.app === 'cart');
      assert.equal(replicaSets.length, 2);
      const old = replicaSets.find((r) => image(r) === CART_OLD_IMAGE);
      const next = replicaSets.find((r) => image(r) === CART_NEW_IMAGE);
      assert.equal(spec(old).replicas, 3);
      assert.equal(spec(next).replicas, 2);
      const endpoints = store.get('endpoints', 'shop', 'cart');
      assert.equal(readyIPs(endpoints).length, 3);
      assert.equal(notReadyIPs(endpoints).length, 2);
    }, 30_000);
    const deployment = store.get('deployments', 'shop', 'cart');
    assert.equal(status(deployment).updatedReplicas, 2);
    assert.equal(status(deployment).availableReplicas, 3);
  });

  it('flaps one payments-api pod’s readiness', async () => {
    const { store } = cluster;
    const seen = new Set<string>();
    await eventually('the annotation set and removed again', () => {
      const annotated = store
        .list('pods', 'payments')
        .some((p) => p.metadata.annotations?.[SIMULATE_ANNOTATION] === 'ready=false');
      seen.add(annotated ? 'on' : 'off');
      const notReady = notReadyIPs(store.get('endpoints', 'payments', 'payments-api')).length > 0;
      seen.add(notReady ? 'endpoint-not-ready' : 'endpoint-ready');
      return seen.size === 4 ? true : undefined;
    });
  });
});

describe('scenario manifests', () => {
  it('name their own nodePorts only in the static band, so no earlier random allocation can take one', async () => {
    const named: string[] = [];
    for (const folder of ['seed-manifests', 'demo-manifests']) {
      const dir = fileURLToPath(new URL(`./${folder}/`, import.meta.url));
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
        for (const object of await readManifests(`${dir}${file}`)) {
          const spec = object.spec as { ports?: { nodePort?: number }[] } | undefined;
          const ports = spec?.ports ?? [];
          for (const port of ports) {
            if (port.nodePort === undefined) continue;
            named.push(`${object.metadata.name}:${port.nodePort}`);
            assert.ok(
              port.nodePort >= NODE_PORT_MIN && port.nodePort < NODE_PORT_MIN + NODE_PORT_OFFSET,
              `${folder}/${file} ${object.metadata.name}: nodePort ${port.nodePort} is in the dynamic band`,
            );
          }
        }
      }
    }
    assert.deepEqual(named.sort(), ['grafana:30080', 'ingress-nginx:30001']);
  });
});

describe('scenario large:N', () => {
  const n = 4_000;
  let cluster: EmbeddedCluster;
  before(async () => {
    cluster = await startEmbeddedCluster({ scenario: `large:${n}` });
  });
  after(() => cluster?.stop());

  it('creates N running, ready-or-not pods with unique IPs, and the planned Services', () => {
    const { store } = cluster;
    const pods = store.list('pods');
    assert.equal(pods.length, n);
    const ips = new Set(pods.map((p) => status(p).podIP));
    assert.equal(ips.size, n);
    assert.ok(pods.every((p) => status(p).phase === 'Running' && spec(p).nodeName));
    const plan = planLarge(n);
    assert.equal(
      cluster.summary.services,
      1 + plan.services.length + plan.external.length + plan.manual.length,
    );
    assert.equal(store.list('services').length, cluster.summary.services);
  });

  it('has a Service with more than 1,000 endpoints: all in slices, Endpoints truncated at 1,000', () => {
    const { store } = cluster;
    const big = planLarge(n).services.find((s) => s.pods > 1_000);
    assert.ok(big);
    const endpoints = sliceEndpoints(store, big.namespace, big.name);
    assert.equal(endpoints.length, big.pods);
    assert.ok(slicesOf(store, big.namespace, big.name).length >= Math.ceil(big.pods / 100));
    const legacy = store.get('endpoints', big.namespace, big.name);
    assert.equal(readyIPs(legacy).length + notReadyIPs(legacy).length, 1_000);
    assert.equal(
      legacy?.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'],
      'truncated',
    );
  });

  it('has broken Services: a selector typo with no endpoints, never-ready pods', () => {
    const { store } = cluster;
    const plan = planLarge(n);
    const typo = plan.services.find((s) => s.flavour === 'selector-typo');
    const neverReady = plan.services.find((s) => s.flavour === 'never-ready');
    assert.ok(typo && neverReady);
    assert.deepEqual(sliceEndpoints(store, typo.namespace, typo.name), []);
    const notReady = sliceEndpoints(store, neverReady.namespace, neverReady.name);
    assert.equal(notReady.length, neverReady.pods);
    assert.ok(notReady.every((e) => e.conditions.ready === false));
  });

  it('is left alone by the simulated kubelet (pods written settled are adopted as they are)', async () => {
    const before = cluster.store.list('pods').map((p) => p.metadata.resourceVersion);
    await new Promise((r) => setTimeout(r, 1_000));
    const after = cluster.store.list('pods').map((p) => p.metadata.resourceVersion);
    assert.deepEqual(after, before);
  });
});
