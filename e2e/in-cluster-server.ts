/**
 * The dashboard as the image runs it, inside a "pod" of the embedded cluster: an overlay
 * (read-only by default) applied with `kubectl apply -k`, a token from `kubectl create token switchboard -n
 * switchboard` and the cluster's CA in a ServiceAccount directory, and a read-only copy of the
 * standalone server started with the container's environment (taken from the rendered
 * Deployment) plus KUBERNETES_SERVICE_HOST/_PORT, as uid/gid 65532 when this process may switch
 * users. The cluster runs with RBAC and the audit log on; `auditEvents()` reads the log once the
 * cluster has stopped.
 */
import {
  chmodSync,
  chownSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '../emulator/auth/audit/event';
import { overlayDir, render, type Manifest, type Overlay } from '../deploy/testing/render';
import {
  freePort,
  startCluster,
  startStandalone,
  STANDALONE_DIR,
  type Dashboard,
  type EmbeddedCluster,
} from './harness';

/** The image's `USER`. */
export const IMAGE_UID = 65532;
export const SERVICE_ACCOUNT = 'system:serviceaccount:switchboard:switchboard';

export interface InClusterRun {
  cluster: EmbeddedCluster;
  dashboard: Dashboard;
  /** `http://127.0.0.1:PORT` of the probes and /metrics (9090 in the pod). */
  metricsUrl: string;
  /** Why the server runs as this process's user, when it does (not root). */
  sameUserReason?: string;
  /** Stops the dashboard and the cluster; answers the audit log. */
  stop(): Promise<AuditEvent[]>;
}

/** The env the rendered Deployment gives its container. */
function containerEnv(objects: Manifest[]): Record<string, string> {
  const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as {
    spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } };
  };
  const env = deployment.spec.template.spec.containers[0]!.env;
  return Object.fromEntries(env.map((e) => [e.name, e.value]));
}

/** A copy nobody may write but Next's cache directory (an emptyDir in the pod). */
function readOnlyCopy(dir: string, uid: number | undefined): string {
  const app = join(dir, 'app');
  // Links stay as built (relative, inside the directory): resolved, they would point back into
  // the checkout, which the non-root user may not be able to reach (a 0700 temporary clone).
  cpSync(STANDALONE_DIR, app, { recursive: true, verbatimSymlinks: true });
  const cache = join(app, '.next', 'cache');
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache);
  makeReadOnly(app, cache);
  if (uid !== undefined) chownSync(cache, uid, uid);
  return app;
}

function makeReadOnly(path: string, except: string): void {
  if (path === except) return;
  const stat = lstatSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) makeReadOnly(join(path, entry), except);
    chmodSync(path, 0o555);
  } else {
    chmodSync(path, stat.mode & 0o111 ? 0o555 : 0o444);
  }
}

export interface InClusterOptions {
  /** Beyond the rendered container's environment (e.g. a test provider's issuer URL). */
  env?: Record<string, string>;
  /** The dashboard's port, when the test must know its URL before it starts. */
  port?: number;
}

export async function startInCluster(
  overlay: Overlay = 'read-only',
  options: InClusterOptions = {},
): Promise<InClusterRun> {
  const objects = await render(overlay);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-in-cluster-'));
  chmodSync(dir, 0o755);
  const auditLog = join(dir, 'audit.log');
  const cluster = await startCluster('seed', { extraArgs: ['--audit-log-path', auditLog] });
  const kubectl = async (...args: string[]) => {
    const r = await cluster.kubectl(...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  // The namespaces an overlay binds roles in (writer's list) exist before it is applied.
  const bound = objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.namespace!);
  for (const namespace of new Set(bound)) {
    const exists = await cluster.kubectl('get', 'namespace', namespace);
    if (exists.code !== 0) await kubectl('create', 'namespace', namespace);
  }
  await kubectl('apply', '-k', overlayDir(overlay));
  const token = (await kubectl('create', 'token', 'switchboard', '-n', 'switchboard')).trim();

  const saDir = join(dir, 'serviceaccount');
  mkdirSync(saDir, { mode: 0o755 });
  writeFileSync(join(saDir, 'token'), token, { mode: 0o644 });
  writeFileSync(join(saDir, 'ca.crt'), cluster.caCertificate, { mode: 0o644 });
  writeFileSync(join(saDir, 'namespace'), 'switchboard', { mode: 0o644 });

  const root = process.getuid?.() === 0;
  const uid = root ? IMAGE_UID : undefined;
  const app = readOnlyCopy(dir, uid);
  const home = join(dir, 'home');
  mkdirSync(home, { mode: 0o755 });
  const metricsPort = await freePort();
  const dashboard = await startStandalone({
    dir: app,
    uid,
    gid: uid,
    port: options.port,
    env: {
      ...containerEnv(objects),
      // Tests listen on loopback only; the pod's metrics port is 9090 on every interface.
      SWITCHBOARD_METRICS_HOST: '127.0.0.1',
      SWITCHBOARD_METRICS_PORT: String(metricsPort),
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      NODE_ENV: 'production',
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: String(cluster.port),
      SWITCHBOARD_SERVICEACCOUNT_DIR: saDir,
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await cluster.stop();
    throw error;
  });
  return {
    cluster,
    dashboard,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    sameUserReason: root
      ? undefined
      : `not running as root, so the server runs as uid ${process.getuid?.()}, not ${IMAGE_UID}`,
    async stop() {
      await dashboard.stop();
      await cluster.stop();
      const events = readFileSync(auditLog, 'utf8')
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditEvent);
      chmodRecursiveWritable(dir);
      rmSync(dir, { recursive: true, force: true });
      return events;
    },
  };
}

function chmodRecursiveWritable(path: string): void {
  const stat = lstatSync(path);
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) chmodRecursiveWritable(join(path, entry));
  }
}
