/**
 * The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): whenever any
 * ClusterRole is added, changed or deleted, every ClusterRole with an aggregationRule is re-synced
 * (upstream requeues them all too: the set is small and the dependency graph unknown) and written
 * when its aggregated rules differ, as field manager `clusterrole-aggregation-controller`.
 *
 * Syncs run on setImmediate after the triggering write, batched: a burst of ClusterRole writes is
 * one pass. A pass whose writes change other aggregated roles' inputs (view feeds edit feeds
 * admin) triggers the next pass, until nothing changes. `syncAggregatedClusterRoles` is the pass
 * itself, also run once by the bootstrap so the default roles carry their rules from the start.
 */
import type { Controller } from '../../core/types';
import { aggregatedRules } from './aggregation';
import type { RbacStore } from './store-source';
import type { ClusterRole } from './types';

export const AGGREGATION_FIELD_MANAGER = 'clusterrole-aggregation-controller';

/** One pass over every aggregated ClusterRole; returns how many it rewrote. */
export function syncAggregatedClusterRoles(store: RbacStore): number {
  let written = 0;
  for (const listed of store.list('clusterroles') as ClusterRole[]) {
    if (!listed.aggregationRule) continue;
    const name = listed.metadata.name ?? '';
    // Re-read: an earlier write in this pass may have changed it or its inputs.
    const current = store.get('clusterroles', '', name) as ClusterRole | undefined;
    if (!current) continue;
    const rules = aggregatedRules(current, store.list('clusterroles') as ClusterRole[]);
    if (!rules) continue;
    store.update(
      'clusterroles',
      { ...structuredClone(current), rules },
      { fieldManager: AGGREGATION_FIELD_MANAGER },
    );
    written++;
  }
  return written;
}

export function createClusterRoleAggregationController(
  store: RbacStore,
  onError: (error: unknown) => void = (error) => console.error('clusterrole-aggregation:', error),
): Controller {
  let unsubscribe: (() => void) | undefined;
  let scheduled: NodeJS.Immediate | undefined;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (scheduled) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const schedule = () => {
    if (!unsubscribe || scheduled) return;
    scheduled = setImmediate(() => {
      scheduled = undefined;
      try {
        syncAggregatedClusterRoles(store);
      } catch (error) {
        onError(error);
      }
      settle();
    });
  };

  return {
    name: 'clusterrole-aggregation',
    start() {
      if (unsubscribe) return;
      unsubscribe = store.subscribe((event) => {
        if (event.resource === 'clusterroles') schedule();
      });
      schedule();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      settle();
    },
    idle() {
      if (!scheduled) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
