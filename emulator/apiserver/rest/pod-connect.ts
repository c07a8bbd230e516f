/**
 * `pods/{name}/exec`, `attach` and `portforward`: checked as upstream's connect handlers check
 * them before they dial the Node's kubelet (pkg/registry/core/pod/strategy.go: streamLocation
 * for exec and attach, PortForwardLocation): the pod must exist (404), exec and attach name a
 * container it has (400, validateContainer's words, as for a log), and the pod must be on a Node
 * (400 `pod <name> does not have a host assigned`).
 *
 * Past those checks upstream dials the kubelet. The embedded cluster's Nodes have none and its
 * containers run no process, so the answer is the one a kubelet that cannot be reached gets, a
 * 500 `error dialing backend: …`, saying why instead of naming a dial that never happened.
 * kubectl prints it (`kubectl exec`, `attach`, `port-forward`), where before it read "the server
 * could not find the requested resource" about a pod that exists.
 */
import { ApiError, badRequest } from '../../core/errors';
import type { RestContext, RestRequest } from './context';
import { chosenContainer } from './pod-log';
import { existingOrThrow } from './write';

export function podConnect(ctx: RestContext, req: RestRequest): Response {
  const pod = existingOrThrow(ctx, req.route);
  const { subresource } = req.route;
  if (subresource !== 'portforward')
    chosenContainer(pod, req.url.searchParams.get('container') ?? '');
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  // ErrorToAPIStatus of an error that is not a Status: 500 with no reason.
  throw new ApiError(
    500,
    '',
    `error dialing backend: ${nodeName} is a simulated Node of the embedded cluster: no kubelet serves exec, attach or port-forward, and its containers run no process`,
  );
}
