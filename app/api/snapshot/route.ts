/**
 * `GET /api/snapshot[?at=ISO]`: the incident snapshot — every record the viewer may see at that
 * instant (now when `at` is omitted; a recorded snapshot's own instant when the dashboard shows
 * one), with the cluster's info and the Service trails of the hour before it
 * (lib/history/snapshot-trail.ts) and, for now, the DNS answers its ExternalName Services were
 * diagnosed with (the very ones `/api/dns` gives; a past instant has none, as nothing records
 * past lookups; a recorded snapshot keeps its own), as a JSON attachment (`switchboard.snapshot/v1`,
 * lib/history/snapshot.ts) that `switchboard view FILE` opens.
 * A malformed or future `at` is a 400; one older than the retained history a 410
 * `before-retained-history` problem with `retainedSince`.
 */
import { visibleRecords } from '@/lib/access/scope';
import { resolveExternalNames } from '@/lib/diagnostics/server';
import { recordsAt, snapshotTrailAt } from '@/lib/history/answers';
import { pastInstant } from '@/lib/history/at';
import { makeSnapshot } from '@/lib/history/snapshot';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope, requireSyncedHub } from '@/lib/http/cluster';
import { jsonStream } from '@/lib/k8s/json-pieces';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A file name from the cluster's name and the instant, safe in any file system. */
function fileName(cluster: string, at: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `switchboard-${safe(cluster)}-${safe(at.replace(/[:.]/g, ''))}.json`;
}

export const GET = apiRoute({ guard: 'none' }, async ({ url, params, viewer }) => {
  const now = Date.now();
  const at = pastInstant(url, 'at', now);
  const clusterId = requestedCluster({ url, params });
  const { hub: named, scope } = await requireScope(viewer, clusterId);
  // A recorded snapshot (`switchboard view`) is saved again as it was: its instant, not now.
  const recorded = named.info.snapshot;
  let snapshot;
  if (at === undefined && !recorded) {
    // Now: the synced cache itself (not the journal, which is ~200 ms behind when durable).
    const hub = await requireSyncedHub(clusterId);
    snapshot = makeSnapshot(
      hub.infoFor(scope),
      now,
      now,
      visibleRecords(scope, hub.cache.records()),
      await snapshotTrailAt(hub, scope, now),
      await resolveExternalNames(scope, hub),
    );
  } else {
    const when = at ?? Date.parse(recorded!.at);
    const answer = await recordsAt(named, scope, when, now);
    const { snapshot: _origin, ...cluster } = answer.cluster;
    const takenAt = recorded ? Date.parse(recorded.takenAt) : now;
    const trail = await snapshotTrailAt(named, scope, when);
    // Only a recording carries answers of its instant; those it lacked stay absent.
    const carried = named.recordedDns ?? {};
    const dns = Object.fromEntries(
      Object.entries(await resolveExternalNames(scope, named)).filter(([host]) => host in carried),
    );
    snapshot = makeSnapshot(cluster, when, takenAt, answer.records, trail, dns);
  }
  return reply.response(
    new Response(jsonStream(snapshot), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName(snapshot.cluster.name, snapshot.at)}"`,
        'Cache-Control': 'no-store',
      },
    }),
  );
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
