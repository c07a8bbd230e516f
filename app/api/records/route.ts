/**
 * `GET /api/records?at=ISO`: the slim records as they were at that instant, of what the viewer
 * may see, with where that instant is (lib/api/history.ts `RecordsAtResponse`). A malformed,
 * missing or future `at` is a 400; one older than the retained history a 410
 * `before-retained-history` problem with `retainedSince`.
 */
import { recordsAt } from '@/lib/history/answers';
import { requiredInstant } from '@/lib/history/at';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope } from '@/lib/http/cluster';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, params, viewer }) => {
  const now = Date.now();
  const at = requiredInstant(url, 'at', now);
  const { hub, scope } = await requireScope(viewer, requestedCluster({ url, params }));
  return reply.json(await recordsAt(hub, scope, at, now));
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
