/**
 * GET /api/external-services/endpoints?namespace=NS&name=N — a selector-less Service's addresses
 * and the resourceVersions the edit form must send back.
 * PUT — replace its addresses in place, with optimistic concurrency (lib/k8s/write/edit-endpoints).
 */
import { connection } from 'next/server';
import {
  audit,
  editEndpoints,
  getWriteDeps,
  httpStatusOf,
  jsonResult,
  readEndpointsForEdit,
  readJsonBody,
  refuseForeignRequest,
  unexpected,
} from '@/lib/k8s/write';

export async function GET(request: Request): Promise<Response> {
  await connection();
  const refused = refuseForeignRequest(request);
  if (refused) return refused;
  const params = new URL(request.url).searchParams;
  try {
    const result = await readEndpointsForEdit(
      getWriteDeps(),
      params.get('namespace') ?? '',
      params.get('name') ?? '',
    );
    return jsonResult(result, 'status' in result ? httpStatusOf(result) : 200);
  } catch (error) {
    return unexpected(error);
  }
}

export async function PUT(request: Request): Promise<Response> {
  await connection();
  const refused = refuseForeignRequest(request);
  if (refused) {
    audit('refused-request', {}, { status: `refused ${refused.status}` });
    return refused;
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  try {
    const result = await editEndpoints(getWriteDeps(), body.value);
    audit('edit-endpoints', body.value, result);
    return jsonResult(result, httpStatusOf(result));
  } catch (error) {
    return unexpected(error);
  }
}
