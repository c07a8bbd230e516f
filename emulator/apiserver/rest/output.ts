/**
 * What the REST handlers answer with: an object or list as JSON with the resource's deprecation
 * Warning (v1 Endpoints on 1.33+) and a write's strategy warnings, or a meta.k8s.io Table when
 * kubectl asks for one. A Table that cannot be built falls back to the plain object, which
 * kubectl prints as NAME/AGE as it does for servers without Tables.
 */
import { STRATEGY_TABLE } from '../../api/strategies';
import type { ResourceInfo } from '../../core/resources';
import type { KubeObject, ResourceName } from '../../core/types';
import { JSON_TYPE, jsonResponse } from '../responses';
import type { IncludeObject, RestContext } from './context';

export function deprecationWarnings(ctx: RestContext, info: ResourceInfo): string[] {
  if (info.resource === 'endpoints' && ctx.minorVersion >= 33) {
    return ['299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"'];
  }
  return [];
}

/**
 * The strategy's WarningsOnCreate (no `previous`) or WarningsOnUpdate as `Warning` header values
 * (a dry run gets them too).
 */
export function strategyWarnings(
  ctx: RestContext,
  resource: ResourceName,
  object: KubeObject,
  previous?: KubeObject,
): string[] {
  const strategy = STRATEGY_TABLE[resource];
  const texts = previous
    ? strategy.warningsOnUpdate?.(object, previous, ctx.minorVersion)
    : strategy.warningsOnCreate?.(object, ctx.minorVersion);
  return (texts ?? []).map((text) => `299 - ${JSON.stringify(text)}`);
}

export function respond(
  ctx: RestContext,
  status: number,
  body: unknown,
  info: ResourceInfo,
  warnings: string[] = [],
  contentType = JSON_TYPE,
): Response {
  return jsonResponse(status, body, {
    contentType,
    warnings: [...deprecationWarnings(ctx, info), ...warnings],
  });
}

export function tableOf(
  ctx: RestContext,
  resource: ResourceName,
  objects: KubeObject[],
  listMeta: { resourceVersion: string; continue?: string },
  url: URL,
): Record<string, unknown> | undefined {
  const include = url.searchParams.get('includeObject');
  const includeObject: IncludeObject =
    include === 'None' || include === 'Object' || include === 'Metadata' ? include : 'Metadata';
  try {
    return ctx.convertToTable(resource, objects, listMeta, { includeObject, now: ctx.now() });
  } catch (error) {
    console.error(`emulator: Table conversion failed for ${resource}`, error);
    return undefined;
  }
}

/** List items carry no kind/apiVersion of their own. */
export function withoutTypeMeta(object: KubeObject): Record<string, unknown> {
  const { kind: _k, apiVersion: _a, ...rest } = object;
  return rest;
}
