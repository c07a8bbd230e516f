/**
 * POST (create, 201) and PUT (update, 200; 201 when a resource that allows create-on-update
 * creates) of an object, its /status or /finalize; PUT of /scale is in ./subresources.ts.
 * Bodies are decoded and checked as ./decode.ts describes, then the store runs the registry
 * strategies (defaults and validation) and answers.
 */
import type { RestContext, RestRequest } from './context';
import { checkTypes, checkUnknownFields, decodeObject, mediaType } from './decode';
import { respond, strategyWarnings } from './output';
import { writeParams } from './query';
import { updateScale } from './subresources';
import { admit, checkNamespaceAndName, writeUpdate } from './write';

export function create(ctx: RestContext, req: RestRequest): Response {
  const { info } = req.route;
  const params = writeParams(req.url, 'CreateOptions', req.request.headers.get('user-agent'));
  const object = decodeObject(info, req.body, mediaType(req.request));
  checkTypes(info, object, false);
  const warnings = checkUnknownFields(info.resource, object, params);
  checkNamespaceAndName(req.route, object, false);
  const namespace = req.route.namespace ?? '';
  admit(ctx, req, 'CREATE', { namespace, name: object.metadata.name ?? '', object }, params.dryRun);
  const created = ctx.store.create(info.resource, object, {
    dryRun: params.dryRun,
    fieldManager: params.manager,
  });
  return respond(ctx, 201, created, info, [
    ...warnings,
    ...strategyWarnings(ctx, info.resource, created),
  ]);
}

export function update(ctx: RestContext, req: RestRequest): Response {
  const { route } = req;
  const { info } = route;
  const params = writeParams(req.url, 'UpdateOptions', req.request.headers.get('user-agent'));
  if (route.subresource === 'scale') return updateScale(ctx, req, params);
  const object = decodeObject(info, req.body, mediaType(req.request));
  checkTypes(info, object, false);
  const warnings = checkUnknownFields(info.resource, object, params);
  checkNamespaceAndName(route, object, true);
  const written = writeUpdate(ctx, req, object, params);
  return respond(ctx, written.created ? 201 : 200, written.result, info, [
    ...warnings,
    ...written.warnings,
  ]);
}
