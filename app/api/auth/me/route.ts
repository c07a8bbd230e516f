/**
 * `GET /api/auth/me`: who this request is served as — the `ViewerInfo` (mode, name, groups;
 * never a credential), or the 401/403 problem that says why nobody is signed in.
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { viewerInfoOf } from '@/lib/auth/viewer';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'read' }, async ({ viewer }) =>
  reply.json(viewerInfoOf(viewer)),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
