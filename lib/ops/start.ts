import 'server-only';
/**
 * What the dashboard process starts for operations, from instrumentation: the event-loop watch
 * that liveness reads, the metrics port when `SWITCHBOARD_METRICS_PORT` is set, and the SIGTERM
 * drain (lib/ops/drain.ts). Configured by environment only, because what ships is started as
 * `node server.js`, not by our CLI (`switchboard serve` flags just set these variables).
 *
 * Contract: once per process (idempotent across bundles); a metrics port that cannot be bound is
 * logged and the UI still serves — the pod's probes then fail visibly instead of the whole
 * server refusing to start for want of a side port.
 */
import { errorMessage } from '../error-message';
import { installDrain } from './drain';
import { opsServerPort, startOpsServer } from './ops-server';
import { watchEventLoop } from './process-state';

const KEY = Symbol.for('switchboard.opsStarted');
type StartGlobal = typeof globalThis & { [KEY]?: boolean };

export interface OpsEnv {
  SWITCHBOARD_METRICS_PORT?: string;
  SWITCHBOARD_METRICS_HOST?: string;
  HOSTNAME?: string;
  SWITCHBOARD_SHUTDOWN_TIMEOUT?: string;
}

/** The metrics port and host from the environment, or undefined when none is asked for. */
export function metricsListen(env: OpsEnv): { port: number; host: string } | undefined {
  const raw = env.SWITCHBOARD_METRICS_PORT?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new Error(`SWITCHBOARD_METRICS_PORT=${raw} is not a port number`);
  }
  const host = env.SWITCHBOARD_METRICS_HOST?.trim() || env.HOSTNAME?.trim() || '127.0.0.1';
  return { port, host };
}

export async function startOps(env: OpsEnv = process.env as OpsEnv): Promise<void> {
  const g = globalThis as StartGlobal;
  if (g[KEY]) return;
  g[KEY] = true;
  watchEventLoop();
  installDrain(env);
  try {
    const listen = metricsListen(env);
    if (!listen) return;
    const server = await startOpsServer(listen.port, listen.host);
    console.log(
      `[switchboard] /healthz, /readyz and /metrics also on ${listen.host}:${opsServerPort(server)}`,
    );
  } catch (error) {
    console.error(`[switchboard] metrics port: ${errorMessage(error)}`);
  }
}
