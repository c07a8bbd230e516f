/**
 * Next's start-up hook: begin the cluster sync as the server starts (not at the first request),
 * so the first page already has data. Runs under `next start`/`next dev` only, never at build.
 */
import { errorMessage } from './lib/error-message';

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDashboardHub } = await import('./lib/k8s/server');
  try {
    getDashboardHub().start();
    // The timeline records from the first sync on, not from the first request.
    (await import('./lib/diagnostics/server')).startDiagnostics();
  } catch (err) {
    // No usable kubeconfig: the routes report it; the server itself stays up.
    console.error(`[switchboard] ${errorMessage(err)}`);
  }
}
