/**
 * Server-side apply (PATCH with `application/apply-patch+yaml`) of an object or its /status, as
 * upstream's applyPatcher (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go): the
 * applied configuration must name the resource's apiVersion and kind; the field manager
 * (emulator/core/managed-fields/apply-manager.ts) merges it over the live object, prunes what
 * the applier no longer applies, records ownership or refuses a conflict (409), and the result
 * is then written like any update — admission, the strategy's defaults and validation, and no
 * new resourceVersion when nothing changed. Applying a missing object creates it (201).
 */
import { parse as parseYaml } from 'yaml';
import { kindSchema } from '../../api/openapi/field-types';
import { badRequest, conflict, notFound } from '../../core/errors';
import { applyManagedFields, gvkString } from '../../core/managed-fields/apply-manager';
import type { ResourceInfo } from '../../core/resources';
import { timestamp } from '../../core/time';
import type { KubeObject } from '../../core/types';
import type { RestContext, RestRequest } from './context';
import { checkPatchedKind, checkTypes, checkUnknownFields } from './decode';
import { respond, strategyWarnings } from './output';
import type { WriteParams } from './query';
import { admit, authorizeCreate, checkNamespaceAndName, writeUpdate } from './write';

/**
 * The applied configuration (YAML or JSON), which must be of the resource's group, version and
 * kind (versioncheck.go: `invalid object type: apps/v1, Kind=Deployment`, 400).
 */
function decodeApplied(info: ResourceInfo, body: Uint8Array): KubeObject {
  let value: unknown;
  try {
    value = parseYaml(new TextDecoder().decode(body));
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('error decoding YAML: the applied configuration is not an object');
  }
  const object = value as KubeObject;
  if (object.apiVersion !== info.apiVersion || object.kind !== info.kind) {
    throw badRequest(`invalid object type: ${gvkString(object.apiVersion, object.kind)}`);
  }
  object.metadata ??= {};
  return object;
}

export function applyObject(
  ctx: RestContext,
  req: RestRequest,
  params: WriteParams,
  force: boolean,
): Response {
  const { store } = ctx;
  const { route } = req;
  const { info } = route;
  const config = decodeApplied(info, req.body);
  const existing = store.get(info.resource, route.namespace ?? '', route.name ?? '');
  if (!existing && route.subresource) throw notFound(info.resource, info.group, route.name ?? '');
  const uid = config.metadata.uid;
  if (!existing && typeof uid === 'string' && uid !== '') {
    throw conflict(
      info.resource,
      info.group,
      route.name ?? '',
      `uid mismatch: the provided object specified uid ${uid}, and no existing object was found`,
    );
  }
  const object = applyManagedFields(
    existing,
    config,
    {
      manager: params.manager,
      force,
      apiVersion: info.apiVersion,
      subresource: route.subresource === 'status' ? 'status' : undefined,
      statusIsSubresource: info.hasStatus,
      time: () => timestamp(ctx.now()),
    },
    kindSchema(info.resource),
  );
  checkTypes(info, object, true);
  const warnings = checkUnknownFields(info.resource, config, params);
  checkPatchedKind(info, object);
  checkNamespaceAndName(route, object, true);
  const opts = { appliedManagedFields: true };
  if (!existing) {
    const target = { namespace: route.namespace ?? '', name: route.name ?? '', object };
    authorizeCreate(ctx, req);
    admit(ctx, req, 'CREATE', target, params.dryRun);
    const created = store.create(info.resource, object, {
      ...opts,
      dryRun: params.dryRun,
      fieldManager: params.manager,
    });
    return respond(ctx, 201, created, info, [
      ...warnings,
      ...strategyWarnings(ctx, info.resource, created),
    ]);
  }
  const written = writeUpdate(ctx, req, object, params, opts);
  return respond(ctx, 200, written.result, info, [...warnings, ...written.warnings]);
}
