/**
 * Watches in the emulator benchmark: a raw NDJSON watch with arrival times, and phase (b) —
 * latency from issuing a write to each of 100 watchers receiving its event, beside 1 watcher.
 */
import type { IncomingMessage } from 'node:http';
import { clusterCall, clusterJson, clusterRequest, type BenchCluster } from '../tools/cluster';
import { sleep, withDeadline } from '../tools/process';
import { percentile } from '../tools/stats';
import { ms, ratio, type BenchOptions } from './format';

export interface Watcher {
  close(): void;
  ready: Promise<void>;
}

/** A raw NDJSON watch; `onEvent` gets every parsed event with its arrival time. */
export function watch(
  cluster: BenchCluster,
  path: string,
  onEvent: (event: { type: string; object: Record<string, unknown> }, at: number) => void,
): Watcher {
  let response: IncomingMessage | undefined;
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const req = clusterRequest(
    cluster,
    path,
    { agent: false, headers: { authorization: `Bearer ${cluster.token}` } },
    (res) => {
      response = res;
      resolveReady();
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line)
            onEvent(JSON.parse(line) as { type: string; object: Record<string, unknown> }, at);
        }
      });
      res.on('error', () => undefined);
    },
  );
  req.on('error', () => undefined);
  req.end();
  return {
    ready,
    close() {
      response?.destroy();
      req.destroy();
    },
  };
}

export async function watchLatency(
  cluster: BenchCluster,
  watchers: number,
  writes: number,
): Promise<number[]> {
  const namespace = 'bench-watch';
  const name = `probe-${watchers}`;
  await clusterJson(cluster, 'POST', `/api/v1/namespaces/${namespace}/services`, {
    metadata: { name, labels: { seq: '0' } },
    spec: { selector: { app: name }, ports: [{ port: 80 }] },
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  const open: Watcher[] = [];
  for (let i = 0; i < watchers; i++) {
    open.push(
      watch(
        cluster,
        `/api/v1/namespaces/${namespace}/services?watch=true&fieldSelector=metadata.name%3D${name}&resourceVersion=0`,
        (event, at) => {
          if (event.type !== 'MODIFIED') return;
          const seq =
            (event.object.metadata as { labels?: Record<string, string> }).labels?.seq ?? '';
          const sent = sentAt.get(seq);
          if (sent !== undefined) {
            latencies.push(at - sent);
            received++;
          }
        },
      ),
    );
  }
  try {
    await Promise.all(open.map((w) => w.ready));
    await sleep(200);
    for (let seq = 1; seq <= writes; seq++) {
      sentAt.set(String(seq), performance.now());
      await clusterJson(
        cluster,
        'PATCH',
        `/api/v1/namespaces/${namespace}/services/${name}`,
        { metadata: { labels: { seq: String(seq) } } },
        'application/merge-patch+json',
      );
      await sleep(10);
    }
    const deadline = Date.now() + 30_000;
    while (received < watchers * writes && Date.now() < deadline) await sleep(20);
    if (received < watchers * writes) {
      throw new Error(`watchers received ${received} of ${watchers * writes} events`);
    }
  } finally {
    for (const w of open) w.close();
    await clusterCall(cluster, 'DELETE', `/api/v1/namespaces/${namespace}/services/${name}`);
  }
  return latencies;
}

export async function benchWatchers(cluster: BenchCluster, options: BenchOptions): Promise<void> {
  await clusterJson(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: 'bench-watch' } });
  const writes = options.quick ? 50 : 200;
  console.log(
    `\n(b) watch latency, write issued → event received, ${writes} writes (a Service label patch)`,
  );
  const one = await withDeadline('1 watcher', 120_000, watchLatency(cluster, 1, writes));
  const hundred = await withDeadline('100 watchers', 180_000, watchLatency(cluster, 100, writes));
  const [p50, p99, b50, b99] = [
    percentile(hundred, 50),
    percentile(hundred, 99),
    percentile(one, 50),
    percentile(one, 99),
  ];
  console.log(`  100 watchers (${hundred.length} deliveries): p50 ${ms(p50)}, p99 ${ms(p99)}`);
  console.log(
    `  baseline, 1 watcher (${one.length} deliveries): p50 ${ms(b50)}, p99 ${ms(b99)}   ratios p50 ${ratio(p50, b50)}, p99 ${ratio(p99, b99)}`,
  );
}
