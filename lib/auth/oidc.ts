import 'server-only';
/**
 * The OpenID Connect sign-in (`--auth oidc`): the authorization-code flow with PKCE (S256),
 * `state` and `nonce`, through `openid-client`. The routes `app/api/auth/oidc/login` and
 * `app/api/auth/oidc/callback` are thin wrappers of `beginOidcLogin` / `completeOidcLogin`.
 *
 * Contract:
 * - login: `next` is kept only when it is a local path (else `/`); a fresh verifier, state and
 *   nonce go into the sealed login cookie (lib/auth/oidc-login-state.ts); the answer is a 302 to
 *   the provider's authorization endpoint with `redirect_uri = <public-url>/api/auth/oidc/callback`;
 * - callback: the login cookie must exist and its `state` must equal the one returned (checked
 *   here and again by the library); the code is exchanged with the verifier; the ID token's
 *   signature, issuer, audience, expiry and `nonce` are checked by the library; its claims become
 *   the person as the cluster names them (lib/auth/oidc-identity.ts); the session cookie is set
 *   (lib/auth/session.ts, with the ID token for logout) and the answer is a 302 to `next`;
 * - every failure clears the login cookie and is a 302 to `/sign-in?error=<code>`
 *   (lib/auth/oidc-errors.ts says the words), with the reason logged on the server (never a
 *   token, a code or a verifier);
 * - logout: `oidcEndSessionUrl` names the provider's end-session endpoint, when its discovery
 *   document has one, with `id_token_hint` and `post_logout_redirect_uri` = the public URL.
 */
import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import { errorMessage } from '../error-message';
import { oidcConfiguration, type OidcClientSettings } from './oidc-discovery';
import type { OidcSignInError } from './oidc-errors';
import { identityFromClaims, type OidcClaimSettings } from './oidc-identity';
import { localPath } from './local-path';
import {
  clearLoginStateSetCookie,
  loginStateSetCookie,
  readLoginState,
  type LoginState,
} from './oidc-login-state';
import { sessionSetCookie } from './session';
import type { AuthSettings } from './settings';
import type { UserIdentity } from './viewer';

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
export const SIGN_IN_PATH = '/sign-in';

/** `openid` for the ID token; `email`, `profile` and `groups` carry the usual name and groups claims. */
const SCOPES = 'openid email profile groups';

export interface OidcFlowSettings extends OidcClientSettings, OidcClaimSettings {
  publicUrl: URL;
}

/** The flow's settings from the server's (lib/auth/settings.ts); the secret file is read now. */
export function oidcFlowSettings(settings: AuthSettings): OidcFlowSettings {
  const oidc = settings.oidc;
  if (!oidc || !settings.publicUrl) {
    throw new Error('OIDC sign-in is not configured (--auth oidc, --oidc-issuer, --public-url)');
  }
  return {
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecretFile
      ? readFileSync(oidc.clientSecretFile, 'utf8').trim()
      : undefined,
    usernameClaim: oidc.usernameClaim,
    groupsClaim: oidc.groupsClaim,
    usernamePrefix: oidc.usernamePrefix || undefined,
    groupsPrefix: oidc.groupsPrefix || undefined,
    publicUrl: settings.publicUrl,
  };
}

/** Where the provider sends people back: the URL to register with it. */
export function redirectUriOf(publicUrl: URL): string {
  return new URL(OIDC_CALLBACK_PATH, publicUrl.origin).href;
}

export async function beginOidcLogin(
  request: Request,
  settings: OidcFlowSettings,
): Promise<Response> {
  const url = new URL(request.url);
  let configuration: client.Configuration;
  try {
    configuration = await oidcConfiguration(settings);
  } catch (error) {
    return toSignIn(request, settings, 'provider-unavailable', `discovery: ${describe(error)}`);
  }
  const login: LoginState = {
    codeVerifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    next: localPath(url.searchParams.get('next')),
  };
  const authorizationUrl = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUriOf(settings.publicUrl),
    scope: SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(login.codeVerifier),
    code_challenge_method: 'S256',
    state: login.state,
    nonce: login.nonce,
  });
  return redirect(authorizationUrl.href, [await loginStateSetCookie(login, request)]);
}

export async function completeOidcLogin(
  request: Request,
  settings: OidcFlowSettings,
): Promise<Response> {
  const returned = new URL(request.url).searchParams;
  const login = await readLoginState(request.headers);
  if (!login) return toSignIn(request, settings, 'login-expired', 'no valid login cookie');
  if (returned.get('state') !== login.state) {
    return toSignIn(request, settings, 'state-mismatch', 'state differs from the login cookie');
  }
  const providerError = returned.get('error');
  if (providerError) {
    const said = `${providerError}: ${returned.get('error_description') ?? ''}`;
    const code = providerError === 'access_denied' ? 'access-denied' : 'failed';
    return toSignIn(request, settings, code, `the provider answered ${said}`);
  }
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    const configuration = await oidcConfiguration(settings);
    // The URL the provider redirected to, whatever host and scheme the request arrived with.
    const currentUrl = new URL(redirectUriOf(settings.publicUrl));
    currentUrl.search = returned.toString();
    tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    return toSignIn(
      request,
      settings,
      exchangeErrorCode(error),
      `code exchange: ${describe(error)}`,
    );
  }
  const claims = tokens.claims();
  if (!claims) return toSignIn(request, settings, 'invalid-id-token', 'no ID token');
  const identity = identityFromClaims(claims, settings);
  if (!identity.ok) return toSignIn(request, settings, identity.error, identity.detail);
  const session = await oidcSessionCookie(identity.user, tokens.id_token, request);
  if (!session) {
    const detail = `${identity.user.groups.length} groups do not fit in a cookie`;
    return toSignIn(request, settings, 'session-too-large', detail);
  }
  return redirect(new URL(login.next, settings.publicUrl.origin).href, [
    session,
    clearLoginStateSetCookie(request),
  ]);
}

/**
 * The session cookie, with the ID token when it fits (it only serves the provider's logout);
 * undefined when even the name and groups alone are more than a browser keeps.
 */
async function oidcSessionCookie(
  user: UserIdentity,
  idToken: string | undefined,
  request: Request,
): Promise<string | undefined> {
  try {
    return await sessionSetCookie({ mode: 'oidc', user, idToken }, request);
  } catch (error) {
    console.warn(`[switchboard] OIDC session without its ID token: ${errorMessage(error)}`);
  }
  try {
    return await sessionSetCookie({ mode: 'oidc', user }, request);
  } catch {
    return undefined;
  }
}

/** The provider's logout URL for a session that has its ID token, when the provider has one. */
export async function oidcEndSessionUrl(
  settings: OidcFlowSettings,
  idToken: string | undefined,
): Promise<string | undefined> {
  let configuration: client.Configuration;
  try {
    configuration = await oidcConfiguration(settings);
  } catch (error) {
    console.warn(`[switchboard] OIDC logout: the provider cannot be reached: ${describe(error)}`);
    return undefined;
  }
  if (!configuration.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(configuration, {
    post_logout_redirect_uri: new URL('/', settings.publicUrl.origin).href,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).href;
}

/**
 * Which words fit a failed exchange: the provider refusing the code (reused, expired, wrong
 * verifier) is `exchange-failed`; no answer, or one that is not a token response at all,
 * `provider-unavailable`; anything else the library refused is the ID token (nonce, signature,
 * issuer, audience, expiry): `invalid-id-token`.
 */
function exchangeErrorCode(error: unknown): OidcSignInError {
  if (error instanceof client.ResponseBodyError) return 'exchange-failed';
  if (error instanceof client.AuthorizationResponseError) return 'exchange-failed';
  if (!(error instanceof client.ClientError)) return 'provider-unavailable';
  const unanswered = ['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON'];
  return unanswered.includes(error.code ?? '') ? 'provider-unavailable' : 'invalid-id-token';
}

function describe(error: unknown): string {
  if (error instanceof client.ResponseBodyError) {
    return `the provider answered ${error.status} ${error.error}: ${error.error_description ?? ''}`;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = cause instanceof Error ? ` (${cause.message})` : '';
  return `${typeof code === 'string' ? `${code} ` : ''}${errorMessage(error)}${detail}`;
}

function toSignIn(
  request: Request,
  settings: OidcFlowSettings,
  code: OidcSignInError,
  reason: string,
): Response {
  console.warn(`[switchboard] OIDC sign-in refused (${code}): ${reason}`);
  const target = new URL(SIGN_IN_PATH, settings.publicUrl.origin);
  target.searchParams.set('error', code);
  return redirect(target.href, [clearLoginStateSetCookie(request)]);
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 302, headers });
}
