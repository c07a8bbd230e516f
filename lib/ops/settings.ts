/**
 * The operational settings read from the environment, shared by the server process
 * (lib/ops/start.ts, lib/ops/drain.ts) and `switchboard serve` (which sets them for its child and
 * must wait as long as the drain may take).
 *
 * Contract: pure. `SWITCHBOARD_METRICS_PORT` (none: no metrics port) on `SWITCHBOARD_METRICS_HOST`
 * (default: the UI's bind address, lib/http/exposure.ts `bindHostOf`, else 127.0.0.1);
 * `SWITCHBOARD_SHUTDOWN_TIMEOUT` in seconds (default 20, below the manifests'
 * terminationGracePeriodSeconds). A malformed value throws with the variable's name.
 */
import { bindHostOf } from '../http/exposure';

export type OpsEnv = Record<string, string | undefined>;

export const DEFAULT_SHUTDOWN_TIMEOUT_S = 20;

/** The metrics port and host, or undefined when none is asked for. */
export function metricsListen(env: OpsEnv): { port: number; host: string } | undefined {
  const raw = env.SWITCHBOARD_METRICS_PORT?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new Error(`SWITCHBOARD_METRICS_PORT=${raw} is not a port number`);
  }
  const host = env.SWITCHBOARD_METRICS_HOST?.trim() || bindHostOf(env) || '127.0.0.1';
  return { port, host };
}

/** How long a drain may take before the process exits anyway, in ms. */
export function shutdownTimeoutMs(env: OpsEnv): number {
  const raw = env.SWITCHBOARD_SHUTDOWN_TIMEOUT?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_TIMEOUT_S * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`SWITCHBOARD_SHUTDOWN_TIMEOUT=${raw} is not a number of seconds`);
  }
  return seconds * 1000;
}
