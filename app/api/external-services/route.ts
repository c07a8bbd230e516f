/**
 * POST /api/external-services — create the previewed selector-less Service and its endpoints.
 * Body: `{ input, hash }` (hash from the preview). Thin: guard, then lib/k8s/write.
 */
import { connection } from 'next/server';
import {
  audit,
  createExternalService,
  getWriteDeps,
  httpStatusOf,
  jsonResult,
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
    const value = (body.value ?? {}) as { input?: unknown; hash?: unknown };
    const result = await createExternalService(getWriteDeps(), {
      input: value.input,
      hash: value.hash,
    });
    audit('create', value.input, result);
    return jsonResult(result, httpStatusOf(result));
  } catch (error) {
    return unexpected(error);
  }
}
