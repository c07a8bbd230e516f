/**
 * `GET /api/changes?from=ISO&to=ISO[&namespace=ns][&clamp=1][&only=health]`: what changed in
 * (from, to] — when Services went broken or healthy, which differ between the two instants, and
 * every Service's trail entries with who made them — of what the viewer may see
 * (lib/api/history.ts `ChangesResponse`). `to` defaults to now; `from` must be earlier than `to`. Malformed, future
 * or reversed instants are a 400; a `from` older than the retained history a 410
 * `before-retained-history` problem with `retainedSince` — unless `clamp=1` is given, which
 * answers from where the history starts instead (the body's `from` says which): a window of the
 * last hours asked of a younger history is not an error. `only=health` answers without `entries`
 * (`HealthChangesResponse`), sparing the server the trail read; any other `only` is a 400.
 */
import { CHANGES_ONLY } from '@/lib/api/history';
import { changesBetween } from '@/lib/history/answers';
import { pastInstant, requiredInstant } from '@/lib/history/at';
import { apiRoute, fail, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope } from '@/lib/http/cluster';
import { checkNamespaceName } from '@/lib/topology/validation/names';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, params, viewer }) => {
  const now = Date.now();
  const from = requiredInstant(url, 'from', now);
  const to = pastInstant(url, 'to', now) ?? now;
  if (from >= to) {
    const message = 'from must be earlier than to.';
    fail('bad-request', message, { errors: [{ field: 'from', message }] });
  }
  const namespace = url.searchParams.get('namespace') ?? undefined;
  if (namespace !== undefined) {
    const problem = checkNamespaceName(namespace);
    if (problem) {
      fail('bad-request', problem.message, {
        errors: [{ field: 'namespace', message: problem.message }],
      });
    }
  }
  const asked = url.searchParams.get('only');
  const only = CHANGES_ONLY.find((part) => part === asked);
  if (asked !== null && only === undefined) {
    const message = `"${asked}" is not one of: ${CHANGES_ONLY.join(', ')}.`;
    fail('bad-request', `Query parameter only: ${message}`, {
      errors: [{ field: 'only', message }],
    });
  }
  const clampFrom = url.searchParams.get('clamp') === '1';
  const { hub, scope } = await requireScope(viewer, requestedCluster({ url, params }));
  return reply.json(
    await changesBetween(
      scope,
      { from, to, clampFrom, ...(namespace !== undefined ? { namespace } : {}) },
      now,
      hub,
      only,
    ),
  );
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
