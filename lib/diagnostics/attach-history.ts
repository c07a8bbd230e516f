/**
 * Connects a change trail (service-history.ts) to a cluster cache: what the cache holds now is
 * the baseline, every later batch is fed in order, and a batch the cache marks `initial` (a
 * kind's first complete list, lib/k8s/cache.ts) still counts as the baseline — per kind, because
 * optional kinds (workloads, Events) may finish listing after the map is live, and a Deployment
 * listed late is not a Deployment "created".
 *
 * Contract: one history per cache; the caller keeps the returned `detach` if it ever stops
 * listening. The server (lib/history/server.ts) and the integration tests wire it the same way
 * through here.
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
  history = new ServiceHistory(),
): { history: ServiceHistory; detach: () => void } {
  history.apply({ upserts: cache.records(), deletes: [] }, { initial: true });
  const detach = cache.subscribe((batch) => {
    history.apply(batch, { initial: batch.initial === true });
  });
  return { history, detach };
}
