/**
 * GET of a collection: pages (`limit`, `continue`, `remainingItemCount`), label and field
 * selectors, and resourceVersion semantics (unset or "0": current state; N: not older than N,
 * waiting for a future N; `resourceVersionMatch=Exact`: only the current RV, 410 otherwise).
 *
 * Continue tokens are served from current state ("inconsistent continue", which the API allows)
 * and carry the first page's RV, so a watch from it replays whatever changed in between; a token
 * whose RV has left the history gets 410.
 */
import { badRequest, expired } from '../../core/errors';
import { isEmptyFilter, matchesFilter, type ObjectFilter } from '../../core/field-selectors';
import { lowerBound } from '../../core/store';
import type { KubeObject } from '../../core/types';
import { TABLE_TYPE, wantsTable } from '../responses';
import type { RestContext, RestRequest } from './context';
import { validateListOptions, waitForFutureRV } from './list-options';
import { respond, tableOf, withoutTypeMeta } from './output';
import { parseIntParam, parseResourceVersion } from './query';

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as ContinueToken;
    if (
      token.v !== 'meta.k8s.io/v1' ||
      typeof token.rv !== 'number' ||
      typeof token.start !== 'string'
    ) {
      throw new Error('continue key is not valid');
    }
    return token;
  } catch {
    throw badRequest(`invalid continue token: continue key is not valid: ${value}`);
  }
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export async function list(
  ctx: RestContext,
  req: RestRequest,
  filter: ObjectFilter,
): Promise<Response> {
  const { store } = ctx;
  const { url, route } = req;
  const { info } = route;
  validateListOptions(url, false);
  const q = url.searchParams;
  const rvParam = q.get('resourceVersion') ?? '';
  const match = q.get('resourceVersionMatch') ?? '';
  const cont = q.get('continue') ?? '';
  const limit = Math.max(0, parseIntParam(q.get('limit')) ?? 0);
  if (cont && rvParam && rvParam !== '0') {
    throw badRequest('specifying resource version is not allowed when using continue');
  }
  let listRV = Number(store.currentResourceVersion());
  if (rvParam && rvParam !== '0') {
    const rv = parseResourceVersion(rvParam);
    await waitForFutureRV(ctx, rv);
    if (match === 'Exact' && rv !== Number(store.currentResourceVersion())) {
      throw expired('The resourceVersion for the provided list is too old.');
    }
    listRV = Number(store.currentResourceVersion());
  }
  let startKey = '';
  if (cont) {
    const token = decodeContinue(cont);
    if (token.rv < store.compactedResourceVersion()) throw expired(CONTINUE_EXPIRED);
    listRV = token.rv;
    startKey = token.start;
  }
  const keys = store.sortedKeys(info.resource);
  const prefix = info.namespaced && route.namespace !== undefined ? `${route.namespace}/` : '';
  let i = lowerBound(keys, startKey > prefix ? startKey : prefix);
  const items: KubeObject[] = [];
  let lastKey = '';
  let more = false;
  for (; i < keys.length && keys[i]!.startsWith(prefix); i++) {
    const object = store.getByKey(info.resource, keys[i]!);
    if (!object || !matchesFilter(info.resource, filter, object)) continue;
    if (limit > 0 && items.length >= limit) {
      more = true;
      break;
    }
    items.push(object);
    lastKey = keys[i]!;
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(listRV) };
  if (more) {
    metadata.continue = encodeContinue(listRV, lastKey);
    if (isEmptyFilter(filter)) {
      const end = prefix ? lowerBound(keys, `${prefix.slice(0, -1)}0`) : keys.length;
      metadata.remainingItemCount = Math.max(0, end - i);
    }
  }
  if (wantsTable(req.request)) {
    const listMeta = {
      resourceVersion: String(listRV),
      ...(more ? { continue: metadata.continue as string } : {}),
    };
    const table = tableOf(ctx, info.resource, items, listMeta, url);
    if (table) return respond(ctx, 200, table, info, [], TABLE_TYPE);
  }
  return respond(
    ctx,
    200,
    {
      kind: info.listKind,
      apiVersion: info.apiVersion,
      metadata,
      items: items.map(withoutTypeMeta),
    },
    info,
  );
}
