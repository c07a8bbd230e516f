/**
 * The resources the embedded apiserver serves and the per-resource registry facts the store and
 * router need (group/version, kind, scope, subresources, and which upstream registry behaviours
 * apply: status subresource, generation, create-on-update, what DELETE returns). These mirror the
 * upstream registries under pkg/registry/*.
 */
import type { ResourceName } from './types';

export interface ResourceInfo {
  resource: ResourceName;
  group: string;
  version: string;
  /** `v1` or `apps/v1`. */
  apiVersion: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  /** Has a /status subresource: main-resource writes ignore .status, /status writes only it. */
  hasStatus: boolean;
  /** metadata.generation is maintained (starts at 1, bumps on spec changes). */
  generation: 'spec' | 'non-metadata' | 'none';
  /** PUT of a missing object creates it (upstream AllowCreateOnUpdate). */
  allowCreateOnUpdate: boolean;
  /** DELETE answers the deleted object instead of a Success Status (ReturnDeletedObject). */
  returnDeletedObject: boolean;
  hasScale: boolean;
}

function info(
  resource: ResourceName,
  group: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceInfo> = {},
): ResourceInfo {
  const version = 'v1';
  return {
    resource,
    group,
    version,
    apiVersion: group ? `${group}/${version}` : version,
    kind,
    listKind: `${kind}List`,
    namespaced,
    hasStatus: false,
    generation: 'none',
    allowCreateOnUpdate: false,
    returnDeletedObject: false,
    hasScale: false,
    ...extra,
  };
}

export const RESOURCES: Record<ResourceName, ResourceInfo> = {
  namespaces: info('namespaces', '', 'Namespace', false, {
    hasStatus: true,
    returnDeletedObject: true,
  }),
  nodes: info('nodes', '', 'Node', false, { hasStatus: true }),
  pods: info('pods', '', 'Pod', true, { hasStatus: true, returnDeletedObject: true }),
  // The service registry never sets metadata.generation (pkg/registry/core/service/strategy.go).
  services: info('services', '', 'Service', true, { hasStatus: true, returnDeletedObject: true }),
  endpoints: info('endpoints', '', 'Endpoints', true, { allowCreateOnUpdate: true }),
  endpointslices: info('endpointslices', 'discovery.k8s.io', 'EndpointSlice', true, {
    generation: 'non-metadata',
  }),
  events: info('events', '', 'Event', true, { allowCreateOnUpdate: true }),
  deployments: info('deployments', 'apps', 'Deployment', true, {
    hasStatus: true,
    generation: 'spec',
    hasScale: true,
  }),
  replicasets: info('replicasets', 'apps', 'ReplicaSet', true, {
    hasStatus: true,
    generation: 'spec',
    hasScale: true,
  }),
};

export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

export const NAMESPACED_RESOURCES = RESOURCE_NAMES.filter((r) => RESOURCES[r].namespaced);

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return RESOURCE_NAMES.map((r) => RESOURCES[r]).find((r) => r.kind === kind);
}

/** Resources served under a group/version, for URL routing. */
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
