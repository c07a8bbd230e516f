/**
 * `GET /api/graph` (and `/api/clusters/<cluster>/graph`, or `?cluster=`): the topology model
 * (lib/topology/index.ts) of the cached cluster as one JSON document, with the cluster info,
 * the sync state and each Service's diagnosis (with the server's DNS answers for ExternalName
 * targets) — of what the viewer may see (lib/access/).
 *
 * Waits up to 5 s for the initial sync so a fresh server answers with data, and then answers
 * with what it has (the `sync` member says how complete that is); the body is streamed in
 * pieces (no single giant string on big clusters). 503 when no cluster can be configured.
 * The dashboard's own view (`EVERYTHING`) comes from the hub's maintained model
 * (lib/k8s/hub-model.ts): only Services changed since the last answer are recomputed. A person's
 * narrower view is built from what they may see.
 * With `?at=ISO` it answers the same body for that instant, rebuilt from the history's record
 * journal, plus `history: { at, now, retainedSince }` (lib/history/answers.ts `graphAt`).
 */
import type { GraphResponse } from '@/lib/api/history';
import { diagnosedTopology } from '@/lib/diagnostics/server';
import { graphAt } from '@/lib/history/answers';
import { pastInstant } from '@/lib/history/at';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope } from '@/lib/http/cluster';
import { jsonStream } from '@/lib/k8s/json-pieces';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, params, viewer }) => {
  const now = Date.now();
  const at = pastInstant(url, 'at', now);
  const { hub, scope } = await requireScope(viewer, requestedCluster({ url, params }));
  if (at !== undefined) return streamed(await graphAt(hub, scope, at, now));
  await hub.waitForSync(5000);
  const { topology, diagnoses } = await diagnosedTopology(hub, scope);
  const body: GraphResponse = {
    cluster: hub.infoFor(scope),
    sync: hub.syncFor(scope),
    topology,
    diagnoses,
  };
  return streamed(body);
});

function streamed(body: GraphResponse) {
  return reply.response(
    new Response(jsonStream(body), {
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    }),
  );
}

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
