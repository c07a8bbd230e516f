import 'server-only';
/**
 * The exposure guard at server start (lib/http/exposure.ts decides): the image runs Next's
 * standalone `server.js` without our CLI, so the server process itself refuses a non-loopback
 * bind without sign-in or `--insecure-no-auth`. Node-only (it ends the process), which is why it
 * lives apart from the decision that the proxy also imports.
 *
 * Contract: returns when serving is allowed; otherwise logs the reason and exits with status 1.
 */
import { bindHostOf, exposureRefusal } from './exposure';

export function refuseUnsafeExposure(env: Record<string, string | undefined>): void {
  const refusal = exposureRefusal(bindHostOf(env), env);
  if (!refusal) return;
  console.error(`[switchboard] ${refusal}`);
  process.exit(1);
}
