import 'server-only';
/**
 * The endpoint objects that belong to a Service by name: the EndpointSlices labelled
 * `kubernetes.io/service-name=<name>` and the Endpoints named like it. Creating a Service checks
 * that none exist yet (a new Service would adopt them at once); editing one reads them.
 *
 * Contract: both requests are sent at once; their answers are returned as they came (a non-2xx
 * is data), network failures throw.
 */
import { SERVICE_NAME_LABEL } from '@/lib/topology/validation';
import { collectionPath, itemPath } from '../kinds';
import type { KubeResponse, KubeSend } from './client';

export async function readEndpointObjects(
  send: KubeSend,
  namespace: string,
  name: string,
): Promise<{ slices: KubeResponse; endpoints: KubeResponse }> {
  const selector = encodeURIComponent(`${SERVICE_NAME_LABEL}=${name}`);
  const [slices, endpoints] = await Promise.all([
    send({
      method: 'GET',
      path: `${collectionPath('EndpointSlice', namespace)}?labelSelector=${selector}`,
    }),
    send({ method: 'GET', path: itemPath('Endpoints', namespace, name) }),
  ]);
  return { slices, endpoints };
}
