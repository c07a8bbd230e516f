/**
 * `GET /api/auth/oidc/login?next=/path`: starts an OpenID Connect sign-in (lib/auth/oidc.ts):
 * a 302 to the identity provider with PKCE, state and nonce kept in a sealed login cookie; a
 * `next` that is not a local path is replaced by `/`. When the provider cannot be reached, a
 * 302 to the sign-in page saying so. Public (nobody is signed in yet); cross-site requests are
 * refused like every read; 404 when the dashboard does not run with `--auth oidc`.
 */
import { oidcRouteSettings } from '@/lib/auth/oidc-route';
import { beginOidcLogin } from '@/lib/auth/oidc';
import { apiRoute, reply } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'read', auth: 'public' }, async ({ request }) =>
  reply.response(await beginOidcLogin(request, oidcRouteSettings())),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
