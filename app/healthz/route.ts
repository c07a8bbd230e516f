/**
 * `GET /healthz`: 200 `{ ok: true, connection }` once every required kind has completed its
 * initial list; otherwise a 503 problem with the kinds still `pending`, the `connection` state
 * and the `lastError`. Starts the hub if needed. Unguarded: probes come from anywhere.
 */
import { apiRoute, fail, reply } from '@/lib/http/api-route';
import { requireHub } from '@/lib/http/cluster';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async () => {
  const hub = requireHub();
  hub.start();
  const sync = hub.getSyncState();
  if (hub.isSynced()) return reply.json({ ok: true, connection: sync.connection });
  const pending = hub.pendingKinds();
  return fail('cluster-unavailable', `Still waiting for the first list of ${pending.join(', ')}.`, {
    pending,
    connection: sync.connection,
    ...(sync.lastError ? { lastError: sync.lastError } : {}),
  });
});
