/**
 * The namespace controller's deletion half (pkg/controller/namespace/deletion): when a
 * namespace has a deletionTimestamp, delete every namespaced object in it with normal deletion
 * (pods terminate gracefully, objects with finalizers wait for them), and once nothing is left
 * remove the `kubernetes` finalizer through /finalize and delete the namespace, which the store
 * then removes (DELETED). Like upstream, a namespace stays Terminating while anything in it
 * remains — e.g. a scheduled pod with no kubelet to finish its graceful deletion.
 */
import { isApiError } from './errors';
import { createCoreQueue } from './core-queue';
import { NAMESPACED_RESOURCES } from './resources';
import type { CoreStore } from './store';
import type { Controller, KubeObject } from './types';

export function createNamespaceLifecycle(store: CoreStore): Controller {
  let unsubscribe: (() => void) | undefined;

  const ignoreGone = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (isApiError(error) && (error.code === 404 || error.code === 409)) return;
      throw error;
    }
  };

  const queue = createCoreQueue((name) => {
    const ns = store.get('namespaces', '', name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const resource of NAMESPACED_RESOURCES) {
      for (const object of store.list(resource, name)) {
        remaining++;
        if (object.metadata.deletionTimestamp) continue;
        ignoreGone(() =>
          store.delete(resource, name, object.metadata.name ?? '', {
            propagationPolicy: 'Background',
          }),
        );
      }
    }
    if (remaining > 0) {
      // Deleted objects come back as events that requeue the namespace; graceful ones later.
      const left = NAMESPACED_RESOURCES.reduce((n, r) => n + store.count(r, name), 0);
      if (left > 0) return;
    }
    const current = store.get('namespaces', '', name);
    if (!current) return;
    const finalizers = (
      (current.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []
    ).filter((f) => f !== 'kubernetes');
    const spec = { ...(current.spec as Record<string, unknown> | undefined), finalizers };
    ignoreGone(() => store.finalizeNamespace({ ...current, spec } as KubeObject));
    ignoreGone(() => store.delete('namespaces', '', name));
  });

  return {
    name: 'namespace-lifecycle',
    start() {
      unsubscribe = store.subscribe((event) => {
        if (event.resource === 'namespaces') {
          if (event.type !== 'DELETED' && event.object.metadata.deletionTimestamp) {
            queue.add(event.object.metadata.name ?? '');
          }
          return;
        }
        const ns = event.object.metadata.namespace;
        if (ns && store.get('namespaces', '', ns)?.metadata.deletionTimestamp) queue.add(ns);
      });
      for (const ns of store.list('namespaces')) {
        if (ns.metadata.deletionTimestamp) queue.add(ns.metadata.name ?? '');
      }
    },
    stop() {
      unsubscribe?.();
      queue.stop();
    },
    idle: () => queue.idle(),
  };
}
