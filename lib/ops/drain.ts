import 'server-only';
/**
 * The SIGTERM drain of the dashboard process. Next installs no signal handler of its own when
 * `NEXT_MANUAL_SIG_HANDLE=1` (the container's environment and `switchboard serve` set it), so
 * this one decides how the process ends.
 *
 * Contract, on SIGTERM (or SIGINT):
 * 1. `/readyz` answers 503 at once (lib/ops/process-state.ts), so the Service stops sending here;
 * 2. every open stream (of every cluster) gets a `reconnect` frame with `retry:` and is closed; a stream opened
 *    while draining gets the same at once — the browser reconnects and, through the Service,
 *    lands on another replica, which answers an id it never issued with a fresh snapshot;
 * 3. requests in flight — writes above all — are waited for until their answers are sent
 *    (lib/ops/in-flight.ts);
 * 4. the history writer's queue is written and its store closed (lib/history/server.ts);
 * 5. the process exits 0 once they are done, or 1 when `SWITCHBOARD_SHUTDOWN_TIMEOUT` seconds
 *    (default 20, below the manifests' terminationGracePeriodSeconds) pass first.
 */
import { clusterRegistry } from '../k8s/clusters';
import { errorMessage } from '../error-message';
import { closeServerHistory } from '../history/server';
import { inFlightSettled } from './in-flight';
import { beginDrain, isDraining } from './process-state';
import { DEFAULT_SHUTDOWN_TIMEOUT_S, shutdownTimeoutMs, type OpsEnv } from './settings';

/** Let streams go and wait for requests in flight; resolves true when all finished in time. */
export async function drain(timeoutMs: number): Promise<boolean> {
  beginDrain();
  try {
    for (const hub of clusterRegistry().hubs()) hub.drain();
  } catch {
    // No cluster configured: no streams beyond the error snapshot, nothing to let go.
  }
  const settled = await inFlightSettled(timeoutMs);
  // Queued history facts are written (bounded) and the history directory's lock released.
  await closeServerHistory();
  return settled;
}

export function installDrain(env: OpsEnv): void {
  let timeoutMs: number;
  try {
    timeoutMs = shutdownTimeoutMs(env);
  } catch (error) {
    timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_S * 1000;
    console.error(`[switchboard] ${errorMessage(error)}; draining for up to ${timeoutMs / 1000} s`);
  }
  const onSignal = (signal: NodeJS.Signals) => {
    if (isDraining()) return;
    console.log(`[switchboard] ${signal}: draining (up to ${timeoutMs / 1000} s)`);
    drain(timeoutMs).then(
      (clean) => {
        if (!clean) console.error('[switchboard] requests still in flight at the deadline');
        process.exit(clean ? 0 : 1);
      },
      (error: unknown) => {
        console.error(`[switchboard] drain failed: ${errorMessage(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
