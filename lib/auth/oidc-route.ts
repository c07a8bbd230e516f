import 'server-only';
/**
 * The OIDC routes' settings (app/api/auth/oidc/**): this server's, or a 404 problem when it does
 * not sign people in with OpenID Connect, so the routes do not exist for the other modes.
 */
import { fail } from '../http/api-route';
import { oidcFlowSettings, type OidcFlowSettings } from './oidc';
import { authSettings } from './settings';

export function oidcRouteSettings(): OidcFlowSettings {
  const settings = authSettings();
  if (settings.mode !== 'oidc') {
    fail('not-found', 'This dashboard does not sign people in with OpenID Connect (--auth oidc).');
  }
  return oidcFlowSettings(settings);
}
