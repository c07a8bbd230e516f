/**
 * The REST handlers of the served resources: resolves the route and verb (./route.ts), reads the
 * body, builds the selector filter of list, watch and deletecollection (a named watch is a watch
 * filtered to that name), and calls the handler for the verb. Every handler is a plain function
 * of the shared `RestContext` and this request.
 */
import { methodNotAllowed } from '../../core/errors';
import { parseFilter } from '../../core/field-selectors';
import type { UserInfo } from '../../auth/types';
import type { RequestInfo } from '../request-info';
import type { RestContext, RestRequest } from './context';
import { create, update } from './create-update';
import { readBody } from './decode';
import { deleteCollection, remove } from './delete';
import { evict } from './eviction';
import { get } from './get';
import { list } from './list';
import { patch } from './patch';
import { podConnect } from './pod-connect';
import { podLog } from './pod-log';
import { CONNECT_SUBRESOURCES, resolveRoute, restVerb } from './route';
import { bind } from './subresources';
import { watch } from './watch';

/** `metadata.name=<name>` with the selector grammar's escapes. */
function nameSelector(name: string): string {
  return `metadata.name=${name.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=')}`;
}

export async function serveResource(
  ctx: RestContext,
  request: Request,
  info: RequestInfo,
  user: UserInfo,
): Promise<Response> {
  const route = resolveRoute(info);
  const method = request.method.toUpperCase();
  const verb = restVerb(route, info, method);
  const url = new URL(request.url);
  const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  const body = hasBody ? await readBody(request) : new Uint8Array(0);
  const req: RestRequest = { request, url, route, body, user };
  if (route.subresource !== undefined && CONNECT_SUBRESOURCES.has(route.subresource))
    return podConnect(ctx, req);
  switch (verb) {
    case 'list':
    case 'watch':
    case 'deletecollection': {
      let fieldSelector = url.searchParams.get('fieldSelector');
      if (route.name !== undefined) {
        const byName = nameSelector(route.name);
        fieldSelector = fieldSelector ? `${fieldSelector},${byName}` : byName;
      }
      const labelSelector = url.searchParams.get('labelSelector');
      const filter = parseFilter(route.info.resource, labelSelector, fieldSelector);
      if (verb === 'list') return list(ctx, req, filter);
      if (verb === 'watch') return watch(ctx, req, filter);
      return deleteCollection(ctx, req, filter);
    }
    case 'get':
      return route.subresource === 'log' ? podLog(ctx, req) : get(ctx, req);
    case 'create':
      if (route.subresource === 'binding') return bind(ctx, req);
      return route.subresource === 'eviction' ? evict(ctx, req) : create(ctx, req);
    case 'update':
      return update(ctx, req);
    case 'patch':
      return patch(ctx, req);
    case 'delete':
      return remove(ctx, req);
    default:
      throw methodNotAllowed();
  }
}
