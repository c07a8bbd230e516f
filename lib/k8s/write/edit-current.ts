import 'server-only';
/**
 * What an in-place edit of a selector-less Service's addresses starts from: the Service, the
 * endpoint objects the dashboard may change, their resourceVersions, the addresses they hold —
 * and the one decision of whether they may be edited here at all, which the edit form's GET and
 * the PUT both take from `readCurrent`.
 *
 * Contract: only hand-managed objects are editable (EndpointSlices labelled with the Service's
 * name whose managed-by is not a Kubernetes controller, and its Endpoints); a Service with a
 * selector, an ExternalName Service, FQDN slices, and the API server's own `default/kubernetes`
 * are not, each with the reason in words. `readCurrent` answers undefined for a Service that
 * does not exist. The same decision says which Services may be deleted here
 * (lib/k8s/write/delete-service.ts). Both check the namespace and name they are given with
 * `invalidServiceName` before anything is read.
 */
import type { WriteFailure } from '@/lib/api/write-results';
import {
  checkNamespaceName,
  checkServiceName,
  MANAGED_BY_LABEL,
  type Manifest,
} from '@/lib/topology/validation';
import { itemPath } from '../kinds';
import { checkAccess, describeDenial, type AccessNeed } from './access';
import { ok, statusOf, type KubeSend } from './client';
import { failed, kubernetesStatusOf } from './cluster-answers';
import { readOnlyMessage, type WriteDeps } from './deps';
import { readEndpointObjects } from './service-objects';

/** Slices these controllers manage follow the Service (or its Endpoints) by themselves. */
const CONTROLLER_MANAGERS = new Set([
  'endpointslice-controller.k8s.io',
  'endpointslicemirroring-controller.k8s.io',
]);

export type Obj = Manifest & {
  metadata: Manifest['metadata'] & { uid?: string; resourceVersion?: string };
};

export interface Current {
  service: Obj;
  slices: Obj[];
  /** The slices labelled with the Service's name that a controller manages (never edited). */
  controllerSlices: Obj[];
  endpoints?: Obj;
  /** `<Kind>/<name>` → resourceVersion. */
  versions: Record<string, string>;
  addresses: string[];
  /** Why these endpoints may not be edited here; undefined when they may. */
  notEditable?: string;
}

/**
 * A namespace or name no Service can have (lib/topology/validation/names.ts), as the form's
 * `invalid` outcome on its `name` field; undefined when both are valid. Checked before anything
 * is read, so a malformed name never becomes part of an API path.
 */
export function invalidServiceName(namespace: string, name: string): WriteFailure | undefined {
  const problem = checkNamespaceName(namespace) ?? checkServiceName(name);
  return problem
    ? { status: 'invalid', errors: [{ field: 'name', message: problem.message }] }
    : undefined;
}

export const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;
export const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function sliceAddresses(slice: Obj): string[] {
  return arr(slice.endpoints).flatMap((e) =>
    arr(rec(e).addresses).filter((a): a is string => typeof a === 'string'),
  );
}

export function endpointsAddresses(endpoints: Obj): string[] {
  return arr(endpoints.subsets).flatMap((s) =>
    [...arr(rec(s).addresses), ...arr(rec(s).notReadyAddresses)]
      .map((a) => rec(a).ip)
      .filter((ip): ip is string => typeof ip === 'string'),
  );
}

/** The one decision of what may be edited here (the GET shows it, the PUT enforces it). */
function notEditableReason(service: Obj, slices: readonly Obj[]): string | undefined {
  const spec = rec(service.spec);
  if (service.metadata.namespace === 'default' && service.metadata.name === 'kubernetes') {
    // pkg/controlplane/reconcilers: the API server rewrites these endpoints with its own address.
    return "The kubernetes Service is the API server's own: the API server keeps its endpoints.";
  }
  if (Object.keys(rec(spec.selector)).length)
    return 'This Service has a selector: the cluster manages its endpoints.';
  if (spec.type === 'ExternalName') return 'An ExternalName Service has no endpoints.';
  if (slices.some((s) => s.addressType === 'FQDN'))
    return 'FQDN EndpointSlices are not edited here.';
  return undefined;
}

export async function readCurrent(
  send: KubeSend,
  namespace: string,
  name: string,
): Promise<Current | WriteFailure | undefined> {
  const svc = await send({ method: 'GET', path: itemPath('Service', namespace, name) });
  if (svc.status === 404) return undefined;
  if (!ok(svc)) return failed(statusOf(svc).message, kubernetesStatusOf(svc));
  const service = svc.body as Obj;
  const read = await readEndpointObjects(send, namespace, name);
  if (!ok(read.slices))
    return failed(statusOf(read.slices).message, kubernetesStatusOf(read.slices));
  // List items come without kind/apiVersion (as from kube-apiserver).
  const labelled = (arr(rec(read.slices.body).items) as Obj[])
    .map(
      (s) => ({ ...s, apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' as const }) as Obj,
    )
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const byController = (s: Obj) =>
    CONTROLLER_MANAGERS.has(s.metadata.labels?.[MANAGED_BY_LABEL] ?? '');
  const slices = labelled.filter((s) => !byController(s));
  const endpoints = ok(read.endpoints) ? (read.endpoints.body as Obj) : undefined;
  const versions: Record<string, string> = {
    [key(service)]: service.metadata.resourceVersion ?? '',
  };
  for (const o of [...slices, ...(endpoints ? [endpoints] : [])])
    versions[key(o)] = o.metadata.resourceVersion ?? '';
  const addresses = [
    ...new Set([
      ...slices.flatMap(sliceAddresses),
      ...(endpoints ? endpointsAddresses(endpoints) : []),
    ]),
  ];
  const reason = notEditableReason(service, slices);
  return {
    service,
    slices,
    controllerSlices: labelled.filter(byController),
    endpoints,
    versions,
    addresses,
    ...(reason ? { notEditable: reason } : {}),
  };
}

export const isCurrent = (c: Current | WriteFailure | undefined): c is Current =>
  c !== undefined && 'service' in c;

/**
 * Why this viewer may not make the writes `needs` to the Service read as `current` in
 * `namespace`: read-only mode, a Service not managed here (`notEditable`), or the first access
 * the cluster denies; undefined when nothing stops it. What the edit and delete dialogs say
 * before anyone presses a button.
 */
export async function refusalOf(
  deps: WriteDeps,
  namespace: string,
  current: Current,
  needs: readonly AccessNeed[],
): Promise<string | undefined> {
  if (deps.readOnly) return readOnlyMessage(deps);
  if (current.notEditable) return current.notEditable;
  const denied = (await checkAccess(deps.send, namespace, needs)).find((a) => !a.allowed);
  return denied ? describeDenial(denied) : undefined;
}
