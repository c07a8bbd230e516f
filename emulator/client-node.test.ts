/**
 * Integration: @kubernetes/client-node 2.0.1 — the library the dashboard's watch layer is built on
 * — against the embedded cluster over loopback HTTPS, trusting the cluster's CA from its
 * kubeconfig (never skip-verify). Lists with limit/continue, EndpointSlices via DiscoveryV1Api,
 * raw `Watch.watch` events, `makeInformer` callbacks, resuming after a dropped connection, and the
 * 410 Expired path (an informer whose resourceVersion fell out of the watch history must relist).
 * Dropped connections are made with a loopback TLS-terminating proxy this test owns (its own CA
 * towards the client, the cluster's CA towards the cluster, the request lines readable in
 * between), so nothing depends on emulator internals.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { connect, createServer, type Server } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import {
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  makeInformer,
  type ListWatch,
  Watch,
  type KubernetesObject,
  type V1Pod,
  type V1Service,
} from '@kubernetes/client-node';
import { loadOrCreateServingCertificates } from './auth/pki/serving-certs';
import { startEmbeddedCluster, type EmbeddedCluster } from './cli';

/** A loopback TCP proxy that records request lines and can cut every open connection. */
interface Proxy {
  url: string;
  /** The proxy's own CA, for the client's kubeconfig. */
  caCertificate: string;
  requests: string[];
  cutAll(): void;
  close(): Promise<void>;
}

async function startProxy(targetPort: number, targetCa: string): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const own = await loadOrCreateServingCertificates();
  const tls = { cert: own.certificateChain, key: own.privateKey };
  const server: Server = createServer(tls, (client) => {
    const upstream = connect({ port: targetPort, host: '127.0.0.1', ca: targetCa });
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.once('secureConnect', () => {
      // Only now start reading the client: a 'data' listener attached earlier would consume
      // bytes before the pipe exists.
      client.on('data', (chunk: Buffer) => {
        for (const match of chunk
          .toString('latin1')
          .matchAll(/^(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP\/1\.1/gm)) {
          requests.push(`${match[1]} ${match[2]}`);
        }
      });
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    caCertificate: own.caCertificate,
    requests,
    cutAll() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** client-node returns class instances; compare their JSON. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

function kubeConfigFor(server: string, token: string, ca: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'embedded', server, caData: Buffer.from(ca).toString('base64') }],
    users: [{ name: 'admin', token }],
    contexts: [{ name: 'embedded', cluster: 'embedded', user: 'admin' }],
    currentContext: 'embedded',
  });
  return kc;
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function service(name: string, labels: Record<string, string> = {}): V1Service {
  return {
    metadata: { name, labels },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

async function createNamespace(core: CoreV1Api, name: string): Promise<void> {
  await core.createNamespace({ body: { metadata: { name } } });
}

describe('@kubernetes/client-node 2.0.1 against the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    cluster = await startEmbeddedCluster({ scenario: 'seed', readinessDelayMs: 50 });
    kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('loads the written kubeconfig (https + the cluster CA, bearer token)', () => {
    const current = kc.getCurrentCluster();
    assert.equal(current?.server, cluster.url);
    assert.match(cluster.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(current?.skipTLSVerify, false);
    assert.equal(Buffer.from(current?.caData ?? '', 'base64').toString(), cluster.caCertificate);
    assert.equal(kc.getCurrentContext(), 'switchboard-embedded');
    assert.equal(kc.getCurrentUser()?.token, cluster.token);
  });

  it('pages a list with limit and continue, at one resourceVersion, in name order', async () => {
    await createNamespace(core, 'paging');
    const names = Array.from({ length: 23 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    for (const name of [...names].reverse()) {
      await core.createNamespacedService({ namespace: 'paging', body: service(name) });
    }
    const seen: string[] = [];
    const versions = new Set<string>();
    let pages = 0;
    let token: string | undefined;
    do {
      const page = await core.listNamespacedService({
        namespace: 'paging',
        limit: 5,
        _continue: token,
      });
      pages++;
      seen.push(...page.items.map((s) => s.metadata?.name ?? ''));
      versions.add(page.metadata?.resourceVersion ?? '');
      token = page.metadata?._continue || undefined;
      if (token) assert.equal(page.items.length, 5);
      assert.ok(pages <= 10, 'paging must end');
    } while (token);
    assert.equal(pages, 5);
    assert.deepEqual(seen, names);
    assert.equal(versions.size, 1, 'every page is served at the first page’s resourceVersion');
  });

  it('lists pods across namespaces and follows a single-item page', async () => {
    const pods = await eventually('two seed pods', async () => {
      const list = await core.listPodForAllNamespaces();
      return list.items.length >= 2 ? list : undefined;
    });
    const first = await core.listPodForAllNamespaces({ limit: 1 });
    assert.equal(first.items.length, 1);
    assert.ok(first.metadata?._continue, 'a continue token while more pods exist');
    assert.equal(first.metadata?.remainingItemCount, pods.items.length - 1);
  });

  it('reads the seed’s EndpointSlices through DiscoveryV1Api', async () => {
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    const nginx = await eventually('ingress-nginx slice with two ready endpoints', async () => {
      const list = await discovery.listNamespacedEndpointSlice({
        namespace: 'default',
        labelSelector: 'kubernetes.io/service-name=ingress-nginx',
      });
      const ready = list.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready);
      return ready.length === 2 ? list : undefined;
    });
    const slice = nginx.items[0];
    assert.equal(slice?.addressType, 'IPv4');
    assert.equal(
      slice?.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'],
      'endpointslice-controller.k8s.io',
    );
    assert.deepEqual(plain(slice?.ports), [{ name: 'http', port: 80, protocol: 'TCP' }]);
    for (const endpoint of slice?.endpoints ?? []) {
      assert.equal(endpoint.targetRef?.kind, 'Pod');
      assert.match(endpoint.addresses[0] ?? '', /^10\.244\.[1-3]\.\d+$/);
      assert.ok(endpoint.nodeName && endpoint.zone, 'nodeName and zone from the Node');
    }

    const mirrored = await eventually('the mirrored external-web slice', async () => {
      const list = await discovery.listNamespacedEndpointSlice({
        namespace: 'default',
        labelSelector: 'kubernetes.io/service-name=external-web',
      });
      return list.items.length === 1 ? list.items[0] : undefined;
    });
    assert.equal(
      mirrored.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'],
      'endpointslicemirroring-controller.k8s.io',
    );
    assert.deepEqual(
      mirrored.endpoints?.map((e) => e.addresses),
      [['10.10.50.53']],
    );
    assert.deepEqual(plain(mirrored.ports), [{ name: 'apache', port: 80, protocol: 'TCP' }]);
  });

  it('Watch.watch streams ADDED, MODIFIED and DELETED from a list’s resourceVersion', async () => {
    await createNamespace(core, 'watch-raw');
    const list = await core.listNamespacedService({ namespace: 'watch-raw' });
    const events: { type: string; name: string; rv: string }[] = [];
    let doneError: unknown = 'not called';
    const finished = new Promise<void>((resolve) => {
      void new Watch(kc)
        .watch(
          '/api/v1/namespaces/watch-raw/services',
          { allowWatchBookmarks: true, resourceVersion: list.metadata?.resourceVersion },
          (type, object: KubernetesObject) => {
            if (type === 'BOOKMARK') return;
            events.push({
              type,
              name: object.metadata?.name ?? '',
              rv: object.metadata?.resourceVersion ?? '',
            });
          },
          (error) => {
            doneError = error;
            resolve();
          },
        )
        .then((controller) => {
          watchController = controller;
        });
    });
    let watchController: AbortController | undefined;
    await eventually('the watch to connect', () => watchController);

    await core.createNamespacedService({ namespace: 'watch-raw', body: service('orders') });
    await core.patchNamespacedService({
      namespace: 'watch-raw',
      name: 'orders',
      body: [{ op: 'add', path: '/metadata/labels', value: { tier: 'backend' } }],
    });
    await core.deleteNamespacedService({ namespace: 'watch-raw', name: 'orders' });
    await eventually('three events', () => (events.length >= 3 ? true : undefined));
    watchController?.abort();
    await finished;

    assert.deepEqual(
      events.map((e) => `${e.type} ${e.name}`),
      ['ADDED orders', 'MODIFIED orders', 'DELETED orders'],
    );
    assert.equal(
      new Set(events.map((e) => e.rv)).size,
      3,
      'each event has its own resourceVersion',
    );
    assert.equal((doneError as Error | null)?.name, 'AbortError');
  });

  it('Watch.watch without a resourceVersion starts with synthetic ADDED events', async () => {
    const names: string[] = [];
    let controller: AbortController | undefined;
    const done = new Promise<void>((resolve) => {
      void new Watch(kc)
        .watch(
          '/api/v1/namespaces/default/services',
          {},
          (type, object: KubernetesObject) => {
            if (type === 'ADDED') names.push(object.metadata?.name ?? '');
          },
          () => resolve(),
        )
        .then((c) => (controller = c));
    });
    await eventually('the three default Services', () => (names.length >= 3 ? true : undefined));
    controller?.abort();
    await done;
    assert.deepEqual([...names].sort(), ['external-web', 'ingress-nginx', 'kubernetes']);
  });

  it('makeInformer calls add, update and delete as a pod is created, started and deleted', async () => {
    await createNamespace(core, 'informed');
    const informer = makeInformer<V1Pod>(kc, '/api/v1/namespaces/informed/pods', () =>
      core.listNamespacedPod({ namespace: 'informed' }),
    );
    const log: string[] = [];
    informer.on('add', (pod) => log.push(`add ${pod.metadata?.name} ${pod.status?.phase}`));
    informer.on('update', (pod) => log.push(`update ${pod.metadata?.name} ${pod.status?.phase}`));
    informer.on('delete', (pod) => log.push(`delete ${pod.metadata?.name}`));
    await informer.start();
    try {
      await core.createNamespacedPod({
        namespace: 'informed',
        body: {
          metadata: { name: 'worker', labels: { app: 'worker' } },
          spec: { containers: [{ name: 'main', image: 'busybox:1.37' }] },
        },
      });
      await eventually('the pod running in the informer cache', () =>
        informer.get('worker', 'informed')?.status?.phase === 'Running' ? true : undefined,
      );
      await core.deleteNamespacedPod({
        namespace: 'informed',
        name: 'worker',
        gracePeriodSeconds: 0,
      });
      await eventually('the delete callback', () =>
        log.some((l) => l.startsWith('delete')) ? true : undefined,
      );
    } finally {
      await informer.stop();
    }
    assert.equal(log[0], 'add worker Pending');
    assert.ok(log.includes('update worker Running'), log.join('\n'));
    assert.equal(log.at(-1), 'delete worker');
    assert.deepEqual(informer.list('informed'), []);
  });

  it('an informer restarted after a dropped connection resumes from its resourceVersion without relisting', async () => {
    await createNamespace(core, 'resume');
    await core.createNamespacedService({ namespace: 'resume', body: service('before') });
    const proxy = await startProxy(cluster.port, cluster.caCertificate ?? '');
    const viaProxy = kubeConfigFor(proxy.url, cluster.token, proxy.caCertificate);
    const proxiedCore = viaProxy.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Service>(viaProxy, '/api/v1/namespaces/resume/services', () =>
      proxiedCore.listNamespacedService({ namespace: 'resume' }),
    );
    const added: string[] = [];
    let errors = 0;
    let restart = true;
    informer.on('add', (s) => added.push(s.metadata?.name ?? ''));
    informer.on('error', () => {
      // client-node stops an informer on a network error; the application restarts it.
      errors++;
      if (restart) setTimeout(() => void informer.start(), 100);
    });
    try {
      await informer.start();
      assert.deepEqual(added, ['before']);
      const rvBeforeCut = (informer as unknown as ListWatch<V1Service>).latestResourceVersion();
      proxy.cutAll();
      await eventually('the error callback', () => (errors > 0 ? true : undefined));
      await core.createNamespacedService({ namespace: 'resume', body: service('during') });
      await eventually('the Service created while disconnected', () =>
        added.includes('during') ? true : undefined,
      );
      const lists = proxy.requests.filter((r) => r.startsWith('GET') && !r.includes('watch=true'));
      const watches = proxy.requests.filter((r) => r.includes('watch=true'));
      assert.equal(lists.length, 1, `one list only:\n${proxy.requests.join('\n')}`);
      assert.ok(watches.length >= 2);
      assert.ok(
        watches[1]?.includes(`resourceVersion=${rvBeforeCut}`),
        `re-watch from ${rvBeforeCut}: ${watches[1]}`,
      );
      assert.deepEqual(added, ['before', 'during']);
    } finally {
      restart = false;
      await informer.stop();
      await proxy.close();
    }
  });
});

describe('the 410 Expired path (small watch history)', () => {
  let cluster: EmbeddedCluster;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    cluster = await startEmbeddedCluster({ scenario: 'empty', historySize: 20 });
    kc = kubeConfigFor(cluster.url, cluster.token, cluster.caCertificate ?? '');
    core = kc.makeApiClient(CoreV1Api);
    await createNamespace(core, 'expire');
    await createNamespace(core, 'churn');
  });
  after(async () => {
    await cluster?.stop();
  });

  async function churn(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await core.createNamespacedService({ namespace: 'churn', body: service(`churn-${i}`) });
      await core.deleteNamespacedService({ namespace: 'churn', name: `churn-${i}` });
    }
  }

  it('a raw watch from a compacted resourceVersion gets ERROR 410 Expired, then the stream ends', async () => {
    const stale = (await core.listNamespacedService({ namespace: 'expire' })).metadata
      ?.resourceVersion;
    await churn(30);
    const events: { type: string; object: { code?: number; reason?: string; kind?: string } }[] =
      [];
    const doneError = await new Promise<unknown>((resolve) => {
      void new Watch(kc).watch(
        '/api/v1/namespaces/expire/services',
        { resourceVersion: stale },
        (type, object) => events.push({ type, object }),
        resolve,
      );
    });
    assert.equal(doneError, null, 'the server closes the stream after the ERROR event');
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'ERROR');
    assert.equal(events[0]?.object.kind, 'Status');
    assert.equal(events[0]?.object.code, 410);
    assert.equal(events[0]?.object.reason, 'Expired');
  });

  it('an informer resuming from a compacted resourceVersion relists, adding and deleting what changed', async () => {
    await core.createNamespacedService({ namespace: 'expire', body: service('obsolete') });
    await core.createNamespacedService({ namespace: 'expire', body: service('kept') });
    const proxy = await startProxy(cluster.port, cluster.caCertificate ?? '');
    const viaProxy = kubeConfigFor(proxy.url, cluster.token, proxy.caCertificate);
    const proxiedCore = viaProxy.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Service>(viaProxy, '/api/v1/namespaces/expire/services', () =>
      proxiedCore.listNamespacedService({ namespace: 'expire' }),
    );
    const log: string[] = [];
    let errors = 0;
    informer.on('add', (s) => log.push(`add ${s.metadata?.name}`));
    informer.on('delete', (s) => log.push(`delete ${s.metadata?.name}`));
    informer.on('error', () => errors++);
    try {
      await informer.start();
      assert.deepEqual([...log].sort(), ['add kept', 'add obsolete']);
      const stale = (informer as unknown as ListWatch<V1Service>).latestResourceVersion();
      proxy.cutAll();
      await eventually('the informer to notice the cut', () => (errors > 0 ? true : undefined));

      await core.deleteNamespacedService({ namespace: 'expire', name: 'obsolete' });
      await core.createNamespacedService({ namespace: 'expire', body: service('fresh') });
      await churn(30);

      const before = proxy.requests.length;
      await informer.start();
      await eventually('the relist to apply', () =>
        log.includes('delete obsolete') && log.includes('add fresh') ? true : undefined,
      );
      const after = proxy.requests.slice(before);
      assert.ok(
        after[0]?.includes(`resourceVersion=${stale}`),
        `resume attempt first: ${after.join('\n')}`,
      );
      assert.ok(
        after
          .slice(1)
          .some(
            (r) =>
              r.startsWith('GET /api/v1/namespaces/expire/services') && !r.includes('watch=true'),
          ),
        `a relist after the 410:\n${after.join('\n')}`,
      );
      const server = (await core.listNamespacedService({ namespace: 'expire' })).items.map(
        (s) => s.metadata?.name,
      );
      assert.deepEqual(
        informer
          .list('expire')
          .map((s) => s.metadata?.name)
          .sort(),
        [...server].sort(),
      );
      assert.equal(
        log.filter((l) => l === 'add kept').length,
        1,
        'an unchanged object is not re-added',
      );
    } finally {
      await informer.stop();
      await proxy.close();
    }
  });
});
