import 'server-only';
/**
 * The hub's maintained model (lib/topology/live-model.ts): one per cluster cache, made on first
 * use from the cache's records and fed every change batch the cache emits from then on, so
 * `/api/graph`, the diagnosis, timeline, fix-preview and reachability routes (and so
 * `switchboard diagnose --dashboard`) answer from it instead of rebuilding from the whole cache.
 *
 * Contract: the model sees exactly the cache's records — it is made from `records()` and
 * subscribed in the same synchronous step, and the cache emits each change to subscribers
 * synchronously, so the two never diverge. It is the whole cluster, as the dashboard sees it:
 * answers for a person with a restricted scope are made by the caller from
 * `lib/access/scope.ts` `visibleSnapshot`, never from this. Made lazily, so a server nobody asks
 * a question of does not hold a second index of every pod. `hubModel` is the one the hub's
 * questions are asked of: its kinds not read yet are the hub's now (`Hub.unreadKinds`), so
 * nothing is judged from a kind still being listed.
 */
import { LiveModel } from '../topology/live-model';
import { followerOf, type ClusterCache } from './cache';
import type { Hub } from './hub';

/** The model of `cache` (the hub's: `hub.cache`); as it is, with no kind unread (`hubModel`). */
export const modelOf: (cache: ClusterCache) => LiveModel = followerOf(
  (records) => new LiveModel(records),
);

/** The model of `hub`'s cache, judging from the kinds the hub has read now. */
export function hubModel(hub: Pick<Hub, 'cache' | 'unreadKinds'>): LiveModel {
  const model = modelOf(hub.cache);
  model.setUnread(hub.unreadKinds());
  return model;
}
