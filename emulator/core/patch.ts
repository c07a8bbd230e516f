/**
 * The three patch formats the apiserver applies to a live object, written from their specs:
 * JSON Patch (RFC 6902, application/json-patch+json; client-node's default), JSON Merge Patch
 * (RFC 7386, application/merge-patch+json; kubectl label/annotate/scale) and strategic merge
 * patch (application/strategic-merge-patch+json; kubectl apply/edit) with the served kinds'
 * patchMergeKey/patchStrategy struct tags and the directives $patch, $retainKeys,
 * $setElementOrder/<f> and $deleteFromPrimitiveList/<f>
 * (k8s.io/apimachinery/pkg/util/strategicpatch). Errors throw ApiError.
 */
import { ApiError, badRequest } from './errors';
import type { ResourceName } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function clone<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

function unprocessable(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

// ---------------------------------------------------------------------------------------------
// RFC 6902 JSON Patch

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw unprocessable(`json patch: invalid path ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, length: number, allowEnd: boolean, path: string): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) {
    throw unprocessable(`json patch: invalid array index ${JSON.stringify(token)} in ${path}`);
  }
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) {
    throw unprocessable(`json patch: index out of bounds in ${path}`);
  }
  return i;
}

function getAt(doc: Json, tokens: string[], path: string): Json {
  let cur: Json = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false, path)]!;
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t]!;
    else throw unprocessable(`json patch: path not found: ${path}`);
  }
  return cur;
}

function parentOf(doc: Json, tokens: string[], path: string): { parent: Json; last: string } {
  if (tokens.length === 0) throw unprocessable(`json patch: cannot operate on the root: ${path}`);
  const parent = getAt(doc, tokens.slice(0, -1), path);
  return { parent, last: tokens[tokens.length - 1]! };
}

function addAt(doc: Json, path: string, value: Json): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, path), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw unprocessable(`json patch: path not found: ${path}`);
  return doc;
}

function removeAt(doc: Json, path: string): { doc: Json; removed: Json } {
  const tokens = parsePointer(path);
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false, path);
    const [removed] = parent.splice(i, 1);
    return { doc, removed: removed! };
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    const removed = parent[last]!;
    delete parent[last];
    return { doc, removed };
  }
  throw unprocessable(`json patch: remove operation does not apply: doc is missing path: ${path}`);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || typeof a !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return (
    ak.length === bk.length &&
    ak.every((k) => jsonEqual((a as JsonObject)[k], (b as JsonObject)[k]))
  );
}

export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  let doc = clone(document) as Json;
  for (const raw of patch) {
    if (!isObject(raw)) throw badRequest('json patch: operation must be an object');
    const op = raw.op;
    const path = raw.path;
    if (typeof path !== 'string')
      throw unprocessable(`json patch: missing path in ${op} operation`);
    switch (op) {
      case 'add':
        if (!('value' in raw)) throw unprocessable('json patch: add operation, missing value');
        doc = addAt(doc, path, clone(raw.value!));
        break;
      case 'remove':
        doc = removeAt(doc, path).doc;
        break;
      case 'replace': {
        if (!('value' in raw)) throw unprocessable('json patch: replace operation, missing value');
        const tokens = parsePointer(path);
        if (tokens.length === 0) {
          doc = clone(raw.value!);
          break;
        }
        const { parent, last } = parentOf(doc, tokens, path);
        if (Array.isArray(parent))
          parent[arrayIndex(last, parent.length, false, path)] = clone(raw.value!);
        else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
          parent[last] = clone(raw.value!);
        } else {
          throw unprocessable(
            `json patch: replace operation does not apply: doc is missing key: ${path}`,
          );
        }
        break;
      }
      case 'move':
      case 'copy': {
        const from = raw.from;
        if (typeof from !== 'string')
          throw unprocessable(`json patch: missing from in ${op} operation`);
        if (op === 'move' && (path === from || path.startsWith(`${from}/`))) {
          if (path !== from) throw unprocessable('json patch: move into own child');
          break;
        }
        const value =
          op === 'move' ? removeAt(doc, from).removed : clone(getAt(doc, parsePointer(from), from));
        doc = addAt(doc, path, value);
        break;
      }
      case 'test': {
        let actual: Json;
        try {
          actual = getAt(doc, parsePointer(path), path);
        } catch {
          throw unprocessable(`json patch: testing value ${path} failed: test failed`);
        }
        if (!jsonEqual(actual, raw.value)) {
          throw unprocessable(`json patch: testing value ${path} failed: test failed`);
        }
        break;
      }
      default:
        throw unprocessable(`json patch: unexpected operation ${JSON.stringify(op ?? '')}`);
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// RFC 7386 JSON Merge Patch

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? (clone(target) as JsonObject) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v) as Json;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch

export type ListStrategy =
  | { type: 'merge'; key: string; secondaryKey?: { name: string; default: string } }
  | { type: 'set' }
  | { type: 'atomic' };

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function podSpecListStrategy(rel: string[]): ListStrategy | undefined {
  const [a, b] = rel;
  if (rel.length === 1 && a) {
    if (CONTAINER_LISTS.has(a)) return { type: 'merge', key: 'name' };
    if (a === 'volumes' || a === 'imagePullSecrets') return { type: 'merge', key: 'name' };
    if (a === 'schedulingGates' || a === 'resourceClaims') return { type: 'merge', key: 'name' };
    if (a === 'hostAliases') return { type: 'merge', key: 'ip' };
    if (a === 'topologySpreadConstraints') return { type: 'merge', key: 'topologyKey' };
  }
  if (rel.length === 2 && a && CONTAINER_LISTS.has(a)) {
    if (b === 'ports') {
      return {
        type: 'merge',
        key: 'containerPort',
        secondaryKey: { name: 'protocol', default: 'TCP' },
      };
    }
    if (b === 'env') return { type: 'merge', key: 'name' };
    if (b === 'volumeMounts') return { type: 'merge', key: 'mountPath' };
    if (b === 'volumeDevices') return { type: 'merge', key: 'devicePath' };
  }
  return undefined;
}

/**
 * The patch strategy of the list at `path` (field names from the object root, list indices
 * removed), from the k8s.io/api struct tags of the served kinds.
 */
export function listStrategy(resource: ResourceName | 'scale', path: string[]): ListStrategy {
  const p = path.join('.');
  if (p === 'metadata.ownerReferences' || p === 'spec.template.metadata.ownerReferences') {
    return { type: 'merge', key: 'uid' };
  }
  if (p === 'metadata.finalizers' || p === 'spec.template.metadata.finalizers')
    return { type: 'set' };
  const podSpecRoot =
    resource === 'pods'
      ? ['spec']
      : ['deployments', 'replicasets', 'statefulsets', 'daemonsets'].includes(resource)
        ? ['spec', 'template', 'spec']
        : undefined;
  if (podSpecRoot && podSpecRoot.every((s, i) => path[i] === s)) {
    const strategy = podSpecListStrategy(path.slice(podSpecRoot.length));
    if (strategy) return strategy;
  }
  switch (resource) {
    case 'pods':
      if (p === 'status.conditions') return { type: 'merge', key: 'type' };
      if (p === 'status.podIPs' || p === 'status.hostIPs') return { type: 'merge', key: 'ip' };
      break;
    case 'services':
      if (p === 'spec.ports') {
        return { type: 'merge', key: 'port', secondaryKey: { name: 'protocol', default: 'TCP' } };
      }
      if (p === 'status.conditions') return { type: 'merge', key: 'type' };
      break;
    case 'deployments':
    case 'replicasets':
    case 'statefulsets':
    case 'daemonsets':
    case 'poddisruptionbudgets':
    case 'namespaces':
      if (p === 'status.conditions') return { type: 'merge', key: 'type' };
      break;
    case 'serviceaccounts':
      if (p === 'secrets') return { type: 'merge', key: 'name' };
      break;
    case 'nodes':
      if (p === 'status.conditions' || p === 'status.addresses')
        return { type: 'merge', key: 'type' };
      if (p === 'spec.podCIDRs') return { type: 'set' };
      break;
    default:
      break;
  }
  return { type: 'atomic' };
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function smpError(message: string): ApiError {
  return unprocessable(message);
}

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
      return base.filter((v) => !deleteFromPrimitive.some((d) => jsonEqual(d, v)));
    }
    return clone(patch);
  }

  if (strategy.type === 'set') {
    let out = base.filter((v) => !(deleteFromPrimitive ?? []).some((d) => jsonEqual(d, v)));
    for (const v of patch) if (!out.some((o) => jsonEqual(o, v))) out.push(v);
    if (setOrder) {
      const inOrder = setOrder.filter((v) => out.some((o) => jsonEqual(o, v)));
      const rest = out.filter((o) => !setOrder.some((v) => jsonEqual(o, v)));
      out = mergeSorted(rest, inOrder, base);
    }
    return out;
  }

  const out = base;
  const patched: Json[] = [];
  for (const p of patch) {
    if (!isObject(p))
      throw smpError(
        `map: ${JSON.stringify(p)} does not contain declared merge key: ${strategy.key}`,
      );
    if (!(strategy.key in p)) {
      throw smpError(
        `map: map[${Object.entries(p)
          .map(([k, v]) => `${k}:${JSON.stringify(v)}`)
          .join(' ')}] does not contain declared merge key: ${strategy.key}`,
      );
    }
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
  return mergeSortedBy(left, right, (item) => serverOrder.findIndex((o) => jsonEqual(o, item)));
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
    throw smpError(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  let out: JsonObject = isObject(original) ? clone(original) : {};
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw smpError('$retainKeys must be a list of strings');
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
      out[field] = current.filter((v) => !value.some((d) => jsonEqual(d, v)));
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

export const PATCH_CONTENT_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
  'application/strategic-merge-patch+json',
];
