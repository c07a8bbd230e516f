/**
 * `GET /api/records?at=ISO`: the slim records as they were at that instant, of what the viewer
 * may see, with where that instant is (lib/api/history.ts `RecordsAtResponse`). A malformed,
 * missing or future `at` is a 400; one older than the retained history a 410
 * `before-retained-history` problem with `retainedSince`.
 */
import { scopeOf } from '@/lib/access/server';
import { recordsAt } from '@/lib/history/answers';
import { requiredInstant } from '@/lib/history/at';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requireHub } from '@/lib/http/cluster';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, viewer }) => {
  const now = Date.now();
  const at = requiredInstant(url, 'at', now);
  const hub = requireHub();
  const scope = await scopeOf(viewer);
  return reply.json(await recordsAt(hub, scope, at, now));
});
