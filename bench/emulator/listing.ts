/**
 * Phase (a) of the emulator benchmark: listing all pods in pages of 500, beside one unpaged
 * list and the in-process JSON.stringify floor, with the emulator's peak memory for each.
 */
import { clusterCall, type BenchCluster } from '../tools/cluster';
import { procStatus, resetPeak, withDeadline } from '../tools/process';
import { median } from '../tools/stats';
import { mb, ms, ratio, type BenchOptions } from './format';

interface ListResult {
  ms: number;
  peakKb: number;
  items: unknown[];
  bytes: number;
}

export async function listPods(
  cluster: BenchCluster,
  pageSize: number | undefined,
): Promise<ListResult> {
  resetPeak(cluster.pid);
  let peakKb = procStatus(cluster.pid).rssKb;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, procStatus(cluster.pid).hwmKb);
  }, 20);
  const items: unknown[] = [];
  let bytes = 0;
  const started = performance.now();
  try {
    let token: string | undefined;
    do {
      const query = pageSize
        ? `?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`
        : '';
      const { status, text } = await clusterCall(cluster, 'GET', `/api/v1/pods${query}`);
      if (status !== 200) throw new Error(`list: ${status} ${text.slice(0, 200)}`);
      bytes += text.length;
      const page = JSON.parse(text) as { items: unknown[]; metadata: { continue?: string } };
      for (const item of page.items) items.push(item);
      token = page.metadata.continue || undefined;
    } while (token);
  } finally {
    clearInterval(sampler);
  }
  const elapsed = performance.now() - started;
  peakKb = Math.max(peakKb, procStatus(cluster.pid).hwmKb);
  return { ms: elapsed, peakKb, items, bytes };
}

export async function benchListing(cluster: BenchCluster, options: BenchOptions): Promise<void> {
  console.log(
    `\n(a) listing ${options.pods.toLocaleString('en')} pods (emulator RSS before: ${mb(procStatus(cluster.pid).rssKb)})`,
  );
  const paged: ListResult[] = [];
  for (let i = 0; i < options.reps; i++) {
    paged.push(await withDeadline('paged list', 300_000, listPods(cluster, 500)));
  }
  const first = paged[0];
  if (!first || first.items.length !== options.pods) {
    throw new Error(`paged list returned ${first?.items.length} pods, expected ${options.pods}`);
  }
  const unpaged = await withDeadline('unpaged list', 300_000, listPods(cluster, undefined));
  if (unpaged.items.length !== options.pods)
    throw new Error(`unpaged list returned ${unpaged.items.length}`);

  const floor: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    const started = performance.now();
    JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: first.items });
    floor.push(performance.now() - started);
  }
  const pagedMs = median(paged.map((r) => r.ms));
  const pagedPeak = Math.max(...paged.map((r) => r.peakKb));
  console.log(
    `  pages of 500 (${Math.ceil(options.pods / 500)} requests), median of ${options.reps}: ${ms(pagedMs)}, emulator peak RSS ${mb(pagedPeak)}, ${(first.bytes / 1e6).toFixed(0)} MB of JSON`,
  );
  console.log(
    `  baseline: one unpaged list:             ${ms(unpaged.ms)} (${ratio(pagedMs, unpaged.ms)}), emulator peak RSS ${mb(unpaged.peakKb)} (paged/unpaged ${ratio(pagedPeak, unpaged.peakKb)})`,
  );
  console.log(
    `  floor: JSON.stringify of the same items in-process, median of ${options.reps}: ${ms(median(floor))} (paged ${ratio(pagedMs, median(floor))})`,
  );
}
