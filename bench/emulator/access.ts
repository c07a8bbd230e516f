/**
 * Phase (d) of the emulator benchmark: what securing the cluster costs. Two clusters of the same
 * `large:N` scenario, started alike but for `--authorization-mode` and the audit log:
 * AlwaysAllow without an audit log (the baseline) and RBAC (the default) writing every request's
 * audit events to `--audit-log-path` in a temporary directory removed at the end. The same `--token-auth-file` user makes the same requests on both; on
 * the RBAC cluster a ClusterRoleBinding gives it `edit`, an aggregated ClusterRole, so RBAC walks
 * the bootstrap bindings and a real role's rules on every request (the admin would be allowed by
 * `system:masters` before RBAC is asked). Measurements alternate between the two clusters so
 * machine noise falls on both. Before measuring, one request proves the modes differ: the user
 * may not list Nodes under RBAC and may under AlwaysAllow.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterCall, clusterJson, startBenchCluster, type BenchCluster } from '../tools/cluster';
import { withDeadline } from '../tools/process';
import { median, percentile } from '../tools/stats';
import { ms, ratio, type BenchOptions } from './format';
import { listPods } from './listing';
import { watchLatency } from './watch';

const MODES = ['AlwaysAllow', 'RBAC'] as const;
type Mode = (typeof MODES)[number];

interface Figures {
  listMs: number[];
  latencies: number[];
}

async function prepare(admin: BenchCluster, mode: Mode, user: BenchCluster): Promise<void> {
  await clusterJson(admin, 'POST', '/api/v1/namespaces', { metadata: { name: 'bench-watch' } });
  if (mode === 'RBAC') {
    await clusterJson(admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: 'bench-user-edit' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bench-user' }],
    });
  }
  const nodes = await clusterCall(user, 'GET', '/api/v1/nodes?limit=1');
  const expected = mode === 'RBAC' ? 403 : 200;
  if (nodes.status !== expected) {
    throw new Error(`${mode}: bench-user listing nodes answered ${nodes.status}, not ${expected}`);
  }
}

export async function benchAuthorization(options: BenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-access-'));
  const token = randomBytes(16).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},bench-user,bench-uid,"bench"\n`);
  const auditLog = join(dir, 'audit.log');
  const scenario = `large:${options.pods}`;
  console.log(
    `\n(d) RBAC + audit on (a token-file user bound to the aggregated edit role, --audit-log-path) vs AlwaysAllow with audit off, ${scenario}, the same requests alternating between the two clusters`,
  );
  const started = await Promise.allSettled(
    MODES.map((mode) =>
      startBenchCluster(scenario, {
        extra: [
          '--token-auth-file',
          tokenFile,
          '--authorization-mode',
          mode,
          ...(mode === 'RBAC' ? ['--audit-log-path', auditLog] : []),
        ],
        timeoutMs: 1_200_000,
        onProgress: (line) => console.log(`  [${mode}] ${line}`),
      }),
    ),
  );
  const clusters = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [allowAll, rbac] = clusters as [BenchCluster, BenchCluster];
    const asUser = (c: BenchCluster): BenchCluster => ({ ...c, token });
    const byMode: Record<Mode, { admin: BenchCluster; user: BenchCluster; figures: Figures }> = {
      AlwaysAllow: {
        admin: allowAll,
        user: asUser(allowAll),
        figures: { listMs: [], latencies: [] },
      },
      RBAC: { admin: rbac, user: asUser(rbac), figures: { listMs: [], latencies: [] } },
    };
    for (const mode of MODES) await prepare(byMode[mode].admin, mode, byMode[mode].user);

    const writes = options.quick ? 50 : 200;
    for (let rep = 0; rep < options.reps; rep++) {
      const order = rep % 2 ? [...MODES].reverse() : MODES;
      for (const mode of order) {
        const { user, figures } = byMode[mode];
        const listed = await withDeadline('paged list', 300_000, listPods(user, 500));
        if (listed.items.length !== options.pods) {
          throw new Error(`${mode}: listed ${listed.items.length} pods, expected ${options.pods}`);
        }
        figures.listMs.push(listed.ms);
      }
      for (const mode of order) {
        const { user, figures } = byMode[mode];
        const latencies = await withDeadline(
          '100 watchers',
          180_000,
          watchLatency(user, 100, writes),
        );
        figures.latencies.push(...latencies);
      }
    }
    const on = byMode.RBAC.figures;
    const off = byMode.AlwaysAllow.figures;
    const [listOn, listOff] = [median(on.listMs), median(off.listMs)];
    console.log(
      `  paged list of ${options.pods.toLocaleString('en')} pods (pages of 500), median of ${options.reps}: RBAC + audit ${ms(listOn)}, baseline AlwaysAllow ${ms(listOff)}   ratio ${ratio(listOn, listOff)}`,
    );
    const [on50, on99, off50, off99] = [
      percentile(on.latencies, 50),
      percentile(on.latencies, 99),
      percentile(off.latencies, 50),
      percentile(off.latencies, 99),
    ];
    console.log(
      `  100 watchers, write → event (${on.latencies.length} deliveries each): RBAC + audit p50 ${ms(on50)}, p99 ${ms(on99)}; baseline AlwaysAllow p50 ${ms(off50)}, p99 ${ms(off99)}   ratios p50 ${ratio(on50, off50)}, p99 ${ratio(on99, off99)}`,
    );
  } finally {
    await Promise.all(clusters.map((c) => c.stop()));
    if (existsSync(auditLog)) {
      const text = readFileSync(auditLog, 'utf8');
      const lines = text.split('\n').length - 1;
      console.log(
        `  audit log of the RBAC cluster: ${lines.toLocaleString('en')} events, ${(text.length / 1e6).toFixed(1)} MB (removed)`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
