/**
 * What the emulator serves: one entry per resource with the facts discovery, OpenAPI, the Table
 * printers and authorization need (group, version, kind, scope, verbs, short names, categories,
 * subresources). Verbs, short names and categories are upstream's for 1.27–1.33.
 */
import type { ResourceName } from '../core/types';

export interface SubresourceInfo {
  name: 'status' | 'scale' | 'binding' | 'finalize';
  kind: string;
  /** For scale: the response kind's group/version (autoscaling/v1 Scale). */
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceInfo {
  resource: ResourceName;
  group: string;
  version: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources: SubresourceInfo[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB = ['get', 'patch', 'update'];

export const RESOURCES: ResourceInfo[] = [
  {
    resource: 'endpoints',
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    listKind: 'EndpointsList',
    singular: 'endpoints',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['ep'],
    subresources: [],
  },
  {
    resource: 'events',
    group: '',
    version: 'v1',
    kind: 'Event',
    listKind: 'EventList',
    singular: 'event',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['ev'],
    subresources: [],
  },
  {
    resource: 'namespaces',
    group: '',
    version: 'v1',
    kind: 'Namespace',
    listKind: 'NamespaceList',
    singular: 'namespace',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    subresources: [
      { name: 'finalize', kind: 'Namespace', verbs: ['update'] },
      { name: 'status', kind: 'Namespace', verbs: SUB },
    ],
  },
  {
    resource: 'nodes',
    group: '',
    version: 'v1',
    kind: 'Node',
    listKind: 'NodeList',
    singular: 'node',
    namespaced: false,
    verbs: CRUD,
    shortNames: ['no'],
    subresources: [{ name: 'status', kind: 'Node', verbs: SUB }],
  },
  {
    resource: 'pods',
    group: '',
    version: 'v1',
    kind: 'Pod',
    listKind: 'PodList',
    singular: 'pod',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'status', kind: 'Pod', verbs: SUB },
    ],
  },
  {
    resource: 'services',
    group: '',
    version: 'v1',
    kind: 'Service',
    listKind: 'ServiceList',
    singular: 'service',
    namespaced: true,
    // Upstream services have no deletecollection verb.
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'Service', verbs: SUB }],
  },
  {
    resource: 'deployments',
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    listKind: 'DeploymentList',
    singular: 'deployment',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: SUB },
      { name: 'status', kind: 'Deployment', verbs: SUB },
    ],
  },
  {
    resource: 'replicasets',
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    listKind: 'ReplicaSetList',
    singular: 'replicaset',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: SUB },
      { name: 'status', kind: 'ReplicaSet', verbs: SUB },
    ],
  },
  {
    resource: 'endpointslices',
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    listKind: 'EndpointSliceList',
    singular: 'endpointslice',
    namespaced: true,
    verbs: CRUD,
    subresources: [],
  },
];

/** Resources that are not stored objects: only `create` of a review. */
export const SSAR_RESOURCE = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'selfsubjectaccessreviews',
  kind: 'SelfSubjectAccessReview',
  singular: 'selfsubjectaccessreview',
  verbs: ['create'],
};

export const GROUP_VERSIONS: { group: string; version: string }[] = [
  { group: 'apps', version: 'v1' },
  { group: 'discovery.k8s.io', version: 'v1' },
  { group: 'authorization.k8s.io', version: 'v1' },
];

export function resourceInfo(resource: ResourceName): ResourceInfo {
  const info = RESOURCES.find((r) => r.resource === resource);
  if (!info) throw new Error(`unknown resource ${resource}`);
  return info;
}

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}
