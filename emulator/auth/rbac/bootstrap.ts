/**
 * Puts the bootstrap policy into a cluster at start, as kube-apiserver's `rbac/bootstrap-roles`
 * PostStartHook does (pkg/registry/rbac/rest/storage_rbac.go): each default ClusterRole and
 * ClusterRoleBinding is created when missing; an existing one is reconciled without removing
 * anything (missing rules, selectors, subjects, labels and annotations are added; a binding whose
 * roleRef changed is recreated) unless it is annotated `rbac.authorization.kubernetes.io/autoupdate:
 * "false"`. Then the aggregated roles are filled once, so `view`/`edit`/`admin` grant from the
 * first request rather than after the aggregation controller's first pass.
 *
 * Writes go straight to the store, as the apiserver's own loopback client (system:masters) would.
 */
import { syncAggregatedClusterRoles } from './aggregation-controller';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy';
import { computeReconciledRole, computeReconciledRoleBinding } from './reconcile';
import type { RbacStore } from './store-source';
import type { ClusterRole, ClusterRoleBinding } from './types';

const MAX_AGGREGATION_PASSES = 10;

export interface BootstrapReport {
  created: string[];
  updated: string[];
  recreated: string[];
  /** Objects that needed changes but opted out with autoupdate=false. */
  protected: string[];
}

export function ensureBootstrapPolicy(store: RbacStore): BootstrapReport {
  const report: BootstrapReport = { created: [], updated: [], recreated: [], protected: [] };
  for (const expected of bootstrapClusterRoles()) {
    const name = expected.metadata.name ?? '';
    const existing = store.get('clusterroles', '', name) as ClusterRole | undefined;
    if (!existing) {
      store.create('clusterroles', expected);
      report.created.push(`clusterroles/${name}`);
      continue;
    }
    const result = computeReconciledRole(existing, expected, false);
    if (result.operation === 'none') continue;
    if (result.protected) {
      report.protected.push(`clusterroles/${name}`);
      continue;
    }
    store.update('clusterroles', result.role);
    report.updated.push(`clusterroles/${name}`);
  }
  for (const expected of bootstrapClusterRoleBindings()) {
    const name = expected.metadata.name ?? '';
    const existing = store.get('clusterrolebindings', '', name) as ClusterRoleBinding | undefined;
    if (!existing) {
      store.create('clusterrolebindings', expected);
      report.created.push(`clusterrolebindings/${name}`);
      continue;
    }
    const result = computeReconciledRoleBinding(existing, expected, false);
    if (result.operation === 'none') continue;
    if (result.protected) {
      report.protected.push(`clusterrolebindings/${name}`);
    } else if (result.operation === 'recreate') {
      store.delete('clusterrolebindings', '', name);
      store.create('clusterrolebindings', expected);
      report.recreated.push(`clusterrolebindings/${name}`);
    } else {
      store.update('clusterrolebindings', result.binding);
      report.updated.push(`clusterrolebindings/${name}`);
    }
  }
  // Aggregated roles feed each other (view → edit → admin): repeat until nothing changes, with a
  // bound in case user-made aggregation rules select each other in a cycle.
  for (let pass = 0; pass < MAX_AGGREGATION_PASSES; pass++) {
    if (syncAggregatedClusterRoles(store) === 0) break;
  }
  return report;
}
