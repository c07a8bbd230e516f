/**
 * GET /api/external-services/context?namespace=NS — what the form needs before anyone types
 * (lib/api/write-results.ts `FormContext`): read-only mode, the existing namespaces, and whether
 * this user may create services, endpointslices and endpoints in NS (SelfSubjectAccessReview).
 */
import type { FormContext } from '@/lib/api/write-results';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requireWriteDeps } from '@/lib/http/cluster';
import { accessForCreate, listNamespaces } from '@/lib/k8s/write';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const GET = apiRoute({ guard: 'read' }, async ({ url }) => {
  const deps = requireWriteDeps();
  if (deps.readOnly) {
    const context: FormContext = { readOnly: true, namespaces: [], access: null };
    return reply.json(context);
  }
  const namespaces = await listNamespaces(deps.send);
  const wanted = url.searchParams.get('namespace');
  const namespace =
    wanted && namespaces.includes(wanted)
      ? wanted
      : namespaces.includes('default')
        ? 'default'
        : (namespaces[0] ?? 'default');
  const context: FormContext = {
    readOnly: false,
    namespaces,
    access: await accessForCreate(deps, namespace),
  };
  return reply.json(context);
});
