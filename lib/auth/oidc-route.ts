import 'server-only';
/**
 * What the routes need from the OIDC flow: the settings of the flow's own routes
 * (app/api/auth/oidc/**), and where signing out sends a person (app/api/auth/logout).
 *
 * Contract: `oidcRouteSettings()` answers this server's flow settings, or stops the route with
 * a 404 problem when it does not sign people in with OpenID Connect, so the routes do not exist
 * for the other modes. `oidcLogoutUrl(request)` answers the provider's end-session URL for a
 * live OIDC session (lib/auth/oidc.ts), else undefined (another mode, no session, or a provider
 * without one or out of reach: signing out here still ends the dashboard's session).
 */
import { fail } from '../http/api-route';
import { oidcEndSessionUrl, oidcFlowSettings, type OidcFlowSettings } from './oidc';
import { readSession } from './session';
import { authSettings } from './settings';

export function oidcRouteSettings(): OidcFlowSettings {
  const settings = authSettings();
  if (settings.mode !== 'oidc') {
    fail('not-found', 'This dashboard does not sign people in with OpenID Connect (--auth oidc).');
  }
  return oidcFlowSettings(settings);
}

export async function oidcLogoutUrl(request: Request): Promise<string | undefined> {
  const settings = authSettings();
  if (settings.mode !== 'oidc') return undefined;
  const session = await readSession(request.headers);
  if (session?.mode !== 'oidc') return undefined;
  return oidcEndSessionUrl(oidcFlowSettings(settings), session.idToken);
}
