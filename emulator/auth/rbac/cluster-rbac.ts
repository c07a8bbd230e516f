/**
 * RBAC as one running cluster uses it, composed over its object store: the cluster authorizer
 * (system:masters, then RBAC) and rule resolver every request and access review asks, the
 * bootstrap run at start, the aggregation controller, and the escalation guard the write path
 * calls before storing a Role, ClusterRole, RoleBinding or ClusterRoleBinding.
 */
import type { ApiError } from '../../core/errors';
import type { Controller, KubeObject } from '../../core/types';
import type { Authorizer, UserInfo } from '../types';
import { createClusterRoleAggregationController } from './aggregation-controller';
import { ensureBootstrapPolicy, type BootstrapReport } from './bootstrap';
import { createClusterAuthorizer, type ClusterAuthorizer } from './cluster-authorizer';
import { checkBindingWrite, checkRoleWrite, type EscalationContext } from './escalation';
import { storeRbacSource, type RbacStore } from './store-source';
import type { ClusterRole, RoleBinding } from './types';

/** Who writes what, as the write path knows it. */
export interface RbacWrite {
  user: UserInfo;
  /** The request's namespace; empty for cluster-scoped requests. */
  namespace: string;
  /** The name in the request URL (empty on create). */
  requestName: string;
  /** The plural resource being written (anything; only the four RBAC resources are guarded). */
  resource: string;
  object: KubeObject;
  /** The stored object an update replaces; undefined on create. */
  previous?: KubeObject;
}

export interface ClusterRbac {
  authorizer: ClusterAuthorizer;
  aggregationController: Controller;
  /** Creates or reconciles the default roles and bindings (kube-apiserver's rbac/bootstrap-roles). */
  bootstrap(): BootstrapReport;
  /** The 403/404 that refuses an escalating RBAC write, or undefined to let it through. */
  checkWrite(write: RbacWrite): ApiError | undefined;
}

/**
 * `wholeAuthorizer` is the cluster's complete authorizer when RBAC is one part of a larger union:
 * the escalation checks ask it about `escalate` and `bind`, as upstream's policy-based storages
 * ask kube-apiserver's whole authorizer. Default: this cluster authorizer.
 */
export function createClusterRbac(
  store: RbacStore,
  wholeAuthorizer?: () => Authorizer,
): ClusterRbac {
  const source = storeRbacSource(store);
  const authorizer = createClusterAuthorizer(source);
  return {
    authorizer,
    aggregationController: createClusterRoleAggregationController(store),
    bootstrap: () => ensureBootstrapPolicy(store),
    checkWrite(write) {
      const ctx: EscalationContext = {
        user: write.user,
        namespace: write.namespace,
        requestName: write.requestName,
        authorizer: wholeAuthorizer?.() ?? authorizer,
        source,
      };
      switch (write.resource) {
        case 'roles':
        case 'clusterroles':
          return checkRoleWrite(
            ctx,
            write.resource,
            write.object as ClusterRole,
            write.previous as ClusterRole | undefined,
          );
        case 'rolebindings':
        case 'clusterrolebindings':
          return checkBindingWrite(
            ctx,
            write.resource,
            write.object as RoleBinding,
            write.previous as RoleBinding | undefined,
          );
        default:
          return undefined;
      }
    },
  };
}
