/**
 * POST /api/external-services/preview — validate with cluster facts, check permission and dry-run
 * (dryRun=All) exactly what Create would send. Body: `{ input }`. Side-effect free in the cluster,
 * but guarded like a write: it runs with the dashboard's credentials.
 */
import { connection } from 'next/server';
import {
  audit,
  getWriteDeps,
  httpStatusOf,
  jsonResult,
  previewExternalService,
  readJsonBody,
  refuseForeignRequest,
  unexpected,
} from '@/lib/k8s/write';

export async function POST(request: Request): Promise<Response> {
  await connection();
  const refused = refuseForeignRequest(request);
  if (refused) {
    audit('refused-request', {}, { status: `refused ${refused.status}` });
    return refused;
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  try {
    const value = (body.value ?? {}) as { input?: unknown };
    const result = await previewExternalService(getWriteDeps(), value.input);
    audit('preview', value.input, result);
    return jsonResult(result, httpStatusOf(result));
  } catch (error) {
    return unexpected(error);
  }
}
