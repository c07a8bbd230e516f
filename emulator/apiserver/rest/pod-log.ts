/**
 * `GET pods/{name}/log`: upstream's LogREST (pkg/registry/core/pod/rest/log.go, with LogLocation
 * in pkg/registry/core/pod/strategy.go) and, for the part a kubelet answers, its
 * validateContainerLogStatus (pkg/kubelet/kubelet_pods.go), read from the status the simulated
 * kubelet stored.
 *
 * A simulated container writes nothing, so a log that exists is empty: `kubectl logs` prints
 * nothing and exits 0, and `--follow` holds the stream open until the container stops running,
 * the pod goes, the client leaves or the cluster stops (as a kubelet ends a followed log when the
 * container exits).
 *
 * Contract, as upstream: PodLogOptions that do not validate are a 422 (`PodLogOptions "name" is
 * invalid: …`), a query value that does not parse a 400; a missing pod a 404; no container
 * named when the pod has several, or one it does not have, a 400 (validateContainer's words); a
 * pod on no Node yet an empty 200 (LogLocation's empty location); otherwise the kubelet's 400s,
 * relayed as the apiserver relays them: `container "c" in pod "p" is waiting to start: <reason>`,
 * `previous terminated container "c" in pod "p" not found`, `… is terminated`, `… is not
 * available`. A log answers `text/plain`.
 */
import { badRequest, fieldForbidden, fieldInvalid, invalid } from '../../core/errors';
import type { KubeObject, StoreEvent } from '../../core/types';
import type { RestContext, RestRequest } from './context';
import { existingOrThrow } from './write';

interface LogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
}

interface ContainerStatus {
  name?: string;
  containerID?: string;
  state?: {
    waiting?: { reason?: string };
    running?: unknown;
    terminated?: { containerID?: string };
  };
  lastState?: { terminated?: { containerID?: string } };
}

const TEXT_PLAIN = 'text/plain';

/** Go's strconv.ParseBool, which the query parameter codec uses. */
function queryBool(url: URL, key: string): boolean {
  const value = url.searchParams.get(key);
  if (value === null) return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(value)) return false;
  throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

function queryInt(url: URL, key: string): number | undefined {
  const value = url.searchParams.get(key);
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value);
}

/** The query as PodLogOptions, validated as ValidatePodLogOptions does. */
function logOptions(url: URL, name: string): LogOptions {
  const tailLines = queryInt(url, 'tailLines');
  const limitBytes = queryInt(url, 'limitBytes');
  const sinceSeconds = queryInt(url, 'sinceSeconds');
  const sinceTime = url.searchParams.get('sinceTime');
  const causes = [];
  if (tailLines !== undefined && tailLines < 0)
    causes.push(fieldInvalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1)
    causes.push(fieldInvalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTime !== null)
    causes.push(
      fieldForbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'),
    );
  else if (sinceSeconds !== undefined && sinceSeconds < 1)
    causes.push(fieldInvalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  if (causes.length > 0) throw invalid('PodLogOptions', '', name, causes);
  return {
    container: url.searchParams.get('container') ?? '',
    follow: queryBool(url, 'follow'),
    previous: queryBool(url, 'previous'),
  };
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((c: { name?: string }) => c.name ?? '') : [];
}

/**
 * validateContainer (LogLocation's, and exec's and attach's streamLocation): the container a
 * request is about.
 */
export function chosenContainer(pod: KubeObject, container: string): string {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const name = pod.metadata.name;
  const containers = names(spec.containers);
  if (container === '') {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0)
      throw badRequest(`a container name must be specified for pod ${name}`);
    const init = names(spec.initContainers);
    let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (init.length > 0) message += ` or one of the init containers: [${init.join(' ')}]`;
    throw badRequest(message);
  }
  const all = [...containers, ...names(spec.initContainers), ...names(spec.ephemeralContainers)];
  if (!all.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

function statusOf(pod: KubeObject, container: string): ContainerStatus | undefined {
  const status = (pod.status ?? {}) as Record<string, unknown>;
  for (const key of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    const list = status[key];
    if (!Array.isArray(list)) continue;
    const found = (list as ContainerStatus[]).find((s) => s.name === container);
    if (found) return found;
  }
  return undefined;
}

/**
 * validateContainerLogStatus: the container run whose log is read (its containerID), or the
 * kubelet's refusal.
 */
function loggedRun(pod: KubeObject, container: string, previous: boolean): string {
  const podName = pod.metadata.name;
  const what = `container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)}`;
  const status = statusOf(pod, container);
  if (!status) throw badRequest(`${what} is not available`);
  const last = status.lastState?.terminated;
  const { waiting, running, terminated } = status.state ?? {};
  if (previous) {
    if (!last?.containerID)
      throw badRequest(
        `previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} not found`,
      );
    return last.containerID;
  }
  if (running !== undefined) return status.containerID ?? '';
  if (terminated !== undefined) {
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw badRequest(`${what} is terminated`);
  }
  if (last !== undefined) {
    if (last.containerID) return last.containerID;
    throw badRequest(`${what} is terminated`);
  }
  if (waiting !== undefined) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull')
      throw badRequest(`${what} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw badRequest(`${what} is waiting to start: trying and failing to pull image`);
    throw badRequest(`${what} is waiting to start: ${reason}`);
  }
  throw badRequest(`${what} is waiting to start - no logs yet`);
}

function isRunning(pod: KubeObject, container: string, run: string): boolean {
  const status = statusOf(pod, container);
  return status?.state?.running !== undefined && (status.containerID ?? '') === run;
}

/**
 * An empty log held open while `run` is the container's running instance: ended by the pod's
 * deletion or a change of that, by the client leaving, or by `ctx.streams` at shutdown.
 */
function followed(
  ctx: RestContext,
  req: RestRequest,
  pod: KubeObject,
  container: string,
  run: string,
) {
  const { namespace, name } = pod.metadata;
  let end = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      const follower = { close: () => end() };
      const onEvent = (event: StoreEvent) => {
        const { metadata } = event.object;
        if (event.resource !== 'pods' || metadata.namespace !== namespace || metadata.name !== name)
          return;
        if (event.type === 'DELETED' || !isRunning(event.object, container, run)) end();
      };
      const unsubscribe = ctx.store.subscribe(onEvent);
      end = () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        ctx.streams.delete(follower);
        req.request.signal.removeEventListener('abort', end);
        try {
          controller.close();
        } catch {
          // Already cancelled by the client.
        }
      };
      ctx.streams.add(follower);
      req.request.signal.addEventListener('abort', end);
      if (req.request.signal.aborted) end();
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { 'Content-Type': TEXT_PLAIN, 'Transfer-Encoding': 'chunked' },
  });
}

export function podLog(ctx: RestContext, req: RestRequest): Response {
  const name = req.route.name ?? '';
  const options = logOptions(req.url, name);
  const pod = existingOrThrow(ctx, req.route);
  const container = chosenContainer(pod, options.container);
  const empty = () => new Response('', { status: 200, headers: { 'Content-Type': TEXT_PLAIN } });
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (!spec.nodeName) return empty();
  const run = loggedRun(pod, container, options.previous);
  if (options.follow && !options.previous && isRunning(pod, container, run))
    return followed(ctx, req, pod, container, run);
  return empty();
}
