import 'server-only';
/**
 * Where the three kinds the form writes live in the URL space, and how permission is asked for.
 * Contract: paths follow k8s-api-semantics.md §1.1; `access` names are SSAR resourceAttributes.
 */
export type WriteKind = 'Service' | 'EndpointSlice' | 'Endpoints';

export interface ResourceRef {
  group: string;
  resource: string;
  collection: (namespace: string) => string;
}

export const RESOURCES: Record<WriteKind, ResourceRef> = {
  Service: {
    group: '',
    resource: 'services',
    collection: (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/services`,
  },
  EndpointSlice: {
    group: 'discovery.k8s.io',
    resource: 'endpointslices',
    collection: (ns) =>
      `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices`,
  },
  Endpoints: {
    group: '',
    resource: 'endpoints',
    collection: (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/endpoints`,
  },
};

export function itemPath(kind: WriteKind, namespace: string, name: string): string {
  return `${RESOURCES[kind].collection(namespace)}/${encodeURIComponent(name)}`;
}

export const FIELD_MANAGER = 'switchboard';
