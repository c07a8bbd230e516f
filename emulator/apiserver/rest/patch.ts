/**
 * PATCH of an object, its /status or /scale: JSON patch, merge patch, strategic merge patch and
 * server-side apply (`application/apply-patch+yaml`, ./patch-apply.ts; on /scale still a
 * strategic merge of the applied Scale). PatchOptions are checked as ValidatePatchOptions does:
 * `force` only on apply, `fieldManager` required for apply. The patched object is checked like a
 * PUT body, except that a value of the wrong JSON type is upstream's 422 on `patch` (./decode.ts).
 */
import { parse as parseYaml } from 'yaml';
import {
  badRequest,
  fieldForbidden,
  fieldRequired,
  notFound,
  unsupportedMediaType,
} from '../../core/errors';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PATCH_CONTENT_TYPES,
} from '../../core/patch';
import type { FieldCause, KubeObject, ResourceName } from '../../core/types';
import type { RestContext, RestRequest } from './context';
import { checkPatchedKind, checkTypes, checkUnknownFields, mediaType } from './decode';
import { respond } from './output';
import { applyObject } from './patch-apply';
import { parseBool, writeParams } from './query';
import { scaleOf, writeScale } from './subresources';
import { checkNamespaceAndName, existingOrThrow, writeUpdate } from './write';

const APPLY = 'application/apply-patch+yaml';

/**
 * A merge patch that is not a JSON object, as patch.go's jsonPatcher refuses it (400): under
 * Strict or Warn (the default) its strict decode into map[string]interface{} fails first; a
 * `null` body, or any non-object under Ignore, is json-patch's ErrBadJSONPatch. (Under Ignore a
 * list would be merged into a list and refused when decoded; that case is refused here alike.)
 */
function checkMergePatchBody(patch: unknown, fieldValidation: string): void {
  if (typeof patch === 'object' && patch !== null && !Array.isArray(patch)) return;
  if (patch !== null && fieldValidation !== 'Ignore') {
    const type = Array.isArray(patch)
      ? 'array'
      : typeof patch === 'boolean'
        ? 'bool'
        : typeof patch;
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
    );
  }
  throw badRequest('Invalid JSON Patch');
}

function applyPatch(
  resource: ResourceName | 'scale',
  type: string,
  original: unknown,
  patchBody: Uint8Array,
  fieldValidation: string,
): unknown {
  const text = new TextDecoder().decode(patchBody);
  let patch: unknown;
  try {
    patch = type === APPLY ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
  switch (type) {
    case 'application/json-patch+json':
      return applyJsonPatch(original, patch);
    case 'application/merge-patch+json':
      checkMergePatchBody(patch, fieldValidation);
      return applyMergePatch(original, patch);
    case 'application/strategic-merge-patch+json':
    case APPLY:
      return applyStrategicMergePatch(resource, original, patch);
    default:
      throw unsupportedMediaType(PATCH_CONTENT_TYPES);
  }
}

/** ValidatePatchOptions' own rules, before the options every write shares. */
function patchOptionCauses(url: URL, type: string, force: boolean | undefined): FieldCause[] {
  if (type !== APPLY) {
    return force === undefined
      ? []
      : [fieldForbidden('force', 'may not be specified for non-apply patch')];
  }
  return url.searchParams.get('fieldManager')
    ? []
    : [fieldRequired('fieldManager', 'is required for apply patch')];
}

export function patch(ctx: RestContext, req: RestRequest): Response {
  const { store } = ctx;
  const { route, body, url } = req;
  const { info } = route;
  const type = mediaType(req.request);
  if (!PATCH_CONTENT_TYPES.includes(type)) throw unsupportedMediaType(PATCH_CONTENT_TYPES);
  const force = url.searchParams.has('force')
    ? parseBool(url.searchParams.get('force'))
    : undefined;
  const params = writeParams(
    url,
    'PatchOptions',
    req.request.headers.get('user-agent'),
    patchOptionCauses(url, type, force),
  );
  if (route.subresource === 'scale') {
    const existing = existingOrThrow(ctx, route);
    const scale = applyPatch(
      'scale',
      type,
      scaleOf(existing),
      body,
      params.fieldValidation,
    ) as KubeObject;
    return writeScale(ctx, req, existing, scale, params);
  }
  if (type === APPLY) return applyObject(ctx, req, params, force ?? false);
  const existing = store.get(info.resource, route.namespace ?? '', route.name ?? '');
  if (!existing) throw notFound(info.resource, info.group, route.name ?? '');
  const patched = applyPatch(info.resource, type, existing, body, params.fieldValidation);
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) {
    throw badRequest('the patched object is not a JSON object');
  }
  const object = patched as KubeObject;
  // Upstream quotes a strategic merge patch itself (as Go prints it) when it cannot decode the result.
  const strategic = type === 'application/strategic-merge-patch+json';
  checkTypes(
    info,
    object,
    strategic ? { strategic: JSON.parse(new TextDecoder().decode(body)) } : true,
  );
  const warnings = checkUnknownFields(info.resource, object, params);
  checkPatchedKind(info, object);
  object.metadata ??= {};
  checkNamespaceAndName(route, object, true);
  const written = writeUpdate(ctx, req, object, params);
  return respond(ctx, 200, written.result, info, [...warnings, ...written.warnings]);
}
