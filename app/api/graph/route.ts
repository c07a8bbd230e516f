/**
 * `GET /api/graph`: the topology model (lib/topology/index.ts) of the cached cluster as one JSON
 * document, with the cluster info, the sync state and each Service's diagnosis (with the server's
 * DNS answers for ExternalName targets).
 *
 * Waits up to 5 s for the initial sync so a fresh server answers with data; the body is
 * streamed in pieces (no single giant string on big clusters).
 */
import { connection } from 'next/server';
import { buildTopologyWithDiagnoses } from '@/lib/topology';
import { getDashboardHub, unconfiguredState } from '@/lib/k8s/server';
import { jsonStream } from '@/lib/k8s/json-pieces';
import { resolveExternalNames } from '@/lib/diagnostics/server';

export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  await connection();
  let hub;
  try {
    hub = getDashboardHub();
  } catch (err) {
    return Response.json({ ...unconfiguredState(err), topology: null }, { status: 503 });
  }
  await hub.waitForSync(5000);
  // The same DNS answers the map gets (/api/dns), so scripts and the page agree on ExternalNames.
  const dnsResults = await resolveExternalNames();
  const { topology, diagnoses } = buildTopologyWithDiagnoses(hub.getClusterSnapshot(), {
    dnsResults,
  });
  const body = { cluster: hub.info, sync: hub.getSyncState(), topology, diagnoses };
  return new Response(jsonStream(body), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
