/**
 * The one resource registry: every resource the embedded apiserver serves, defined once, with
 * both the registry facts the store and the request handlers need (scope, status/scale
 * subresources, generation, create-on-update, what DELETE returns — upstream's
 * pkg/registry/<group>/<resource>/strategy.go and storage.go) and the discovery facts discovery,
 * OpenAPI, Tables and authorization read (verbs, short names, categories, singular name,
 * subresource kinds — what a 1.27–1.33 apiserver lists in /api/v1 and /apis/<group>/<version>).
 *
 * A new kind is added here (and to `ResourceName` in ./types.ts); the compiler then points at
 * every per-resource table that needs an entry (strategies, printers, schemas).
 * Imports nothing outside core/.
 */
import type { ResourceName } from './types';

export type SubresourceName =
  | 'status'
  | 'scale'
  | 'attach'
  | 'binding'
  | 'eviction'
  | 'exec'
  | 'finalize'
  | 'log'
  | 'portforward'
  | 'token';

export interface SubresourceInfo {
  name: SubresourceName;
  kind: string;
  /** When the subresource answers another group's kind (scale: autoscaling/v1 Scale). */
  group?: string;
  version?: string;
  verbs: string[];
}

/** What discovery and OpenAPI list for a resource, stored or not. */
export interface ServedResource {
  resource: string;
  group: string;
  version: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources: SubresourceInfo[];
  /** The first minor version that serves it (default: every served minor). */
  since?: number;
}

/** A stored resource: its discovery facts and its registry behaviour. */
export interface ResourceInfo extends ServedResource {
  resource: ResourceName;
  /** `v1` or `apps/v1`. */
  apiVersion: string;
  listKind: string;
  /** Has a /status subresource: main-resource writes ignore .status, /status writes only it. */
  hasStatus: boolean;
  /** Has a /scale subresource (autoscaling/v1 Scale over spec.replicas). */
  hasScale: boolean;
  /** metadata.generation is maintained (starts at 1, bumps on spec changes). */
  generation: 'spec' | 'non-metadata' | 'none';
  /**
   * PUT of a missing object creates it (upstream AllowCreateOnUpdate): services, endpoints,
   * events and the four RBAC kinds; every other served registry answers 404.
   */
  allowCreateOnUpdate: boolean;
  /** DELETE answers the deleted object instead of a Success Status (ReturnDeletedObject). */
  returnDeletedObject: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB_VERBS = ['get', 'patch', 'update'];

const status = (kind: string): SubresourceInfo => ({ name: 'status', kind, verbs: SUB_VERBS });
const scale: SubresourceInfo = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: SUB_VERBS,
};

interface Definition {
  group: string;
  kind: string;
  namespaced: boolean;
  /** Default: the kind in lower case. */
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: SubresourceInfo[];
  generation?: ResourceInfo['generation'];
  allowCreateOnUpdate?: boolean;
  returnDeletedObject?: boolean;
}

function define(resource: ResourceName, d: Definition): ResourceInfo {
  const version = 'v1';
  const subresources = d.subresources ?? [];
  const info: ResourceInfo = {
    resource,
    group: d.group,
    version,
    apiVersion: d.group ? `${d.group}/${version}` : version,
    kind: d.kind,
    listKind: `${d.kind}List`,
    singular: d.singular ?? d.kind.toLowerCase(),
    namespaced: d.namespaced,
    verbs: d.verbs ?? CRUD,
    subresources,
    hasStatus: subresources.some((s) => s.name === 'status'),
    hasScale: subresources.some((s) => s.name === 'scale'),
    generation: d.generation ?? 'none',
    allowCreateOnUpdate: d.allowCreateOnUpdate ?? false,
    returnDeletedObject: d.returnDeletedObject ?? false,
  };
  if (d.shortNames) info.shortNames = d.shortNames;
  if (d.categories) info.categories = d.categories;
  return info;
}

export const RESOURCES: Record<ResourceName, ResourceInfo> = {
  namespaces: define('namespaces', {
    group: '',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    // Namespaces have no deletecollection (pkg/registry/core/namespace/storage).
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, status('Namespace')],
    returnDeletedObject: true,
  }),
  nodes: define('nodes', {
    group: '',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: [status('Node')],
  }),
  pods: define('pods', {
    group: '',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    // pods/eviction answers policy/v1 Eviction, where `kubectl drain` looks for it; pods/log an
    // empty log (apiserver/rest/pod-log.ts); exec, attach and portforward why they cannot
    // connect (apiserver/rest/pod-connect.ts).
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      status('Pod'),
    ],
    returnDeletedObject: true,
  }),
  services: define('services', {
    group: '',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    // Discovery lists no deletecollection for services (pkg/registry/core/service/storage).
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [status('Service')],
    // The service registry never sets metadata.generation (pkg/registry/core/service/strategy.go),
    // and a PUT of a missing Service creates it, allocation included (svcStrategy
    // AllowCreateOnUpdate), which `kubectl replace` relies on.
    allowCreateOnUpdate: true,
    returnDeletedObject: true,
  }),
  endpoints: define('endpoints', {
    group: '',
    kind: 'Endpoints',
    namespaced: true,
    singular: 'endpoints',
    shortNames: ['ep'],
    allowCreateOnUpdate: true,
  }),
  endpointslices: define('endpointslices', {
    group: 'discovery.k8s.io',
    kind: 'EndpointSlice',
    namespaced: true,
    generation: 'non-metadata',
  }),
  events: define('events', {
    group: '',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    allowCreateOnUpdate: true,
  }),
  deployments: define('deployments', {
    group: 'apps',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [scale, status('Deployment')],
    generation: 'spec',
  }),
  replicasets: define('replicasets', {
    group: 'apps',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [scale, status('ReplicaSet')],
    generation: 'spec',
  }),
  statefulsets: define('statefulsets', {
    group: 'apps',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [scale, status('StatefulSet')],
    generation: 'spec',
  }),
  daemonsets: define('daemonsets', {
    group: 'apps',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [status('DaemonSet')],
    generation: 'spec',
  }),
  // Written by the StatefulSet and DaemonSet controllers; read by `kubectl rollout history/undo`.
  controllerrevisions: define('controllerrevisions', {
    group: 'apps',
    kind: 'ControllerRevision',
    namespaced: true,
  }),
  configmaps: define('configmaps', {
    group: '',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  }),
  serviceaccounts: define('serviceaccounts', {
    group: '',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
    // TokenRequest (`kubectl create token`): served by the chain, never stored.
    subresources: [
      {
        name: 'token',
        kind: 'TokenRequest',
        group: 'authentication.k8s.io',
        version: 'v1',
        verbs: ['create'],
      },
    ],
  }),
  // The RBAC registries create on update (pkg/registry/rbac/*/strategy.go AllowCreateOnUpdate),
  // which `kubectl auth reconcile` relies on.
  roles: define('roles', {
    group: 'rbac.authorization.k8s.io',
    kind: 'Role',
    namespaced: true,
    allowCreateOnUpdate: true,
  }),
  clusterroles: define('clusterroles', {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    namespaced: false,
    allowCreateOnUpdate: true,
  }),
  rolebindings: define('rolebindings', {
    group: 'rbac.authorization.k8s.io',
    kind: 'RoleBinding',
    namespaced: true,
    allowCreateOnUpdate: true,
  }),
  clusterrolebindings: define('clusterrolebindings', {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRoleBinding',
    namespaced: false,
    allowCreateOnUpdate: true,
  }),
  networkpolicies: define('networkpolicies', {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
    namespaced: true,
    shortNames: ['netpol'],
    generation: 'spec',
  }),
  poddisruptionbudgets: define('poddisruptionbudgets', {
    group: 'policy',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: [status('PodDisruptionBudget')],
    generation: 'spec',
  }),
  // Node heartbeats: the simulated kubelet keeps one per Node in kube-node-lease.
  leases: define('leases', {
    group: 'coordination.k8s.io',
    kind: 'Lease',
    namespaced: true,
  }),
  // Served so that clients which look for CustomResourceDefinitions (kubectl's validation does,
  // for any kind it cannot check by OpenAPI) find the list they expect; the embedded cluster
  // serves no custom resources, so its strategy refuses to store one.
  customresourcedefinitions: define('customresourcedefinitions', {
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: [status('CustomResourceDefinition')],
    generation: 'spec',
  }),
};

export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

export const NAMESPACED_RESOURCES = RESOURCE_NAMES.filter((r) => RESOURCES[r].namespaced);

/**
 * Resources that are not stored: a client only creates a review and reads the answer. They are
 * listed in discovery and OpenAPI like the stored ones.
 */
export const REVIEW_RESOURCES: ServedResource[] = [
  // authentication.k8s.io/v1 SelfSubjectReview is GA from 1.28 (beta in 1.27, not listed here).
  { ...review('authentication.k8s.io', 'SelfSubjectReview'), since: 28 },
  review('authentication.k8s.io', 'TokenReview'),
  review('authorization.k8s.io', 'LocalSubjectAccessReview', true),
  review('authorization.k8s.io', 'SelfSubjectAccessReview'),
  review('authorization.k8s.io', 'SelfSubjectRulesReview'),
  review('authorization.k8s.io', 'SubjectAccessReview'),
];

/** A create-only v1 review kind, named as its registry names it (lower-case kind + `s`). */
function review(group: string, kind: string, namespaced = false): ServedResource {
  const singular = kind.toLowerCase();
  return {
    resource: `${singular}s`,
    group,
    version: 'v1',
    kind,
    singular,
    namespaced,
    verbs: ['create'],
    subresources: [],
  };
}

/** Every served resource, stored ones first. */
export const SERVED_RESOURCES: ServedResource[] = [
  ...RESOURCE_NAMES.map((r) => RESOURCES[r]),
  ...REVIEW_RESOURCES,
];

/** kube-apiserver's group priority order (the order /apis lists groups in). */
const GROUP_ORDER = [
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'apiextensions.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
];

/** The named API groups served (not the core group ""), in kube-apiserver's order. */
export const GROUP_VERSIONS: { group: string; version: string }[] = [];
for (const r of SERVED_RESOURCES) {
  if (r.group && !GROUP_VERSIONS.some((g) => g.group === r.group && g.version === r.version))
    GROUP_VERSIONS.push({ group: r.group, version: r.version });
}
const groupRank = (group: string) => {
  const i = GROUP_ORDER.indexOf(group);
  return i < 0 ? GROUP_ORDER.length : i;
};
GROUP_VERSIONS.sort((a, b) => groupRank(a.group) - groupRank(b.group));

/** Whether a minor version serves the resource. */
export function servedAt(resource: ServedResource, minor: number): boolean {
  return (resource.since ?? 0) <= minor;
}

/**
 * Served resources of a group/version (group "" is the core group) at a minor version, for
 * discovery/OpenAPI.
 */
export function servedIn(group: string, version: string, minor: number): ServedResource[] {
  return SERVED_RESOURCES.filter(
    (r) => r.group === group && r.version === version && servedAt(r, minor),
  );
}

/** Stored resources under a group/version by plural name, for URL routing. */
export function resourcesOf(group: string, version: string): Map<string, ResourceInfo> {
  const out = new Map<string, ResourceInfo>();
  for (const name of RESOURCE_NAMES) {
    const r = RESOURCES[name];
    if (r.group === group && r.version === version) out.set(name, r);
  }
  return out;
}

/** The namespaces a real cluster always has; the store creates them at start. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Upstream NamespaceLifecycle admission's immortal namespaces (plugin/pkg/admission/namespace/lifecycle). */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
