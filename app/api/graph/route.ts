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
 * With `?at=ISO` it answers the same body for that instant, rebuilt from the history's record
 * journal, plus `history: { at, now, retainedSince }` (lib/history/answers.ts `graphAt`).
 */
import { visibleSnapshot } from '@/lib/access/scope';
import type { GraphResponse } from '@/lib/api/history';
import { scopeOf } from '@/lib/access/server';
import { resolveExternalNames } from '@/lib/diagnostics/server';
import { graphAt } from '@/lib/history/answers';
import { pastInstant } from '@/lib/history/at';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requireHub } from '@/lib/http/cluster';
import { modelOf } from '@/lib/k8s/hub-model';
import { jsonStream } from '@/lib/k8s/json-pieces';
import { buildTopologyWithDiagnoses } from '@/lib/topology';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, viewer }) => {
  const now = Date.now();
  const at = pastInstant(url, 'at', now);
  const hub = requireHub();
  if (at !== undefined) return streamed(await graphAt(hub, await scopeOf(viewer), at, now));
  await hub.waitForSync(5000);
  const scope = await scopeOf(viewer);
  // The same DNS answers the map gets (/api/dns), so scripts and the page agree on ExternalNames.
  const dnsResults = await resolveExternalNames(scope);
  const { topology, diagnoses } = scope.everything
    ? modelOf(hub.cache).topologyWithDiagnoses(dnsResults)
    : buildTopologyWithDiagnoses(visibleSnapshot(scope, hub.getClusterSnapshot()), { dnsResults });
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
