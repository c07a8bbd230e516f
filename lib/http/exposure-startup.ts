import 'server-only';
/**
 * The exposure guard at server start (lib/http/exposure.ts decides): the image runs Next's
 * standalone `server.js` without our CLI, so the server process itself refuses a non-loopback
 * bind without sign-in or `--insecure-no-auth`, and sign-in settings that are not valid
 * (lib/auth/settings.ts; an unreadable session key file). Node-only (it ends the process), which
 * is why it lives apart from the decision that the proxy also imports.
 *
 * Contract: returns when serving is allowed; otherwise logs the reason and exits with status 1.
 * Without a session key file in a session mode it warns that sessions end at restart.
 */
import { errorMessage } from '../error-message';
import { readSessionKeyFile } from '../auth/session-keys';
import { authSettingsFromEnv } from '../auth/settings';
import { bindHostOf, exposureRefusal } from './exposure';

function signInProblem(env: Record<string, string | undefined>): string | undefined {
  try {
    const settings = authSettingsFromEnv(env);
    if (settings.session.keyFile) readSessionKeyFile(settings.session.keyFile);
    else if (settings.mode === 'oidc' || settings.mode === 'token') {
      console.warn(
        '[switchboard] no session key file (SWITCHBOARD_SESSION_KEY_FILE): sessions are sealed with a random key of this process, so everyone is signed out at restart and replicas cannot read each other’s sessions',
      );
    }
    return undefined;
  } catch (error) {
    return `sign-in is not configured correctly: ${errorMessage(error)}`;
  }
}

export function refuseUnsafeExposure(env: Record<string, string | undefined>): void {
  const refusal = signInProblem(env) ?? exposureRefusal(bindHostOf(env), env);
  if (!refusal) return;
  console.error(`[switchboard] ${refusal}`);
  process.exit(1);
}
