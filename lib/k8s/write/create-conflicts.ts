import 'server-only';
/**
 * Before a create: what already exists that the create would overwrite or adopt. Creating is
 * POST only, so an existing object would be refused anyway; endpoints already labelled for the
 * name are worse — a new Service of that name would route to them at once.
 *
 * The form's EndpointSlices have fixed names (`<service>-ipv4`, `-ipv6`: see
 * lib/topology/validation/manifests.ts for why), so an unrelated slice may already hold one. That
 * is said in terms of the slice's real owner — its `kubernetes.io/service-name` label, or no
 * Service — with a map link only to a Service that exists, and what to do about it.
 *
 * Contract: undefined when the way is clear, else a `conflict` (with a map link only to a Service
 * that exists), `forbidden` with the cluster's text when the viewer may not even read the
 * Service, or `failed` when the check itself could not be made. Network failures throw.
 */
import type { WriteFailure } from '@/lib/api/write-results';
import { SERVICE_NAME_LABEL } from '@/lib/topology/validation';
import { itemPath } from '../kinds';
import { ok, statusOf, type KubeSend } from './client';
import { failed, focusOf, refusedByCluster } from './cluster-answers';
import { readEndpointObjects } from './service-objects';

export async function existingObjectsConflict(
  send: KubeSend,
  namespace: string,
  name: string,
  sliceNames: readonly string[] = [],
): Promise<WriteFailure | undefined> {
  const service = await send({ method: 'GET', path: itemPath('Service', namespace, name) });
  if (ok(service)) {
    return {
      status: 'conflict',
      message: `A Service named "${name}" already exists in namespace "${namespace}". Nothing was changed; open it on the map, or choose another name.`,
      focus: focusOf(namespace, name),
    };
  }
  if (service.status === 403) return refusedByCluster(service, 'get', 'Service', namespace);
  if (service.status !== 404) {
    return failed(`Could not check for an existing Service: ${statusOf(service).message}`);
  }
  const { slices, endpoints } = await readEndpointObjects(send, namespace, name);
  const orphans: string[] = [];
  if (ok(slices)) {
    const items = (slices.body as { items?: { metadata?: { name?: string } }[] }).items ?? [];
    for (const item of items) orphans.push(`EndpointSlice ${item.metadata?.name ?? '?'}`);
  }
  if (ok(endpoints)) orphans.push(`Endpoints ${name}`);
  if (orphans.length === 0) {
    for (const slice of sliceNames) {
      const taken = await sliceNameTaken(send, namespace, name, slice);
      if (taken) return taken;
    }
    return undefined;
  }
  return {
    status: 'conflict',
    message: `Endpoints for a Service named "${name}" already exist in namespace "${namespace}" (${orphans.join(', ')}); a new Service of that name would route to them at once. Remove them or choose another name.`,
  };
}

/**
 * An EndpointSlice that already has the name one of ours would get, said by whose it is. Slices
 * labelled for `service` itself were reported above; a slice the viewer may not read is left to
 * the dry run, which reports the clash too.
 */
async function sliceNameTaken(
  send: KubeSend,
  namespace: string,
  service: string,
  slice: string,
): Promise<WriteFailure | undefined> {
  const existing = await send({ method: 'GET', path: itemPath('EndpointSlice', namespace, slice) });
  if (!ok(existing)) return undefined;
  const labels = (existing.body as { metadata?: { labels?: Record<string, string> } }).metadata
    ?.labels;
  const owner = labels?.[SERVICE_NAME_LABEL];
  const ownerExists =
    owner !== undefined &&
    ok(await send({ method: 'GET', path: itemPath('Service', namespace, owner) }));
  const whose =
    owner === undefined
      ? `it belongs to no Service (it has no ${SERVICE_NAME_LABEL} label)`
      : ownerExists
        ? `it belongs to Service "${owner}" (its ${SERVICE_NAME_LABEL} label)`
        : `its ${SERVICE_NAME_LABEL} label names Service "${owner}", which does not exist`;
  return {
    status: 'conflict',
    message: `The EndpointSlice this form would name "${slice}" already exists in namespace "${namespace}", and ${whose}. Nothing was created or overwritten. Choose another name for the Service, or delete or rename that EndpointSlice if nothing uses it.`,
    ...(ownerExists && owner ? { focus: focusOf(namespace, owner) } : {}),
  };
}
