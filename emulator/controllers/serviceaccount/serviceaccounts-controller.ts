/**
 * The ServiceAccount controller (upstream pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has a `default` ServiceAccount. It syncs a namespace when the namespace
 * is added or updated and when one of its ServiceAccounts is deleted, creates the missing
 * account (`{metadata: {name: default}}`, nothing else), and leaves namespaces that are not
 * Active alone, as upstream does; a create that races a terminating namespace is not an error.
 */
import type { ClusterStore, Controller, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import { type LoopContext, runControllerLoop } from '../controller-loop';
import { isAlreadyExists, isTerminatingRefusal } from '../util';

/** upstream DefaultServiceAccountsControllerOptions: the accounts every namespace gets. */
export const SERVICE_ACCOUNTS_TO_ENSURE = ['default'];

interface ServiceAccountsContext extends LoopContext {
  store: ClusterStore;
}

function syncNamespace(ctx: ServiceAccountsContext, name: string): void {
  const namespace = ctx.cache.get('namespaces', '', name);
  const phase = (namespace?.status as { phase?: string } | undefined)?.phase;
  if (!namespace || phase !== 'Active') return;
  for (const account of SERVICE_ACCOUNTS_TO_ENSURE) {
    if (ctx.store.get('serviceaccounts', name, account)) continue;
    try {
      ctx.store.create('serviceaccounts', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: account, namespace: name },
      });
    } catch (error) {
      if (!isAlreadyExists(error) && !isTerminatingRefusal(error)) throw error;
    }
  }
}

function onEvent(ctx: ServiceAccountsContext, event: StoreEvent): void {
  if (event.resource === 'namespaces' && event.type !== 'DELETED')
    ctx.queue.add(event.object.metadata.name ?? '');
  else if (event.resource === 'serviceaccounts' && event.type === 'DELETED')
    ctx.queue.add(event.object.metadata.namespace ?? '');
}

export function createServiceAccountsController(
  store: ClusterStore,
  cache: ObjectCache,
): Controller {
  return runControllerLoop<ServiceAccountsContext>(
    {
      name: 'serviceaccount-controller',
      sync: syncNamespace,
      onEvent,
      initialSync: (ctx) => {
        for (const namespace of ctx.cache.list('namespaces'))
          ctx.queue.add(namespace.metadata.name ?? '');
      },
    },
    (queue) => ({ store, cache, queue }),
  );
}
