/**
 * The root CA publisher (upstream pkg/controller/certificates/rootcacertpublisher/publisher.go):
 * every namespace holds the ConfigMap `kube-root-ca.crt` whose `ca.crt` is the PEM of the CA
 * that signed the apiserver's serving certificate, so workloads can verify the apiserver.
 *
 * As upstream: a namespace is synced when it is added, when it is updated while Active, and when
 * its `kube-root-ca.crt` is updated or deleted. The sync creates the ConfigMap when missing
 * (with upstream's `kubernetes.io/description` annotation) and, when its data differs from
 * `{ca.crt: CA}` or the annotation is empty, overwrites the data and sets the annotation, leaving
 * other labels and annotations alone. A create refused because the namespace is gone or
 * terminating is not an error. Namespaces that are not Active are not written to, as the
 * ServiceAccount controller does here (upstream relies on that refusal alone).
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import { type LoopContext, runControllerLoop } from '../controller-loop';
import { isAlreadyExists, isNotFound, isTerminatingRefusal } from '../util';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const ROOT_CA_KEY = 'ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

interface PublisherContext extends LoopContext {
  store: ClusterStore;
  rootCA: string;
}

function sameData(data: unknown, rootCA: string): boolean {
  const entries = Object.entries((data ?? {}) as Record<string, unknown>);
  return entries.length === 1 && entries[0]?.[0] === ROOT_CA_KEY && entries[0][1] === rootCA;
}

function syncNamespace(ctx: PublisherContext, namespace: string): void {
  const ns = ctx.cache.get('namespaces', '', namespace);
  if ((ns?.status as { phase?: string } | undefined)?.phase !== 'Active') return;
  const data = { [ROOT_CA_KEY]: ctx.rootCA };
  const existing = ctx.store.get('configmaps', namespace, ROOT_CA_CONFIGMAP);
  if (!existing) {
    try {
      ctx.store.create('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: ROOT_CA_CONFIGMAP,
          namespace,
          annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION },
        },
        data,
      });
    } catch (error) {
      if (!isAlreadyExists(error) && !isNotFound(error) && !isTerminatingRefusal(error))
        throw error;
    }
    return;
  }
  const annotations = existing.metadata.annotations ?? {};
  if (sameData(existing.data, ctx.rootCA) && annotations[DESCRIPTION_ANNOTATION]) return;
  const updated: KubeObject = structuredClone(existing);
  updated.data = data;
  updated.metadata.annotations = { ...annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
  ctx.store.update('configmaps', updated);
}

function onEvent(ctx: PublisherContext, event: StoreEvent): void {
  const { object } = event;
  if (event.resource === 'namespaces') {
    const active = (object.status as { phase?: string } | undefined)?.phase === 'Active';
    if (event.type === 'ADDED' || (event.type === 'MODIFIED' && active))
      ctx.queue.add(object.metadata.name ?? '');
  } else if (
    event.resource === 'configmaps' &&
    event.type !== 'ADDED' &&
    object.metadata.name === ROOT_CA_CONFIGMAP
  ) {
    ctx.queue.add(object.metadata.namespace ?? '');
  }
}

/** The publisher of `rootCA` (PEM) into every namespace. */
export function createRootCAPublisher(
  store: ClusterStore,
  cache: ObjectCache,
  rootCA: string,
): Controller {
  return runControllerLoop<PublisherContext>(
    {
      name: 'root-ca-cert-publisher',
      sync: syncNamespace,
      onEvent,
      initialSync: (ctx) => {
        for (const namespace of ctx.cache.list('namespaces'))
          ctx.queue.add(namespace.metadata.name ?? '');
      },
    },
    (queue) => ({ store, cache, queue, rootCA }),
  );
}
