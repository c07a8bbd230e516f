/**
 * Next's start-up hook, run in the server process before it answers requests (never at build):
 * - the exposure guard again (lib/http/exposure-startup.ts), because the image runs Next's
 *   standalone `server.js` without our CLI: a non-loopback bind without sign-in or
 *   `--insecure-no-auth` stops the process with the reason;
 * - every request is stamped with its socket's address (lib/http/peer-address.ts);
 * - what operations need (lib/ops/start.ts): the event-loop watch liveness reads, the metrics
 *   port, the SIGTERM drain;
 * - every cluster's sync begins as the server starts (not at the first request), so the first page
 *   already has data (lib/ops/start-clusters.ts).
 */
import { errorMessage } from './lib/error-message';

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  (await import('./lib/http/exposure-startup')).refuseUnsafeExposure(process.env);
  (await import('./lib/http/peer-address')).stampPeerAddresses();
  await (await import('./lib/ops/start')).startOps();
  try {
    // Every cluster syncs, and its timeline records, from the start, not from the first request;
    // the kubeconfig is watched for contexts added or removed.
    (await import('./lib/ops/start-clusters')).startClusters();
  } catch (err) {
    // No usable kubeconfig: the routes report it; the server itself stays up.
    console.error(`[switchboard] ${errorMessage(err)}`);
  }
}
