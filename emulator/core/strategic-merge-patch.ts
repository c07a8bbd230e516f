/**
 * Strategic merge patch (application/strategic-merge-patch+json; kubectl apply and edit) as
 * staging/src/k8s.io/apimachinery/pkg/util/strategicpatch applies it: maps merge recursively,
 * lists follow their patch strategy (./patch-merge-keys.ts), and the directives `$patch`
 * (replace, delete, merge), `$retainKeys`, `$setElementOrder/<field>` and
 * `$deleteFromPrimitiveList/<field>` do what they do upstream. Errors are upstream's texts.
 */
import { deepEqual } from './deep-equal';
import { ApiError, badRequest } from './errors';
import { goFormat } from './go-format';
import { clone, isObject, unprocessable, type Json, type JsonObject } from './patch-common';
import { listStrategy, type ListStrategy } from './patch-merge-keys';
import type { ResourceName } from './types';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function keyOf(item: JsonObject, strategy: Extract<ListStrategy, { type: 'merge' }>): string {
  return JSON.stringify(item[strategy.key] ?? null);
}

/** Finds the original item a patch item merges into (merge key, then the secondary key). */
function findMatch(
  items: Json[],
  patchItem: JsonObject,
  strategy: Extract<ListStrategy, { type: 'merge' }>,
): number {
  const k = keyOf(patchItem, strategy);
  const candidates: number[] = [];
  items.forEach((item, i) => {
    if (isObject(item) && keyOf(item, strategy) === k) candidates.push(i);
  });
  if (candidates.length <= 1 || !strategy.secondaryKey) return candidates[0] ?? -1;
  const { name, default: dflt } = strategy.secondaryKey;
  const wanted = (patchItem[name] as string | undefined) ?? dflt;
  const exact = candidates.find((i) => ((items[i] as JsonObject)[name] ?? dflt) === wanted);
  return exact ?? candidates[0]!;
}

/**
 * mergepatch.ErrNoMergeKey, a plain Go error the patch handler passes through
 * (interpretStrategicMergePatchError's default), so the apiserver answers it as a 500.
 */
function noMergeKey(item: Json, key: string): ApiError {
  return new ApiError(
    500,
    '',
    `map: ${goFormat(item)} does not contain declared merge key: ${key}`,
  );
}

function mergeList(
  resource: ResourceName | 'scale',
  path: string[],
  original: Json | undefined,
  patch: Json[],
  setOrder: Json[] | undefined,
  deleteFromPrimitive: Json[] | undefined,
): Json[] {
  const strategy = listStrategy(resource, path);
  const base: Json[] = Array.isArray(original) ? clone(original) : [];

  // $patch: replace as a list element replaces the whole list.
  const replaceDirective = patch.some((p) => isObject(p) && p[DIRECTIVE] === 'replace');
  if (replaceDirective) {
    return patch.filter((p) => !(isObject(p) && p[DIRECTIVE] === 'replace'));
  }

  if (strategy.type === 'atomic') {
    if (deleteFromPrimitive) {
      return base.filter((v) => !deleteFromPrimitive.some((d) => deepEqual(d, v)));
    }
    return clone(patch);
  }

  if (strategy.type === 'set') {
    let out = base.filter((v) => !(deleteFromPrimitive ?? []).some((d) => deepEqual(d, v)));
    for (const v of patch) if (!out.some((o) => deepEqual(o, v))) out.push(v);
    if (setOrder) {
      const inOrder = setOrder.filter((v) => out.some((o) => deepEqual(o, v)));
      const rest = out.filter((o) => !setOrder.some((v) => deepEqual(o, v)));
      out = mergeSorted(rest, inOrder, base);
    }
    return out;
  }

  // strategicpatch mergeMap: "If it's not in the original document, just take the patch value"
  // — a list the original lacks is the patch's list, items without a merge key included, which
  // validation then judges (a container without a name is 422 `…name: Required value`).
  // Unless $setElementOrder names it: mergePatchIntoOriginal partitions it by the merge key.
  if (!Array.isArray(original) && !setOrder) {
    const taken: Json[] = [];
    for (const p of patch) {
      if (isObject(p) && p[DIRECTIVE] === 'delete') continue;
      taken.push(isObject(p) ? mergeMap(resource, path, undefined, p) : clone(p));
    }
    return taken;
  }

  const out = base;
  const patched: Json[] = [];
  for (const p of patch) {
    // A non-map item keeps the emulator's 422 (upstream fails sliceElementType first).
    if (!isObject(p))
      throw unprocessable(
        `map: ${JSON.stringify(p)} does not contain declared merge key: ${strategy.key}`,
      );
    if (!(strategy.key in p)) throw noMergeKey(p, strategy.key);
    const i = findMatch(out, p, strategy);
    if (p[DIRECTIVE] === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) {
      out[i] = mergeMap(resource, path, out[i], p);
      patched.push(out[i]!);
    } else {
      const added = mergeMap(resource, path, undefined, p);
      out.push(added);
      patched.push(added);
    }
  }
  if (!setOrder) return out;

  // $setElementOrder: patched items in that order, server-only items interleaved by their
  // original position (strategicpatch normalizeElementOrder / mergeSortedSlice).
  const orderIndex = (item: Json) =>
    setOrder.findIndex(
      (o) => isObject(o) && isObject(item) && keyOf(o, strategy) === keyOf(item, strategy),
    );
  const inPatch = out.filter((item) => orderIndex(item) >= 0 || patched.includes(item));
  const serverOnly = out.filter((item) => !inPatch.includes(item));
  inPatch.sort((a, b) => {
    const ia = orderIndex(a);
    const ib = orderIndex(b);
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  });
  const serverKeyIndex = (item: Json) =>
    (Array.isArray(original) ? original : []).findIndex(
      (o) => isObject(o) && isObject(item) && keyOf(o, strategy) === keyOf(item, strategy),
    );
  return mergeSortedBy(serverOnly, inPatch, serverKeyIndex);
}

function mergeSorted(left: Json[], right: Json[], serverOrder: Json[]): Json[] {
  return mergeSortedBy(left, right, (item) => serverOrder.findIndex((o) => deepEqual(o, item)));
}

function mergeSortedBy(left: Json[], right: Json[], serverIndex: (item: Json) => number): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = serverIndex(left[i]!);
      const ri = serverIndex(right[j]!);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

function mergeMap(
  resource: ResourceName | 'scale',
  path: string[],
  original: Json | undefined,
  patch: JsonObject,
): Json {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    const { [DIRECTIVE]: _d, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (directive === 'delete') return null;
  if (directive !== undefined && directive !== 'merge') {
    throw unprocessable(
      `Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`,
    );
  }
  let out: JsonObject = isObject(original) ? clone(original) : {};
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw unprocessable('$retainKeys must be a list of strings');
    const keep = new Set(retain.map(String));
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS) continue;
    if (key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVE)) continue;
    const childPath = [...path, key];
    if (value === null) {
      delete out[key];
      continue;
    }
    if (Array.isArray(value)) {
      const order = patch[`${SET_ORDER}${key}`];
      const del = patch[`${DELETE_PRIMITIVE}${key}`];
      out[key] = mergeList(
        resource,
        childPath,
        out[key],
        value,
        Array.isArray(order) ? order : undefined,
        Array.isArray(del) ? del : undefined,
      );
      continue;
    }
    if (isObject(value)) {
      const merged = mergeMap(resource, childPath, out[key], value);
      if (merged === null) delete out[key];
      else out[key] = merged;
      continue;
    }
    out[key] = value;
  }
  // Directives for lists the patch does not otherwise mention.
  for (const [key, value] of Object.entries(patch)) {
    let field: string | undefined;
    if (key.startsWith(DELETE_PRIMITIVE)) field = key.slice(DELETE_PRIMITIVE.length);
    else if (key.startsWith(SET_ORDER)) field = key.slice(SET_ORDER.length);
    if (!field || field in patch || !Array.isArray(value)) continue;
    const current = out[field];
    if (!Array.isArray(current)) continue;
    if (key.startsWith(DELETE_PRIMITIVE)) {
      out[field] = current.filter((v) => !value.some((d) => deepEqual(d, v)));
    } else {
      out[field] = mergeList(resource, [...path, field], current, [], value, undefined);
    }
  }
  return out;
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (
      k === DIRECTIVE ||
      k === RETAIN_KEYS ||
      k.startsWith(SET_ORDER) ||
      k.startsWith(DELETE_PRIMITIVE)
    ) {
      continue;
    }
    out[k] = stripDirectives(v);
  }
  return out;
}

export function applyStrategicMergePatch(
  resource: ResourceName | 'scale',
  original: unknown,
  patch: unknown,
): unknown {
  if (!isObject(patch)) {
    throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
  }
  const result = mergeMap(resource, [], original as Json, patch);
  return result === null ? {} : result;
}
