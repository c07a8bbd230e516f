/**
 * The server-side roles of the dashboard server benchmark, each run in a child process of its
 * own (`bench/dashboard-server.ts --role R`) so its memory figures are its own:
 * - `hub`: the switchboard hub (lib/k8s/hub.ts) serving `/api/stream` over plain node:http, with
 *   stream protocol version 2 frames (patches), or with `--frames 1` version 1's whole records
 *   (the baseline the protocol change is measured against); gzip-compressed per tab when the tab
 *   accepts it, as the route does (lib/http/stream-compression.ts);
 * - `baseline`: what a TypeScript developer writes first — per tab, one client-node
 *   `makeInformer` per kind (unpaged list functions, full objects), forwarding every
 *   add/update/delete to that tab as an SSE frame with the object;
 * - `retained`: bytes retained per pod, slim records vs client-node V1Pod objects (heap delta
 *   with --expose-gc).
 * A server role prints `READY {port}` and answers any other path with its figures as JSON.
 */
import http from 'node:http';
import type net from 'node:net';
import type * as K8s from '@kubernetes/client-node';
import { procStatus } from '../tools/process';

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

export async function runHub(kubeconfig: string, frames: 1 | 2 = 2): Promise<void> {
  const { Hub } = await import('../../lib/k8s/hub');
  // As the route does (lib/http/stream-answer.ts): gzip per tab when the tab accepts it.
  const { acceptsGzip, compressStream } = await import('../../lib/http/stream-compression');
  const { pipeToNodeResponse } = await import('next/dist/server/pipe-readable');
  const { loadClusterConnection } = await import('../../lib/k8s/connection');
  const started = performance.now();
  const hub = new Hub({
    connection: loadClusterConnection({ SWITCHBOARD_KUBECONFIG: kubeconfig }),
    frameVersion: frames,
  });
  await hub.waitForSync(60 * 60_000);
  const syncMs = performance.now() - started;
  const afterSync = procStatus('self');
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/stream')) {
      const lastEventId = req.headers['last-event-id'];
      const sub = hub.subscribe({
        lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
      });
      const accept = req.headers['accept-encoding'];
      const gzip = acceptsGzip(typeof accept === 'string' ? accept : null);
      res.writeHead(200, gzip ? { ...SSE_HEADERS, 'Content-Encoding': 'gzip' } : SSE_HEADERS);
      res.on('close', () => sub.close());
      pipeToNodeResponse(gzip ? compressStream(sub.stream) : sub.stream, res).catch(() =>
        sub.close(),
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        ...procStatus('self'),
        afterSync,
        syncMs,
        heapUsed: process.memoryUsage().heapUsed,
        hub: hub.stats(),
        pods: hub.cache.size('Pod'),
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(
      `READY ${JSON.stringify({ port: (server.address() as net.AddressInfo).port, syncMs })}`,
    );
  });
}

export async function runBaseline(kubeconfig: string): Promise<void> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const disc = kc.makeApiClient(k8s.DiscoveryV1Api);
  type K8sObject = K8s.KubernetesObject;
  type ListFn = () => Promise<K8s.KubernetesListObject<K8sObject>>;
  const kinds: [string, string, ListFn][] = [
    ['Namespace', '/api/v1/namespaces', () => core.listNamespace()],
    ['Node', '/api/v1/nodes', () => core.listNode()],
    ['Service', '/api/v1/services', () => core.listServiceForAllNamespaces()],
    [
      'EndpointSlice',
      '/apis/discovery.k8s.io/v1/endpointslices',
      () => disc.listEndpointSliceForAllNamespaces(),
    ],
    ['Endpoints', '/api/v1/endpoints', () => core.listEndpointsForAllNamespaces()],
    ['Pod', '/api/v1/pods', () => core.listPodForAllNamespaces()],
    ['Event', '/api/v1/events', () => core.listEventForAllNamespaces()],
  ];
  let firstSyncMs: number | undefined;
  let tabsSynced = 0;
  const errors: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/stream')) {
      res.writeHead(200, SSE_HEADERS);
      const started = performance.now();
      const informers = kinds.map(([kind, path, list]) => {
        const inf = k8s.makeInformer(kc, path, list);
        const send = (type: string) => (object: K8sObject) => {
          res.write(`event: ${type}\ndata: ${JSON.stringify({ kind, object })}\n\n`);
        };
        inf.on('add', send('add'));
        inf.on('update', send('update'));
        inf.on('delete', send('delete'));
        inf.on('error', (err: unknown) => errors.push(`${kind}: ${String(err)}`.slice(0, 300)));
        return inf;
      });
      Promise.all(informers.map((i) => i.start()))
        .then(() => {
          firstSyncMs ??= performance.now() - started;
          tabsSynced++;
        })
        .catch((err: unknown) => errors.push(String(err).slice(0, 300)));
      res.on('close', () => {
        for (const i of informers) void i.stop();
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        ...procStatus('self'),
        firstSyncMs,
        tabsSynced,
        errors: errors.slice(0, 5),
        heapUsed: process.memoryUsage().heapUsed,
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(`READY ${JSON.stringify({ port: (server.address() as net.AddressInfo).port })}`);
  });
}

export async function runRetained(kubeconfig: string, impl: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const settle = () => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  const keep = new Map<string, unknown>();
  let before: number;
  if (impl === 'slim') {
    const { slimmer, InternPool } = await import('../../lib/k8s/slim');
    const { createKubeTransport, readBody } = await import('../../lib/k8s/transport');
    const { loadKubeConfig } = await import('../../lib/k8s/kubeconfig');
    const transport = createKubeTransport(loadKubeConfig({ SWITCHBOARD_KUBECONFIG: kubeconfig }));
    const slim = slimmer('Pod', new InternPool());
    // Warm-up (lazy compilation, sockets) outside the measured window, for both sides alike.
    const warm = JSON.parse(
      await readBody(await transport.get('/api/v1/pods?limit=500', AbortSignal.timeout(120_000))),
    ) as { items: unknown[] };
    for (const item of warm.items) slimmer('Pod')(item as never);
    before = settle();
    let cont = '';
    do {
      const res = await transport.get(
        `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
        AbortSignal.timeout(120_000),
      );
      const page = JSON.parse(await readBody(res)) as {
        metadata: { continue?: string };
        items: { metadata: { uid: string } }[];
      };
      for (const item of page.items) keep.set(item.metadata.uid, slim(item));
      cont = page.metadata.continue ?? '';
    } while (cont);
  } else {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.listPodForAllNamespaces({ limit: 500 });
    before = settle();
    let cont: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 500, _continue: cont });
      for (const item of page.items) keep.set(item.metadata!.uid!, item);
      cont = page.metadata?._continue || undefined;
    } while (cont);
  }
  const after = settle();
  console.log(
    `RESULT ${JSON.stringify({ pods: keep.size, bytesPerPod: (after - before) / keep.size })}`,
  );
}
