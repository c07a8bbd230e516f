import 'server-only';
/**
 * Before a create: what already exists that the create would overwrite or adopt. Creating is
 * POST only, so an existing Service would be refused anyway; endpoints already labelled for the
 * name are worse — a new Service of that name would route to them at once.
 *
 * Contract: undefined when the way is clear, else a `conflict` with the map link, `forbidden` with
 * the cluster's text when the viewer may not even read the Service, or `failed` when the check
 * itself could not be made. Network failures throw.
 */
import type { WriteFailure } from '@/lib/api/write-results';
import { itemPath } from '../kinds';
import { ok, statusOf, type KubeSend } from './client';
import { failed, focusOf, refusedByCluster } from './cluster-answers';
import { readEndpointObjects } from './service-objects';

export async function existingObjectsConflict(
  send: KubeSend,
  namespace: string,
  name: string,
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
  if (orphans.length === 0) return undefined;
  return {
    status: 'conflict',
    message: `Endpoints for a Service named "${name}" already exist in namespace "${namespace}" (${orphans.join(', ')}); a new Service of that name would route to them at once. Remove them or choose another name.`,
    focus: focusOf(namespace, name),
  };
}
