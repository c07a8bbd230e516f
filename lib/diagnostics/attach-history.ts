/**
 * Connects a change trail (service-history.ts) to a cluster cache: what the cache holds now is
 * the baseline, every later batch is fed in order, and batches that arrive before the first
 * complete sync still count as the baseline (an object listed late is not a "change").
 *
 * Contract: one history per cache; the caller keeps the returned `detach` if it ever stops
 * listening. The server (server.ts) and the integration tests wire it the same way through here.
 */
import type { ChangeBatch } from '../k8s/cache';
import type { SlimRecord } from '../topology/records';
import { ServiceHistory } from './service-history';

export interface HistorySource {
  records(): SlimRecord[];
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
}

export function attachHistory(
  cache: HistorySource,
  isSynced: () => boolean,
  history = new ServiceHistory(),
): { history: ServiceHistory; detach: () => void } {
  history.apply({ upserts: cache.records(), deletes: [] }, { initial: true });
  const detach = cache.subscribe((batch) => history.apply(batch, { initial: !isSynced() }));
  return { history, detach };
}
