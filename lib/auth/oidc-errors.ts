/**
 * Why an OpenID Connect sign-in did not finish, as the short code the flow puts in
 * `/sign-in?error=<code>` and the words the sign-in page shows for it.
 *
 * Contract: every code the flow (lib/auth/oidc.ts) redirects with is a key of
 * `OIDC_SIGN_IN_ERRORS`; the words say what happened and what the person can do about it, never
 * a token or a provider's raw message (those go to the server log). An unknown code (a hand-made
 * link) reads as `failed`. Isomorphic; no runtime imports.
 */

export const OIDC_SIGN_IN_ERRORS = {
  'access-denied':
    'The identity provider did not sign you in (you cancelled, or it refused). Sign in again, or ask your administrator for access.',
  'login-expired':
    'The sign-in took too long, or was started in another browser or tab. Sign in again.',
  'state-mismatch':
    'The answer from the identity provider does not belong to the sign-in this browser started, so it was refused. Sign in again from this page.',
  'exchange-failed':
    'The identity provider refused to complete this sign-in (the link was already used or is no longer valid). Sign in again.',
  'invalid-id-token':
    'The identity provider answered with an ID token this dashboard cannot trust, so it was refused. Sign in again; if it keeps happening, tell your administrator.',
  'missing-claim':
    'Your identity provider account has no value for the claim this dashboard names people by. Ask your administrator to check the OIDC claim settings.',
  'email-not-verified':
    'Your e-mail address is not verified at the identity provider, and the cluster would not accept it either. Verify it there, then sign in again.',
  'reserved-name':
    'Your identity provider account names a user or group under "system:", which is reserved for the cluster itself, so it was refused. Tell your administrator.',
  'session-too-large':
    'You are in more groups than fit in a browser cookie, so the sign-in could not be kept. Ask your administrator to send fewer groups in the ID token (a groups filter at the identity provider).',
  'provider-unavailable':
    'The identity provider cannot be reached right now. Try again in a moment; if it keeps happening, tell your administrator.',
  failed: 'The sign-in did not complete. Sign in again.',
} as const;

export type OidcSignInError = keyof typeof OIDC_SIGN_IN_ERRORS;

/** The words for an `error` query parameter of the sign-in page. */
export function oidcSignInErrorText(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return Object.hasOwn(OIDC_SIGN_IN_ERRORS, code)
    ? OIDC_SIGN_IN_ERRORS[code as OidcSignInError]
    : OIDC_SIGN_IN_ERRORS.failed;
}
