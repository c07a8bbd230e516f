/**
 * GET /api/external-services/context?namespace=NS — what the form needs before anyone types:
 * read-only mode, the existing namespaces, and whether this user may create services,
 * endpointslices and endpoints in NS (SelfSubjectAccessReview).
 */
import { connection } from 'next/server';
import {
  accessForCreate,
  getWriteDeps,
  jsonResult,
  listNamespaces,
  refuseForeignRequest,
  unexpected,
} from '@/lib/k8s/write';

export async function GET(request: Request): Promise<Response> {
  await connection();
  const refused = refuseForeignRequest(request);
  if (refused) return refused;
  try {
    const deps = getWriteDeps();
    if (deps.readOnly) return jsonResult({ readOnly: true, namespaces: [], access: null });
    const namespaces = await listNamespaces(deps.send);
    const wanted = new URL(request.url).searchParams.get('namespace');
    const namespace =
      wanted && namespaces.includes(wanted)
        ? wanted
        : namespaces.includes('default')
          ? 'default'
          : (namespaces[0] ?? 'default');
    const access = await accessForCreate(deps, namespace);
    return jsonResult({ readOnly: false, namespaces, access });
  } catch (error) {
    return unexpected(error);
  }
}
