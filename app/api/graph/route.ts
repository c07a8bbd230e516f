/**
 * `GET /api/graph`: the topology model (lib/topology/index.ts) of the cached cluster as one JSON
 * document, with the cluster info, the sync state and each Service's diagnosis (with the server's
 * DNS answers for ExternalName targets) — of what the viewer may see (lib/access/).
 *
 * Waits up to 5 s for the initial sync so a fresh server answers with data, and then answers
 * with what it has (the `sync` member says how complete that is); the body is streamed in
 * pieces (no single giant string on big clusters). 503 when no cluster can be configured.
 * The dashboard's own view (`EVERYTHING`) comes from the hub's maintained model
 * (lib/k8s/hub-model.ts): only Services changed since the last answer are recomputed. A person's
 * narrower view is built from what they may see.
 */
import { visibleSnapshot } from '@/lib/access/scope';
import { scopeOf } from '@/lib/access/server';
import { resolveExternalNames } from '@/lib/diagnostics/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requireHub } from '@/lib/http/cluster';
import { modelOf } from '@/lib/k8s/hub-model';
import { jsonStream } from '@/lib/k8s/json-pieces';
import { buildTopologyWithDiagnoses } from '@/lib/topology';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ viewer }) => {
  const hub = requireHub();
  await hub.waitForSync(5000);
  const scope = await scopeOf(viewer);
  // The same DNS answers the map gets (/api/dns), so scripts and the page agree on ExternalNames.
  const dnsResults = await resolveExternalNames(scope);
  const { topology, diagnoses } = scope.everything
    ? modelOf(hub.cache).topologyWithDiagnoses(dnsResults)
    : buildTopologyWithDiagnoses(visibleSnapshot(scope, hub.getClusterSnapshot()), { dnsResults });
  const body = { cluster: hub.infoFor(scope), sync: hub.syncFor(scope), topology, diagnoses };
  return reply.response(
    new Response(jsonStream(body), {
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    }),
  );
});
