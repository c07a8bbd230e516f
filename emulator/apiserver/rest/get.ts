/**
 * GET of one object (or its /status, or its /scale as an autoscaling/v1 Scale), as JSON or as a
 * one-row Table when kubectl asks for one.
 */
import { TABLE_TYPE, wantsTable } from '../responses';
import type { RestContext, RestRequest } from './context';
import { respond, tableOf } from './output';
import { scaleOf } from './subresources';
import { existingOrThrow } from './write';

export function get(ctx: RestContext, req: RestRequest): Response {
  const { route } = req;
  const { info } = route;
  const object = existingOrThrow(ctx, route);
  if (route.subresource === 'scale') return respond(ctx, 200, scaleOf(object), info);
  if (wantsTable(req.request)) {
    const listMeta = { resourceVersion: object.metadata.resourceVersion ?? '' };
    const table = tableOf(ctx, info.resource, [object], listMeta, req.url);
    if (table) return respond(ctx, 200, table, info, [], TABLE_TYPE);
  }
  return respond(ctx, 200, object, info);
}
