import 'server-only';
/**
 * What the dashboard process starts for operations, from instrumentation: the event-loop watch
 * that liveness reads, the count of requests in flight (lib/ops/in-flight.ts), the metrics port when `SWITCHBOARD_METRICS_PORT` is set, and the SIGTERM
 * drain (lib/ops/drain.ts). Configured by environment only, because what ships is started as
 * `node server.js`, not by our CLI (`switchboard serve` flags just set these variables).
 *
 * Contract: once per process (idempotent across bundles); a metrics port that cannot be bound is
 * logged and the UI still serves — the pod's probes then fail visibly instead of the whole
 * server refusing to start for want of a side port.
 */
import { errorMessage } from '../error-message';
import { installDrain } from './drain';
import { countRequests } from './in-flight';
import { opsServerPort, startOpsServer } from './ops-server';
import { watchEventLoop } from './process-state';
import { metricsListen, type OpsEnv } from './settings';

const KEY = Symbol.for('switchboard.opsStarted');
type StartGlobal = typeof globalThis & { [KEY]?: boolean };

export async function startOps(env: OpsEnv = process.env): Promise<void> {
  const g = globalThis as StartGlobal;
  if (g[KEY]) return;
  g[KEY] = true;
  watchEventLoop();
  countRequests();
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
