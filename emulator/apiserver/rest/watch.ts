/**
 * GET with `watch`: where the stream starts (synthetic ADDED events for RV unset/"0" or with
 * sendInitialEvents=true, a resume after RV N, or "now" for sendInitialEvents=false), bookmarks,
 * `timeoutSeconds`, and Table-wrapped events for kubectl. The stream itself — wire format,
 * history, selector transitions, slow-watcher limits — is emulator/core/watch.ts; this module
 * registers every open watch in the context so shutdown can end it.
 */
import type { ObjectFilter } from '../../core/field-selectors';
import type { KubeObject } from '../../core/types';
import { startWatch, type ActiveWatch } from '../../core/watch';
import { JSON_TYPE, TABLE_TYPE, wantsTable } from '../responses';
import type { RestContext, RestRequest } from './context';
import { validateListOptions, waitForFutureRV } from './list-options';
import { deprecationWarnings, tableOf } from './output';
import { parseBool, parseIntParam, parseResourceVersion } from './query';

export async function watch(
  ctx: RestContext,
  req: RestRequest,
  filter: ObjectFilter,
): Promise<Response> {
  const { url, route, request } = req;
  const { info } = route;
  validateListOptions(url, true);
  const q = url.searchParams;
  const rvParam = q.get('resourceVersion') ?? '';
  const sendInitialEvents = parseBool(q.get('sendInitialEvents'));
  const allowBookmarks = parseBool(q.get('allowWatchBookmarks')) === true;
  const timeoutSeconds = parseIntParam(q.get('timeoutSeconds'));
  let start: 'initial' | 'now' | number;
  if (sendInitialEvents === true) {
    if (rvParam && rvParam !== '0') await waitForFutureRV(ctx, parseResourceVersion(rvParam));
    start = 'initial';
  } else if (sendInitialEvents === false) {
    start = rvParam && rvParam !== '0' ? parseResourceVersion(rvParam) : 'now';
  } else if (!rvParam || rvParam === '0') {
    start = 'initial';
  } else {
    start = parseResourceVersion(rvParam);
  }
  if (typeof start === 'number') await waitForFutureRV(ctx, start);
  const table = wantsTable(request);
  const encodeObject = (_type: string, object: KubeObject): unknown => {
    if (!table) return object;
    const listMeta = { resourceVersion: object.metadata.resourceVersion ?? '' };
    return tableOf(ctx, info.resource, [object], listMeta, url) ?? object;
  };
  let active: ActiveWatch | undefined = undefined;
  active = startWatch({
    store: ctx.store,
    resource: info.resource,
    namespace: info.namespaced ? route.namespace : undefined,
    filter,
    start,
    initialEventsEndBookmark: sendInitialEvents === true,
    allowBookmarks,
    bookmarkIntervalMs: ctx.watchLimits.bookmarkIntervalMs,
    timeoutMs:
      timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
    maxQueuedEvents: ctx.watchLimits.maxQueuedEvents,
    slowGraceMs: ctx.watchLimits.slowGraceMs,
    encodeObject,
    signal: request.signal,
    onClose: () => {
      if (active) ctx.watches.delete(active);
    },
  });
  if (!active.isClosed()) {
    ctx.watches.set(active, {
      group: info.group,
      version: info.version,
      resource: info.resource,
      scope: route.name ? 'resource' : info.namespaced && route.namespace ? 'namespace' : 'cluster',
    });
  }
  const headers = new Headers({
    'Content-Type': table ? TABLE_TYPE : JSON_TYPE,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  for (const w of deprecationWarnings(ctx, info)) headers.append('Warning', w);
  return new Response(active.stream, { status: 200, headers });
}
