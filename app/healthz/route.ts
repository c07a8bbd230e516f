/**
 * `GET /healthz`: 200 `{ ok: true }` once every required kind has completed its initial list;
 * 503 with the kinds still pending (and the last error) otherwise. Starts the hub if needed.
 */
import { connection } from 'next/server';
import { getDashboardHub } from '@/lib/k8s/server';

export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  await connection();
  let hub;
  try {
    hub = getDashboardHub();
  } catch (err) {
    return Response.json(
      { ok: false, error: err instanceof Error ? err.message : String(err) },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  hub.start();
  const sync = hub.getSyncState();
  if (hub.isSynced()) {
    return Response.json(
      { ok: true, connection: sync.connection },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }
  return Response.json(
    {
      ok: false,
      pending: hub.pendingKinds(),
      connection: sync.connection,
      lastError: sync.lastError,
    },
    { status: 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
