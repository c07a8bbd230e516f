/**
 * The RBAC engine over the cluster's object store: the RbacSource the authorizer, the rules reviews
 * and the escalation checks read (upstream reads the same objects through informer listers), and
 * the narrow slice of the store the bootstrap and the aggregation controller write through.
 *
 * `RbacStore` names only what RBAC needs of emulator/core's ClusterStore, so this module works
 * against any store serving the four rbac.authorization.k8s.io/v1 resources.
 */
import type { KubeObject, StoreEvent, WriteOptions } from '../../core/types';
import type { ClusterRole, ClusterRoleBinding, RbacSource, Role, RoleBinding } from './types';

export type RbacResource = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';

export interface RbacStore {
  get(resource: RbacResource, namespace: string, name: string): KubeObject | undefined;
  list(resource: RbacResource, namespace?: string): KubeObject[];
  create(resource: RbacResource, object: KubeObject, options?: WriteOptions): KubeObject;
  update(resource: RbacResource, object: KubeObject, options?: WriteOptions): KubeObject;
  delete(resource: RbacResource, namespace: string, name: string): KubeObject;
  subscribe(
    listener: (event: Pick<StoreEvent, 'type' | 'object'> & { resource: string }) => void,
  ): () => void;
}

export function storeRbacSource(store: Pick<RbacStore, 'get' | 'list'>): RbacSource {
  return {
    clusterRole: (name) => store.get('clusterroles', '', name) as ClusterRole | undefined,
    role: (namespace, name) => store.get('roles', namespace, name) as Role | undefined,
    clusterRoles: () => store.list('clusterroles') as ClusterRole[],
    clusterRoleBindings: () => store.list('clusterrolebindings') as ClusterRoleBinding[],
    roleBindings: (namespace) => store.list('rolebindings', namespace) as RoleBinding[],
  };
}
