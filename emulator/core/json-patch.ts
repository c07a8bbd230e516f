/**
 * JSON Patch (RFC 6902, application/json-patch+json; client-node's default patch type) applied
 * as the apiserver's patcher does it (github.com/evanphx/json-patch): JSON pointers, the six
 * operations, and the library's error texts. A malformed patch document is 400, an operation
 * that cannot apply is 422.
 */
import { deepEqual } from './deep-equal';
import { badRequest } from './errors';
import { clone, isObject, unprocessable, type Json } from './patch-common';

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
        if (!deepEqual(actual, raw.value)) {
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
