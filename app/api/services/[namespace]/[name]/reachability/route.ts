/**
 * `POST /api/services/<namespace>/<name>/reachability`: one TCP connect from the Switchboard
 * server to each external endpoint of the Service, on demand (lib/diagnostics/reachability.ts
 * decides what may be probed). A POST because it makes the server send traffic: same-origin only.
 * Allowed in read-only mode — it changes nothing in the cluster.
 */
import { connection } from 'next/server';
import { probeService } from '@/lib/diagnostics/server';
import { refuseForeignRequest } from '@/lib/k8s/write/guard';

export const runtime = 'nodejs';

export async function POST(
  request: Request,
  { params }: { params: Promise<{ namespace: string; name: string }> },
): Promise<Response> {
  await connection();
  const refused = refuseForeignRequest(request);
  if (refused) return refused;
  const { namespace, name } = await params;
  const results = await probeService(namespace, name);
  if (!results) {
    return Response.json(
      { message: `service "${name}" not found in namespace "${namespace}"` },
      { status: 404 },
    );
  }
  return Response.json({ results }, { headers: { 'Cache-Control': 'no-store' } });
}
