/**
 * DELETE of an object and of a collection (deletecollection): DeleteOptions from the query and
 * the body (JSON, or the protobuf client-go's typed clients send, as `kubectl drain` does; a
 * wrongly typed JSON field is the decoder's 400, ./delete-options-types.ts), refused as
 * upstream's 422 on `DeleteOptions.meta.k8s.io ""`; then the store's deletion (grace periods,
 * finalizers, propagation policy). A finished delete answers the object for the resources whose
 * registry returns it (ReturnDeletedObject) and a Success Status otherwise; a delete that only
 * started (finalizers, graceful pods, terminating namespaces) answers the object.
 * Preconditions and their Conflict texts are the store's (emulator/core/store-deletion.ts).
 */
import { badRequest, fieldInvalid, fieldNotSupported, isApiError } from '../../core/errors';
import { decodeProtobufObject } from '../../core/protobuf';
import type { ResourceInfo } from '../../core/resources';
import { matchesFilter, type ObjectFilter } from '../../core/field-selectors';
import { checkDeletePreconditions } from '../../core/store-deletion';
import type { DeleteOptions, FieldCause, KubeObject } from '../../core/types';
import { successStatus } from '../responses';
import type { RestContext, RestRequest } from './context';
import { unrecognized } from './decode';
import { deleteOptionsTypeMismatch } from './delete-options-types';
import { respond, withoutTypeMeta } from './output';
import { optionsInvalid, parseBool, parseIntParam } from './query';
import { admit } from './write';

/** client-go's protobuf envelope starts with `k8s\0`. */
function isProtobuf(body: Uint8Array): boolean {
  return (
    body.byteLength >= 4 &&
    body[0] === 0x6b &&
    body[1] === 0x38 &&
    body[2] === 0x73 &&
    body[3] === 0
  );
}

function bodyOptions(body: Uint8Array): Record<string, unknown> {
  if (isProtobuf(body)) {
    return decodeProtobufObject(body, 'DeleteOptions') as unknown as Record<string, unknown>;
  }
  if (body.byteLength === 0) return {};
  const text = new TextDecoder().decode(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('not an object');
    }
  } catch (error) {
    throw unrecognized('DeleteOptions', error, text);
  }
  const options = parsed as Record<string, unknown>;
  // The decoder's error, before anything is deleted (400, as newer upstream wraps it).
  const mismatch = deleteOptionsTypeMismatch(options);
  if (mismatch) throw badRequest(mismatch);
  return options;
}

export function deleteOptions(url: URL, body: Uint8Array): DeleteOptions {
  const causes: FieldCause[] = [];
  const fromBody = bodyOptions(body);
  const q = url.searchParams;
  const dryRun = [
    ...q.getAll('dryRun'),
    ...(Array.isArray(fromBody.dryRun) ? (fromBody.dryRun as string[]) : []),
  ];
  if (dryRun.some((v) => v !== 'All')) causes.push(fieldNotSupported('dryRun', dryRun, ['All']));
  const grace =
    parseIntParam(q.get('gracePeriodSeconds')) ??
    (typeof fromBody.gracePeriodSeconds === 'number' ? fromBody.gracePeriodSeconds : undefined);
  let policy = (q.get('propagationPolicy') ?? fromBody.propagationPolicy) as string | undefined;
  const orphan =
    parseBool(q.get('orphanDependents')) ?? (fromBody.orphanDependents as boolean | undefined);
  if (orphan !== undefined && policy !== undefined) {
    causes.push(
      fieldInvalid(
        'propagationPolicy',
        policy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  }
  if (orphan !== undefined) policy = orphan ? 'Orphan' : 'Background';
  if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    causes.push(
      fieldNotSupported('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan']),
    );
  }
  if (causes.length) throw optionsInvalid('DeleteOptions', causes);
  const pre = (fromBody.preconditions ?? {}) as { uid?: string; resourceVersion?: string };
  return {
    dryRun: dryRun.length > 0,
    gracePeriodSeconds: grace,
    propagationPolicy: policy as DeleteOptions['propagationPolicy'],
    preconditions: {
      uid: pre.uid ?? undefined,
      resourceVersion: pre.resourceVersion ?? undefined,
    },
  };
}

/**
 * Deletes one object: the preconditions first (as rest.BeforeDelete runs them before admission),
 * then admission, then the store's deletion (which checks them again under its own write).
 */
function deleteOne(
  ctx: RestContext,
  req: RestRequest,
  namespace: string,
  name: string,
  opts: DeleteOptions,
): { object: KubeObject; deleted: boolean } {
  const { info } = req.route;
  const existing = ctx.store.get(info.resource, namespace, name);
  if (existing) {
    checkDeletePreconditions(info.resource, existing, opts.preconditions ?? {});
    admit(ctx, req, 'DELETE', { namespace, name, oldObject: existing }, opts.dryRun ?? false);
  }
  return ctx.store.deleteDetailed(info.resource, namespace, name, opts);
}

function deleteResponse(
  ctx: RestContext,
  info: ResourceInfo,
  object: KubeObject,
  deleted: boolean,
): Response {
  if (!deleted || info.returnDeletedObject) return respond(ctx, 200, object, info);
  const details: Record<string, unknown> = { name: object.metadata.name };
  if (info.group) details.group = info.group;
  details.kind = info.resource;
  details.uid = object.metadata.uid;
  return respond(ctx, 200, successStatus({ details }), info);
}

export function remove(ctx: RestContext, req: RestRequest): Response {
  const { route } = req;
  const opts = deleteOptions(req.url, req.body);
  const { object, deleted } = deleteOne(ctx, req, route.namespace ?? '', route.name ?? '', opts);
  return deleteResponse(ctx, route.info, object, deleted);
}

export function deleteCollection(
  ctx: RestContext,
  req: RestRequest,
  filter: ObjectFilter,
): Response {
  const { store } = ctx;
  const { route } = req;
  const { info } = route;
  const opts = deleteOptions(req.url, req.body);
  const objects = (
    route.namespace !== undefined
      ? store.list(info.resource, route.namespace)
      : store.list(info.resource)
  ).filter((o) => matchesFilter(info.resource, filter, o));
  const items: Record<string, unknown>[] = [];
  for (const o of objects) {
    try {
      const { object } = deleteOne(
        ctx,
        req,
        o.metadata.namespace ?? '',
        o.metadata.name ?? '',
        opts,
      );
      items.push(withoutTypeMeta(object));
    } catch (error) {
      // Deleted by someone else meanwhile.
      if (!(isApiError(error) && error.code === 404)) throw error;
    }
  }
  return respond(
    ctx,
    200,
    {
      kind: info.listKind,
      apiVersion: info.apiVersion,
      metadata: { resourceVersion: store.currentResourceVersion() },
      items,
    },
    info,
  );
}
