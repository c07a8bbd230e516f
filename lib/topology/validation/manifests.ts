/**
 * The exact objects an external Service write creates: the Service, its EndpointSlice(s) and/or
 * Endpoints, built from a validated input.
 *
 * Contract: deterministic, so the preview and the create send byte-identical objects
 * (`canonicalJson` is their identity, independent of key order); slices carry the service-name
 * label and our managed-by value, so the EndpointSlice controller leaves them alone; the Service
 * asks for the IP families its addresses need (ip-families.ts), so no slice is dead on arrival.
 *
 * Slices are named `<service>-ipv4` / `-ipv6`, fixed rather than generated: the preview then
 * shows the exact objects (and their hash ties the create to them), and a retried create meets
 * its own objects by name instead of making copies. The price is that an unrelated slice may
 * already hold such a name; the create answers that as a conflict naming the slice's real owner
 * (lib/k8s/write/create-conflicts.ts).
 *
 * The slices and Endpoints carry an owner reference to the Service, so deleting the Service
 * deletes them (garbage collection). Its uid exists only once the Service is created: the
 * manifests carry SERVICE_UID_PENDING there, which is what the preview shows and hashes, and
 * create replaces it with the uid the API server returned, nothing else. Isomorphic, pure.
 */
import type { IpFamily } from './addresses';
import { serviceFamilySpec } from './ip-families';
import {
  ALLOW_INTERNAL_ANNOTATION,
  CREATED_BY_ANNOTATION,
  CREATED_BY_VALUE,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  REQUEST_ID_ANNOTATION,
  SERVICE_NAME_LABEL,
  SKIP_MIRROR_LABEL,
  type ValidExternalService,
  type ValidPort,
} from './input';

/** A Kubernetes object as we send it. */
export interface Manifest {
  apiVersion: string;
  kind: 'Service' | 'EndpointSlice' | 'Endpoints';
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    ownerReferences?: OwnerReference[];
  };
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * The uid an owner reference carries until its Service exists: the API server assigns the real
 * one on create, so the preview shows this and create fills it in (`withServiceUid`).
 */
export const SERVICE_UID_PENDING = '<assigned when the Service is created>';

/**
 * The reference that makes the garbage collector delete an endpoints object with its Service.
 * As upstream's EndpointSlice controller sets on its slices (apiVersion v1, kind Service, name,
 * uid, controller), except blockOwnerDeletion: setting it needs `update` on services/finalizers
 * where OwnerReferencesPermissionEnforcement is on, a right the form neither asks nor needs; it
 * only makes a foreground delete of the Service wait for the slice.
 */
export function serviceOwnerReference(service: string, uid: string): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: service, uid, controller: true };
}

/** The manifest with its pending Service owner references given the created Service's uid. */
export function withServiceUid(manifest: Manifest, uid: string): Manifest {
  const refs = manifest.metadata.ownerReferences;
  if (!refs?.some((r) => r.uid === SERVICE_UID_PENDING)) return manifest;
  return {
    ...manifest,
    metadata: {
      ...manifest.metadata,
      ownerReferences: refs.map((r) => (r.uid === SERVICE_UID_PENDING ? { ...r, uid } : r)),
    },
  };
}

export function sliceName(service: string, family: IpFamily): string {
  return `${service}-${family.toLowerCase()}`;
}

function annotations(v: ValidExternalService): Record<string, string> {
  const out: Record<string, string> = { [CREATED_BY_ANNOTATION]: CREATED_BY_VALUE };
  if (v.allowedInternal.length) out[ALLOW_INTERNAL_ANNOTATION] = v.allowedInternal.join(',');
  if (v.requestId) out[REQUEST_ID_ANNOTATION] = v.requestId;
  return out;
}

export function buildSlice(
  namespace: string,
  service: string,
  family: IpFamily,
  ips: readonly string[],
  ports: readonly ValidPort[],
  notes: Record<string, string>,
  serviceUid: string | undefined,
): Manifest {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: sliceName(service, family),
      namespace,
      labels: { [SERVICE_NAME_LABEL]: service, [MANAGED_BY_LABEL]: MANAGED_BY },
      annotations: { ...notes },
      ...(serviceUid ? { ownerReferences: [serviceOwnerReference(service, serviceUid)] } : {}),
    },
    addressType: family,
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
  };
}

/**
 * Service first, then slices (IPv4, IPv6), then Endpoints: the create order. All but the Service
 * are owned by it, with the uid pending until the Service is created.
 */
export function buildManifests(v: ValidExternalService): Manifest[] {
  const notes = annotations(v);
  const out: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: v.name, namespace: v.namespace, annotations: { ...notes } },
      spec: {
        ...serviceFamilySpec(v.addresses),
        ports: v.ports.map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          protocol: p.protocol,
          port: p.port,
          targetPort: p.port,
        })),
      },
    },
  ];
  if (v.createAs !== 'Endpoints') {
    for (const family of ['IPv4', 'IPv6'] as const) {
      const ips = v.addresses.filter((a) => a.family === family).map((a) => a.canonical);
      if (ips.length) {
        out.push(buildSlice(v.namespace, v.name, family, ips, v.ports, notes, SERVICE_UID_PENDING));
      }
    }
  }
  if (v.createAs !== 'EndpointSlice') {
    out.push({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: v.name,
        namespace: v.namespace,
        // With both, our own slice is the EndpointSlice; a mirrored copy would duplicate it.
        ...(v.createAs === 'Both' ? { labels: { [SKIP_MIRROR_LABEL]: 'true' } } : {}),
        annotations: { ...notes },
        // The endpoints controller deletes a Service's Endpoints with it, selector or not; the
        // reference says the same for a cluster that runs the garbage collector without it.
        ownerReferences: [serviceOwnerReference(v.name, SERVICE_UID_PENDING)],
      },
      subsets: [
        {
          addresses: v.addresses.map((a) => ({ ip: a.canonical })),
          ports: v.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            port: p.port,
            protocol: p.protocol,
          })),
        },
      ],
    });
  }
  return out;
}

/** JSON with sorted keys: the preview's identity, independent of key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
