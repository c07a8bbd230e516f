/**
 * `GET /api/services/<namespace>/<name>/timeline[?since=ISO][&at=ISO]`: the Service's endpoint
 * changes and related Kubernetes Events kept by the server (bounded: 24 h / 500 entries), and,
 * with `at`, its endpoints as they were at that time.
 */
import { connection } from 'next/server';
import { serviceTimeline } from '@/lib/diagnostics/server';

export const runtime = 'nodejs';

function parseTime(value: string | null): number | undefined {
  if (!value) return undefined;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export async function GET(
  request: Request,
  { params }: { params: Promise<{ namespace: string; name: string }> },
): Promise<Response> {
  await connection();
  const { namespace, name } = await params;
  const url = new URL(request.url);
  const sinceMs = parseTime(url.searchParams.get('since'));
  const at = parseTime(url.searchParams.get('at'));
  try {
    return Response.json(
      serviceTimeline(namespace, name, {
        ...(sinceMs !== undefined ? { sinceMs } : {}),
        ...(at !== undefined ? { at } : {}),
      }),
      { headers: { 'Cache-Control': 'no-store' } },
    );
  } catch (error) {
    return Response.json(
      { message: error instanceof Error ? error.message : String(error) },
      { status: 503 },
    );
  }
}
