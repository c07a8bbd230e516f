/**
 * Connects a change trail (service-history.ts) to a cluster cache: what the cache holds now is
 * the baseline, every later batch is fed in order, and a kind's batches that arrive before its
 * own first list completed still count as the baseline — per kind, because optional kinds
 * (workloads, Events) may finish listing after the map is live, and a Deployment listed late is
 * not a Deployment "created".
 *
 * Contract: one history per cache; the caller keeps the returned `detach` if it ever stops
 * listening. The server (server.ts) and the integration tests wire it the same way through here.
 */
import type { ChangeBatch } from '../k8s/cache';
import type { Hub } from '../k8s/hub';
import type { RecordKind, SlimRecord } from '../topology/records';
import { ServiceHistory } from './service-history';

export interface HistorySource {
  records(): SlimRecord[];
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
}

export function attachHistory(
  cache: HistorySource,
  /** Whether `kind` has completed its first list (the cache emits one kind per batch). */
  kindSynced: (kind: RecordKind) => boolean,
  history = new ServiceHistory(),
): { history: ServiceHistory; detach: () => void } {
  history.apply({ upserts: cache.records(), deletes: [] }, { initial: true });
  const detach = cache.subscribe((batch) => {
    const kind = batch.upserts[0]?.kind ?? batch.deletes[0]?.kind;
    history.apply(batch, { initial: kind !== undefined && !kindSynced(kind) });
  });
  return { history, detach };
}

/** A hub's answer to "has this kind completed its first list?". */
export function hubKindSynced(hub: Pick<Hub, 'getSyncState'>): (kind: RecordKind) => boolean {
  return (kind) => hub.getSyncState().kinds[kind]?.synced ?? false;
}
