/**
 * `GET /api/auth/oidc/callback?code=…&state=…`: where the identity provider sends a person back
 * (register `<public-url>/api/auth/oidc/callback` with it). Exchanges the code and starts the
 * session (lib/auth/oidc.ts), then a 302 to where they were going; any failure is a 302 to
 * `/sign-in?error=<code>`. Public, and unguarded because this request is by design a cross-site
 * navigation from the provider: the sealed login cookie and its `state` are what tie it to the
 * browser that started the sign-in. 404 when the dashboard does not run with `--auth oidc`.
 */
import { oidcRouteSettings } from '@/lib/auth/oidc-route';
import { completeOidcLogin } from '@/lib/auth/oidc';
import { apiRoute, reply } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none', auth: 'public' }, async ({ request }) =>
  reply.response(await completeOidcLogin(request, oidcRouteSettings())),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
