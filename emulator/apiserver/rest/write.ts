/**
 * The shared steps of every write (upstream's handlers/create.go and update.go around the
 * registry): the object's namespace and name against the URL (a missing one is filled in, a
 * different one is a 400), admission, and the store call a PUT or patch lands on — the object
 * itself, `/status` (status only) or `/finalize` (a namespace's spec.finalizers) — and the
 * `create` authorization of a write that creates.
 */
import { badRequest, notFound } from '../../core/errors';
import type { KubeObject, WriteOptions } from '../../core/types';
import type { AdmissionOperation } from '../admission/admission';
import { authorize } from '../authorization';
import type { RestContext, RestRequest, Route } from './context';
import { strategyWarnings } from './output';
import type { WriteParams } from './query';

export function checkNamespaceAndName(route: Route, object: KubeObject, isUpdate: boolean): void {
  const meta = object.metadata;
  if (route.info.namespaced) {
    if (meta.namespace === undefined || meta.namespace === '') meta.namespace = route.namespace;
    else if (meta.namespace !== route.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  } else if (meta.namespace) {
    // Cluster-scoped objects drop a namespace silently upstream.
    delete meta.namespace;
  }
  if (isUpdate && route.name !== undefined) {
    if (meta.name === undefined || meta.name === '') meta.name = route.name;
    else if (meta.name !== route.name) {
      throw badRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${route.name})`,
      );
    }
  }
}

export function existingOrThrow(ctx: RestContext, route: Route): KubeObject {
  const existing = ctx.store.get(route.info.resource, route.namespace ?? '', route.name ?? '');
  if (!existing) throw notFound(route.info.resource, route.info.group, route.name ?? '');
  return existing;
}

/**
 * A PUT or a server-side apply that creates its object needs `create` of that name as well as
 * the request's own verb (`update`/`patch`): upstream wraps the create validation in
 * withAuthorization with `createAuthorizerAttributes` (staging/src/k8s.io/apiserver/pkg/
 * endpoints/handlers/update.go and patch.go). A refusal is the same 403 the chain answers.
 */
export function authorizeCreate(ctx: RestContext, req: RestRequest): void {
  if (!ctx.authorizer) return;
  const { info, namespace, name, subresource } = req.route;
  authorize(ctx.authorizer, {
    user: req.user,
    verb: 'create',
    isResourceRequest: true,
    path: req.url.pathname,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: subresource ?? '',
    namespace: namespace ?? '',
    name: name ?? '',
  });
}

/**
 * Shows a write to the admission plugins, then a create or update of a whole object to the
 * registry's write guard (RBAC's escalation checks, which upstream's policy-based storages make
 * before storing a Role, ClusterRole or binding). Throws the refusal.
 */
export function admit(
  ctx: RestContext,
  req: RestRequest,
  operation: AdmissionOperation,
  target: { namespace: string; name: string; object?: KubeObject; oldObject?: KubeObject },
  dryRun: boolean,
): void {
  const { route } = req;
  ctx.admission.admit({
    operation,
    resource: route.info,
    subresource: route.subresource ?? '',
    ...target,
    user: req.user,
    dryRun,
  });
  if (operation === 'DELETE' || !target.object || route.subresource !== undefined) return;
  const error = ctx.admit?.({
    user: req.user,
    namespace: route.namespace ?? '',
    requestName: route.name ?? '',
    resource: route.info.resource,
    object: target.object,
    previous: target.oldObject,
  });
  if (error) throw error;
}

/**
 * Writes an updated object to the object, its /status or /finalize; `created` for PUT-creates,
 * `warnings` the strategy's for the write (WarningsOnCreate for a PUT-create, else
 * WarningsOnUpdate; none for subresources). `extra`: further store options (server-side apply's
 * own managedFields).
 */
export function writeUpdate(
  ctx: RestContext,
  req: RestRequest,
  object: KubeObject,
  params: WriteParams,
  extra: WriteOptions = {},
): { result: KubeObject; created: boolean; warnings: string[] } {
  const { store } = ctx;
  const { route } = req;
  const { info } = route;
  const opts = { ...extra, dryRun: params.dryRun, fieldManager: params.manager };
  const namespace = route.namespace ?? '';
  const name = route.name ?? '';
  // Admission sees an update once the stored object is read; a missing one is the registry's
  // 404, unless the resource creates on update (then it is a CREATE).
  const existing = store.get(info.resource, namespace, name);
  if (existing) {
    admit(ctx, req, 'UPDATE', { namespace, name, object, oldObject: existing }, params.dryRun);
  } else if (info.allowCreateOnUpdate && route.subresource === undefined) {
    authorizeCreate(ctx, req);
    admit(ctx, req, 'CREATE', { namespace, name, object }, params.dryRun);
  }
  if (route.subresource === 'status') {
    const result = store.updateStatus(info.resource, object, opts);
    return { result, created: false, warnings: [] };
  }
  if (route.subresource === 'finalize') {
    return { result: store.finalizeNamespace(object, opts), created: false, warnings: [] };
  }
  const result = store.update(info.resource, object, opts);
  const warnings = strategyWarnings(ctx, info.resource, result, existing);
  return { result, created: !existing, warnings };
}
