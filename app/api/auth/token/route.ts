/**
 * `POST /api/auth/token` (`--auth token`): sign in with a Kubernetes bearer token, as in the
 * Kubernetes Dashboard. Body `{ "token": "…" }`.
 *
 * Contract: public (it is how one signs in) but guarded as a write (same origin, JSON), so no
 * other site can sign a browser in as someone else. The token is checked with TokenReview as the
 * dashboard (lib/auth/token-review.ts) by every cluster the dashboard watches, at once (a token
 * is a credential of the cluster that issued it, and the person may have come for any of them);
 * accepted by one, it answers the `ViewerInfo` with the session cookie (lib/auth/session.ts)
 * that carries the token sealed and the session's cluster — the first in the dashboard's order
 * that accepted it, which names the person and whose refusal later ends the session (the others
 * are asked again on use, lib/auth/cluster-viewer.ts); refused, a problem that says why —
 * 401 `unauthenticated` for a token no cluster accepts (invalid, revoked) or that has
 * expired, 422 for no token, 404 when token sign-in is not the mode, 503 when no cluster accepts
 * it and some cannot review it now, 429 `rate-limited` after `SIGN_IN_BUDGET.limit` reviews from one address in a minute
 * (the form is public: without a limit anyone who reaches it could make the dashboard send the
 * cluster TokenReviews without end; the budget is per address and generous, since a team behind
 * one proxy shares an address). The token itself is never echoed, logged or counted.
 */
import { apiRoute, fail, reply } from '@/lib/http/api-route';
import { clusterTokenReviewer } from '@/lib/auth/request-viewer';
import { sessionSetCookie } from '@/lib/auth/session';
import { authSettings } from '@/lib/auth/settings';
import { viewerInfoOf } from '@/lib/auth/viewer';
import type { TokenReviewResult } from '@/lib/auth/token-review';
import { errorMessage } from '@/lib/error-message';
import { requireClusters } from '@/lib/http/cluster';
import { ClientBudget } from '@/lib/http/client-budget';
import { peerAddress } from '@/lib/http/peer-address';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const SIGN_IN_BUDGET = { limit: 30, windowMs: 60_000 };
const reviewsByAddress = new ClientBudget(SIGN_IN_BUDGET);

/** Far above any real token (a ServiceAccount JWT is about 1 KB), far below the body limit. */
const MAX_TOKEN_LENGTH = 8192;

function tokenOf(body: unknown): string {
  const raw = (body as { token?: unknown } | null)?.token;
  const token = typeof raw === 'string' ? raw.trim().replace(/^Bearer\s+/i, '') : '';
  const invalid = (message: string) =>
    fail('invalid', message, { errors: [{ field: 'token', message }] });
  if (token === '') invalid('Paste a Kubernetes bearer token.');
  if (token.length > MAX_TOKEN_LENGTH) invalid('This is too long to be a Kubernetes token.');
  if (/\s/.test(token)) invalid('A Kubernetes token has no spaces or line breaks in it.');
  return token;
}

export const POST = apiRoute(
  { guard: 'write', auth: 'public', jsonBody: true },
  async ({ request, body }) => {
    if (authSettings().mode !== 'token') {
      fail('not-found', 'Token sign-in is not enabled on this dashboard (--auth token).');
    }
    const token = tokenOf(body);
    const spent = reviewsByAddress.take(peerAddress(request) ?? 'unknown', 1, Date.now());
    if (!spent.ok) {
      const seconds = Math.ceil(spent.retryAfterMs / 1000);
      fail(
        'rate-limited',
        `Too many sign-in attempts from this address: at most ${SIGN_IN_BUDGET.limit} a minute. Try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      );
    }
    // Every cluster reviews it at once; the first in the dashboard's order that accepts it is
    // the session's. Refused everywhere: the first cluster's words (expired beats invalid).
    const ids = requireClusters().ids();
    const answers = await Promise.all(
      ids.map(async (id) => {
        try {
          return { id, result: await clusterTokenReviewer(id)(token) };
        } catch (error) {
          return { id, error: `${id}: ${errorMessage(error)}` };
        }
      }),
    );
    const accepted = answers.find(
      (a): a is { id: string; result: TokenReviewResult & { ok: true } } => a.result?.ok === true,
    );
    if (!accepted) {
      const refusals = answers.flatMap((a) => (a.result && !a.result.ok ? [a.result] : []));
      const unanswered = answers.flatMap((a) => (a.error ? [a.error] : []));
      if (unanswered.length > 0) {
        fail(
          'cluster-unavailable',
          `The token cannot be checked right now: ${unanswered.join('; ')}`,
        );
      }
      const refusal = refusals.find((r) => r.reason === 'expired') ?? refusals[0]!;
      fail(
        'unauthenticated',
        refusal.reason === 'expired'
          ? `This token has expired (the cluster says: ${refusal.message}).`
          : `${ids.length > 1 ? 'No cluster of this dashboard accepts' : 'The cluster does not accept'} this token (it says: ${refusal.message}).`,
      );
    }
    const { result, id: cluster } = accepted;
    const setCookie = await sessionSetCookie(
      { mode: 'token', user: result.user, token, cluster },
      request,
    );
    const info = viewerInfoOf({ mode: 'token', user: result.user, token });
    return reply.response(
      Response.json(info, { headers: { 'Cache-Control': 'no-store', 'Set-Cookie': setCookie } }),
    );
  },
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
