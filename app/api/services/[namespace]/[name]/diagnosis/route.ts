/**
 * `GET /api/services/<namespace>/<name>/diagnosis`: why this Service routes (or not), as JSON —
 * health, reason codes, one-line explanations, evidence and kubectl commands (lib/topology/
 * diagnosis/), with the server's DNS check for ExternalName Services. 404 for an unknown
 * Service.
 */
import { connection } from 'next/server';
import { diagnoseOne } from '@/lib/diagnostics/server';

export const runtime = 'nodejs';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ namespace: string; name: string }> },
): Promise<Response> {
  await connection();
  const { namespace, name } = await params;
  try {
    const diagnosis = await diagnoseOne(namespace, name);
    if (!diagnosis) {
      return Response.json(
        { message: `service "${name}" not found in namespace "${namespace}"` },
        { status: 404 },
      );
    }
    return Response.json(diagnosis, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return Response.json(
      { message: error instanceof Error ? error.message : String(error) },
      { status: 503 },
    );
  }
}
