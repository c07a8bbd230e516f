/**
 * `POST /api/auth/logout`: sign out — the session cookie is cleared.
 *
 * Contract: public (an expired session must still be able to sign out) and guarded as a write
 * (same origin, JSON body), so another site cannot sign people out. Answers
 * `{ "signedOut": true, "next": "/sign-in" }`, `next` being where the page goes now: for an
 * OIDC session the provider's end-session URL when it has one (lib/auth/oidc-route.ts), which
 * signs the person out there too and sends them back to the public URL. In proxy
 * mode there is no session here: signing out is the proxy's (its own sign-out URL).
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { oidcLogoutUrl } from '@/lib/auth/oidc-route';
import { clearSessionSetCookie } from '@/lib/auth/session';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = apiRoute({ guard: 'write', auth: 'public' }, async ({ request }) =>
  reply.response(
    Response.json(
      { signedOut: true, next: (await oidcLogoutUrl(request)) ?? '/sign-in' },
      {
        headers: { 'Cache-Control': 'no-store', 'Set-Cookie': clearSessionSetCookie(request) },
      },
    ),
  ),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
