/**
 * Phase (c) of the emulator benchmark: time for a Service's Endpoints and EndpointSlices to list
 * exactly the ready pods after scaling a Deployment 0→1000 and 1000→500, beside the same for
 * 100 pods, as seen through watches.
 */
import { clusterJson, type BenchCluster } from '../tools/cluster';
import { sleep, withDeadline } from '../tools/process';
import { median } from '../tools/stats';
import { ms, ratio, type BenchOptions } from './format';
import { watch } from './watch';

interface SliceState {
  endpoints?: { conditions?: { ready?: boolean } }[];
}

/**
 * Scales the Deployment and measures, from the scale request, when the Service's Endpoints
 * (ready addresses, no not-ready ones) and its EndpointSlices (ready endpoints, nothing else)
 * both list exactly `replicas` pods, as seen through watches.
 */
async function scaleAndConverge(
  cluster: BenchCluster,
  namespace: string,
  name: string,
  replicas: number,
): Promise<{ endpoints: number; slices: number }> {
  const slices = new Map<string, SliceState>();
  let endpointsReady = -1;
  let endpointsNotReady = -1;
  let endpointsAt: number | undefined;
  let slicesAt: number | undefined;
  let started = Infinity;
  const check = (at: number) => {
    if (at < started) return;
    if (endpointsAt === undefined && endpointsReady === replicas && endpointsNotReady === 0)
      endpointsAt = at;
    const all = [...slices.values()].flatMap((s) => s.endpoints ?? []);
    if (slicesAt === undefined && all.length === replicas && all.every((e) => e.conditions?.ready))
      slicesAt = at;
  };
  const epWatch = watch(
    cluster,
    `/api/v1/namespaces/${namespace}/endpoints?watch=true&fieldSelector=metadata.name%3D${name}`,
    (event, at) => {
      const subsets = (event.type === 'DELETED' ? [] : (event.object.subsets ?? [])) as {
        addresses?: unknown[];
        notReadyAddresses?: unknown[];
      }[];
      endpointsReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
      endpointsNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
      check(at);
    },
  );
  const sliceWatch = watch(
    cluster,
    `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?watch=true&labelSelector=kubernetes.io%2Fservice-name%3D${name}`,
    (event, at) => {
      const sliceName = (event.object.metadata as { name: string }).name;
      if (event.type === 'DELETED') slices.delete(sliceName);
      else slices.set(sliceName, event.object as SliceState);
      check(at);
    },
  );
  try {
    await Promise.all([epWatch.ready, sliceWatch.ready]);
    await sleep(300); // the synthetic ADDED events of the current state
    started = performance.now();
    await clusterJson(
      cluster,
      'PATCH',
      `/apis/apps/v1/namespaces/${namespace}/deployments/${name}/scale`,
      { spec: { replicas } },
      'application/merge-patch+json',
    );
    check(performance.now());
    const deadline = Date.now() + 120_000;
    while ((endpointsAt === undefined || slicesAt === undefined) && Date.now() < deadline)
      await sleep(5);
    if (endpointsAt === undefined || slicesAt === undefined) {
      throw new Error(
        `${name} → ${replicas}: not converged (Endpoints ${endpointsReady}/${endpointsNotReady}, slices ${[...slices.values()].flatMap((s) => s.endpoints ?? []).length})`,
      );
    }
    return { endpoints: endpointsAt - started, slices: slicesAt - started };
  } finally {
    epWatch.close();
    sliceWatch.close();
  }
}

export async function benchScaling(cluster: BenchCluster, options: BenchOptions): Promise<void> {
  const namespace = 'bench-scale';
  await clusterJson(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  // The base scenario's 3 Nodes hold 330 pods (110 each); register 12 more, as kubelets would.
  for (let i = 1; i <= 12; i++) {
    await clusterJson(cluster, 'POST', '/api/v1/nodes', {
      metadata: {
        name: `bench-node-${i}`,
        labels: {
          'kubernetes.io/hostname': `bench-node-${i}`,
          'topology.kubernetes.io/zone': `zone-${'abc'[i % 3]}`,
        },
      },
      spec: { podCIDR: `10.250.${i}.0/24`, podCIDRs: [`10.250.${i}.0/24`] },
    });
  }
  const results = new Map<string, { endpoints: number[]; slices: number[] }>();
  const sizes = [100, 1000];
  for (const size of sizes) {
    const name = `web-${size}`;
    await clusterJson(cluster, 'POST', `/apis/apps/v1/namespaces/${namespace}/deployments`, {
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              { name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] },
            ],
          },
        },
      },
    });
    await clusterJson(cluster, 'POST', `/api/v1/namespaces/${namespace}/services`, {
      metadata: { name },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    for (let rep = 0; rep < options.reps; rep++) {
      for (const [label, replicas] of [
        [`0→${size}`, size],
        [`${size}→${size / 2}`, size / 2],
      ] as const) {
        const r = await withDeadline(
          `scale ${label}`,
          150_000,
          scaleAndConverge(cluster, namespace, name, replicas),
        );
        const entry = results.get(label) ?? { endpoints: [], slices: [] };
        entry.endpoints.push(r.endpoints);
        entry.slices.push(r.slices);
        results.set(label, entry);
      }
      await withDeadline('scale to 0', 150_000, scaleAndConverge(cluster, namespace, name, 0));
    }
  }
  console.log(
    `\n(c) convergence after scaling a Deployment (scale request → Endpoints and EndpointSlices list exactly the ready pods), median of ${options.reps}`,
  );
  console.log(
    '    includes the simulated kubelet: 100 ms container start, --readiness-delay 0, ≤ 1 s graceful shutdown',
  );
  for (const [label, base] of [
    ['0→1000', '0→100'],
    ['1000→500', '100→50'],
  ] as const) {
    const r = results.get(label);
    const b = results.get(base);
    if (!r || !b) continue;
    const [re, rs, be, bs] = [
      median(r.endpoints),
      median(r.slices),
      median(b.endpoints),
      median(b.slices),
    ];
    console.log(
      `  ${label.padEnd(9)} Endpoints ${ms(re).padStart(8)}  EndpointSlices ${ms(rs).padStart(8)}`,
    );
    console.log(
      `  baseline ${base.padEnd(7)} Endpoints ${ms(be).padStart(8)}  EndpointSlices ${ms(bs).padStart(8)}   ratios ${ratio(re, be)}, ${ratio(rs, bs)}`,
    );
  }
}
