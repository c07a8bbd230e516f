import 'server-only';
/**
 * `GET /api/stream` and `/api/clusters/<cluster>/stream`: one Server-Sent-Events stream per tab
 * (lib/stream/protocol.ts), served by pages/api/ on Node's response (lib/http/node-answer.ts).
 *
 * Thin: the hub (lib/k8s/hub.ts) does the work. A snapshot first, unless `Last-Event-ID` can be
 * resumed from the hub's buffer; the client is released when the request aborts or the stream
 * is cancelled. Without a usable cluster configuration the stream still answers 200 — an
 * EventSource cannot read an error body — with one snapshot whose sync state carries the error,
 * and asks EventSource to retry slowly. A signed-in person gets only what their scope shows
 * (lib/access/), re-checked while the stream is open (lib/access/stream-scope.ts).
 * The page names the protocol version it speaks (`?v=2`); a page from before versions (no `v`,
 * or `v=1`) is told to reload in a stream it understands, any other version is a 400
 * (lib/stream/protocol.ts). Every answer is gzip-compressed per tab when the request accepts it
 * (lib/http/stream-compression.ts), labelled so on that answer only, and
 * `switchboard_sse_bytes_sent_total` counts the hub stream's bytes as they go on the wire.
 */
import { scopeOf } from '@/lib/access/server';
import { keepScopeCurrent } from '@/lib/access/stream-scope';
import { apiRoute, fail, reply } from '@/lib/http/api-route';
import { failUnknownCluster, requireAccess, requestedCluster } from '@/lib/http/cluster';
import { encodeForWire, gzipAnswers } from '@/lib/http/stream-compression';
import { getDashboardHub, unconfiguredState } from '@/lib/k8s/server';
import { opsMetrics } from '@/lib/ops/metrics';
import { STREAM_PROTOCOL_VERSION } from '@/lib/stream/protocol';
import { encodeRefusal, encodeSseFrame, encodeStreamEvent } from '@/lib/stream/sse';

const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

const answer = apiRoute({ guard: 'none' }, async ({ request, url, params, viewer }) => {
  const version = url.searchParams.get('v');
  if (version === null || version === '1') {
    return reply.response(new Response(encodeRefusal(), { headers: HEADERS }));
  }
  if (version !== String(STREAM_PROTOCOL_VERSION)) {
    fail(
      'bad-request',
      `This server speaks stream protocol version ${STREAM_PROTOCOL_VERSION}, not ${JSON.stringify(version)}.`,
    );
  }
  const cluster = requestedCluster({ url, params });
  let hub;
  try {
    hub = getDashboardHub(cluster);
  } catch (err) {
    failUnknownCluster(err);
    const state = unconfiguredState(err);
    const body =
      encodeSseFrame({ retry: 10_000 }) +
      encodeStreamEvent({ type: 'snapshot', ...state, records: [] }, '0');
    return reply.response(new Response(body, { headers: HEADERS }));
  }
  const lastEventId = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
  const scope = await requireAccess(viewer, cluster);
  const subscription = hub.subscribe({ lastEventId, scope });
  const stopChecking = keepScopeCurrent(hub, subscription, viewer, scope, {
    scopeOf: (v) => scopeOf(v, cluster),
  });
  request.signal.addEventListener(
    'abort',
    () => {
      stopChecking();
      subscription.close();
    },
    { once: true },
  );
  // Encoded here rather than by `gzipAnswers`, so that what goes on the wire is counted.
  const sent = (bytes: number) => opsMetrics().sseBytes.inc({ cluster: hub.clusterId }, bytes);
  return reply.response(
    encodeForWire(request, new Response(subscription.stream, { headers: HEADERS }), sent),
  );
});

// Every answer gzip-compressed for a tab that accepts it (lib/http/stream-compression.ts).
export const GET = gzipAnswers(answer);
