/**
 * GET /api/external-services/context?namespace=NS — what the form needs before anyone types
 * (lib/api/write-results.ts `FormContext`): read-only mode, the namespaces it offers
 * (`namespacesForCreate`), and whether the viewer may create services, endpointslices and
 * endpoints in NS — and delete them, to roll back a half-made create: the very needs the preview
 * asks (`createNeeds`, lib/k8s/write/access.ts), SelfSubjectAccessReview sent as the viewer.
 */
import type { FormContext } from '@/lib/api/write-results';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { accessForCreate, namespacesForCreate } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const GET = apiRoute({ guard: 'read' }, async ({ url, params, viewer }) => {
  const deps = await requireWriteDeps(viewer, undefined, requestedCluster({ url, params }));
  if (deps.readOnly) {
    const context: FormContext = { readOnly: true, namespaces: [], access: null };
    return reply.json(context);
  }
  const namespaces = await namespacesForCreate(deps);
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

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
