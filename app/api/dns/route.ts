/**
 * `GET /api/dns`: the server's DNS answers for every ExternalName target in the cluster (cached
 * per name), so the browser's diagnosis can flag `external-name-unresolved` on the map.
 */
import { connection } from 'next/server';
import { resolveExternalNames } from '@/lib/diagnostics/server';

export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  await connection();
  try {
    return Response.json(await resolveExternalNames(), {
      headers: { 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    return Response.json(
      { message: error instanceof Error ? error.message : String(error) },
      { status: 503 },
    );
  }
}
