/**
 * Per-field, per-endpoint record patches of stream protocol v2 (lib/stream/protocol.ts): what
 * the server sends instead of a whole record when a record it already sent changed, and the one
 * function that applies such a patch.
 *
 * Contract:
 * - `diffRecord(before, after)` returns a patch only when applying it to `before` gives a record
 *   structurally equal to `after` (checked, not assumed) and its JSON is smaller than the whole
 *   record's; otherwise undefined, and the caller sends the whole record;
 * - a patch names the resourceVersion it applies to (`b`): `applyRecordPatch` refuses (returns
 *   undefined) when the record it is given is at another version, so a receiver never builds a
 *   record the server never had; it then asks for a fresh snapshot;
 * - lists whose items have an identity are patched per item, keyed by that identity: the
 *   endpoints of an EndpointSlice (their addresses), the addresses of an Endpoints subset (their
 *   IP; an address moving between `addresses` and `notReadyAddresses` is one small move), the
 *   subsets themselves (by position), a pod's container statuses (by name), a Deployment's or
 *   ReplicaSet's conditions (by type). One endpoint's
 *   condition flip is one small entry. Any other field that changed is sent whole;
 * - the wire keys are one letter because this is the bulk of a busy stream; `PATCH_KEYS` below
 *   and the interfaces name them. Pure and isomorphic; `before` and `after` are never mutated.
 */
import type { SlimRecord } from '../topology/records';

/** A change to one object: fields set to whole values, fields removed, and changes in part. */
export interface ObjectPatch {
  /** Fields set (new or changed), each to its whole new value. */
  s?: Record<string, unknown>;
  /** Fields removed. */
  x?: string[];
  /** Object-valued fields changed in part. */
  o?: Record<string, ObjectPatch>;
  /** Keyed lists changed in part (see KEYED_LISTS). */
  l?: Record<string, ListOp[]>;
}

/** One item of a keyed list: changed in place, removed, inserted, or moved from a sibling list. */
export interface ListOp {
  /** The item's identity in its list. */
  k: string;
  /** Removed. */
  d?: 1;
  /** Inserted whole (a new item). */
  v?: unknown;
  /** Moved here from the sibling list of this name (e.g. `notReadyAddresses` → `addresses`). */
  f?: string;
  /** Index in the final list of an inserted or moved item. */
  i?: number;
  /** Changes to the item (in place, or after a move). */
  p?: ObjectPatch;
}

/** A record patch: the record's uid, the version it applies to, its new version, the changes. */
export interface RecordPatch extends ObjectPatch {
  u: string;
  /** resourceVersion of the record this patch applies to. */
  b: string;
  /** resourceVersion after it. */
  v: string;
}

type Json = Record<string, unknown>;
type KeyOf = (item: unknown, index: number) => string | undefined;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const field = (item: unknown, name: string) =>
  item && typeof item === 'object' ? (item as Json)[name] : undefined;

/** Lists patched per item, by the path of the list from the record (`Kind.field.field`). */
const KEYED_LISTS: Record<string, KeyOf> = {
  // An endpoint is its addresses (one address per endpoint in practice).
  'EndpointSlice.endpoints': (e) => {
    const a = field(e, 'addresses');
    return Array.isArray(a) && a.length > 0 ? a.join(',') : undefined;
  },
  'Endpoints.subsets': (_s, i) => String(i),
  'Endpoints.subsets.addresses': (a) => str(field(a, 'ip')),
  'Endpoints.subsets.notReadyAddresses': (a) => str(field(a, 'ip')),
  'Pod.containers': (c) => str(field(c, 'name')),
  // A workload's conditions are one per type; one changing is that one's changed fields.
  'Deployment.conditions': (c) => str(field(c, 'type')),
  'ReplicaSet.conditions': (c) => str(field(c, 'type')),
};

/** Structural equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Json)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Json)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as Json)[k], (b as Json)[k]));
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys of a list, or undefined when some item has no key or two share one. */
function keysOf(list: unknown[], keyOf: KeyOf): string[] | undefined {
  const keys = list.map((item, i) => keyOf(item, i));
  if (keys.some((k) => k === undefined) || new Set(keys).size !== keys.length) return undefined;
  return keys as string[];
}

/** What changed from `before` to `after`; `{}` when nothing did. */
function diffObject(before: Json, after: Json, path: string): ObjectPatch {
  const out: ObjectPatch = {};
  const lists = new Map<string, { before: unknown[]; after: unknown[]; keyOf: KeyOf }>();
  for (const [name, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[name];
    if (jsonEqual(old, value)) continue;
    const keyOf = KEYED_LISTS[`${path}.${name}`];
    if (keyOf && Array.isArray(old) && Array.isArray(value)) {
      lists.set(name, { before: old, after: value, keyOf });
    } else if (isPlainObject(old) && isPlainObject(value)) {
      (out.o ??= {})[name] = diffObject(old, value, `${path}.${name}`);
    } else {
      (out.s ??= {})[name] = value;
    }
  }
  for (const name of Object.keys(before)) {
    if (before[name] !== undefined && after[name] === undefined) (out.x ??= []).push(name);
  }
  if (lists.size > 0) {
    const ops = diffLists(lists, path);
    if (ops) {
      if (Object.keys(ops).length > 0) out.l = ops;
    } else {
      // Some list cannot be keyed (an item without identity, two with the same): send them whole.
      for (const [name, { after: list }] of lists) (out.s ??= {})[name] = list;
    }
  }
  return out;
}

/**
 * The keyed lists of one object, diffed together so an item leaving one list and entering a
 * sibling is a move. Undefined when some list cannot be keyed.
 */
function diffLists(
  lists: Map<string, { before: unknown[]; after: unknown[]; keyOf: KeyOf }>,
  path: string,
): Record<string, ListOp[]> | undefined {
  const keyed = new Map<string, { before: string[]; after: string[] }>();
  // Items that left each list, by key, to find moves between sibling lists.
  const left = new Map<string, { list: string; item: unknown }>();
  for (const [name, { before, after, keyOf }] of lists) {
    const kb = keysOf(before, keyOf);
    const ka = keysOf(after, keyOf);
    if (!kb || !ka) return undefined;
    keyed.set(name, { before: kb, after: ka });
    const stays = new Set(ka);
    kb.forEach((k, i) => {
      if (!stays.has(k)) left.set(k, { list: name, item: before[i] });
    });
  }
  const out: Record<string, ListOp[]> = {};
  const moved = new Set<string>();
  for (const [name, keys] of keyed) {
    const { before, after } = lists.get(name)!;
    const at = new Map(keys.before.map((k, i) => [k, i]));
    const ops: ListOp[] = [];
    for (let i = 0; i < after.length; i++) {
      const k = keys.after[i]!;
      const j = at.get(k);
      const from = j === undefined ? left.get(k) : undefined;
      if (j !== undefined) {
        if (jsonEqual(before[j], after[i])) continue;
        const p = diffItem(before[j], after[i], `${path}.${name}`);
        if (!p) return undefined;
        ops.push({ k, p });
      } else if (from && from.list !== name) {
        moved.add(`${from.list}\n${k}`);
        const p = diffItem(from.item, after[i], `${path}.${name}`);
        if (!p) return undefined;
        ops.push(Object.keys(p).length > 0 ? { k, f: from.list, i, p } : { k, f: from.list, i });
      } else {
        ops.push({ k, v: after[i], i });
      }
    }
    const stays = new Set(keys.after);
    for (const k of keys.before) if (!stays.has(k)) ops.push({ k, d: 1 });
    out[name] = ops;
  }
  // An item that moved is not also deleted from its old list: the move takes it.
  for (const [name, ops] of Object.entries(out)) {
    const kept = ops.filter((op) => !(op.d && moved.has(`${name}\n${op.k}`)));
    if (kept.length > 0) out[name] = kept;
    else delete out[name];
  }
  return out;
}

function diffItem(before: unknown, after: unknown, path: string): ObjectPatch | undefined {
  if (!isPlainObject(before) || !isPlainObject(after)) return undefined;
  return diffObject(before, after, path);
}

/** Applies an object patch to a copy of `target`; undefined when it does not fit. */
function applyObject(target: Json, patch: ObjectPatch, path: string): Json | undefined {
  const out: Json = { ...target };
  for (const name of patch.x ?? []) delete out[name];
  for (const [name, value] of Object.entries(patch.s ?? {})) out[name] = value;
  for (const [name, sub] of Object.entries(patch.o ?? {})) {
    const cur = out[name];
    if (!isPlainObject(cur)) return undefined;
    const next = applyObject(cur, sub, `${path}.${name}`);
    if (!next) return undefined;
    out[name] = next;
  }
  if (patch.l && !applyLists(out, target, patch.l, path)) return undefined;
  return out;
}

/** The keyed lists of `out` (a copy of `original`) with their operations applied, in place. */
function applyLists(
  out: Json,
  original: Json,
  lists: Record<string, ListOp[]>,
  path: string,
): boolean {
  const leaving = new Map<string, Set<string>>();
  for (const ops of Object.values(lists)) {
    for (const op of ops) {
      if (!op.f) continue;
      if (!leaving.has(op.f)) leaving.set(op.f, new Set());
      leaving.get(op.f)!.add(op.k);
    }
  }
  const itemIn = (name: string, key: string): unknown => {
    const keyOf = KEYED_LISTS[`${path}.${name}`];
    const list = original[name];
    if (!keyOf || !Array.isArray(list)) return undefined;
    return list.find((item, i) => keyOf(item, i) === key);
  };
  for (const name of new Set([...Object.keys(lists), ...leaving.keys()])) {
    const keyOf = KEYED_LISTS[`${path}.${name}`];
    const list = out[name] ?? [];
    if (!keyOf || !Array.isArray(list)) return false;
    const ops = lists[name] ?? [];
    const gone = new Set(leaving.get(name));
    for (const op of ops) if (op.d) gone.add(op.k);
    const changed = new Map<string, ObjectPatch>();
    for (const op of ops) if (op.p && !op.f) changed.set(op.k, op.p);
    const next: unknown[] = [];
    for (let i = 0; i < list.length; i++) {
      const k = keyOf(list[i], i);
      if (k === undefined) return false;
      if (gone.has(k)) continue;
      const p = changed.get(k);
      const item = p ? patchItem(list[i], p, `${path}.${name}`) : list[i];
      if (item === undefined) return false;
      next.push(item);
    }
    const inserts = ops.filter((op) => op.v !== undefined || op.f !== undefined);
    inserts.sort((a, b) => (a.i ?? 0) - (b.i ?? 0));
    for (const op of inserts) {
      let item = op.f !== undefined ? itemIn(op.f, op.k) : op.v;
      if (item !== undefined && op.f !== undefined && op.p)
        item = patchItem(item, op.p, `${path}.${name}`);
      const at = op.i ?? next.length;
      if (item === undefined || at > next.length) return false;
      next.splice(at, 0, item);
    }
    out[name] = next;
  }
  return true;
}

function patchItem(item: unknown, p: ObjectPatch, path: string): unknown {
  return isPlainObject(item) ? applyObject(item, p, path) : undefined;
}

/** The patch from `before` to `after` (same uid), or undefined: send `after` whole. */
export function diffRecord(before: SlimRecord, after: SlimRecord): RecordPatch | undefined {
  if (before.kind !== after.kind || before.meta.uid !== after.meta.uid) return undefined;
  const b = before as unknown as Json;
  const a = after as unknown as Json;
  const changes = diffObject(
    { ...b, meta: { ...before.meta, resourceVersion: '' } },
    { ...a, meta: { ...after.meta, resourceVersion: '' } },
    after.kind,
  );
  const patch: RecordPatch = {
    u: after.meta.uid,
    b: before.meta.resourceVersion,
    v: after.meta.resourceVersion,
    ...changes,
  };
  const applied = applyRecordPatch(before, patch);
  if (!applied || !jsonEqual(applied, after)) return undefined;
  if (JSON.stringify(patch).length >= JSON.stringify(after).length) return undefined;
  return patch;
}

/** `record` with `patch` applied, or undefined when the patch is for another version of it. */
export function applyRecordPatch(record: SlimRecord, patch: RecordPatch): SlimRecord | undefined {
  if (record.meta.uid !== patch.u || record.meta.resourceVersion !== patch.b) return undefined;
  const { u: _u, b: _b, v, ...changes } = patch;
  const applied = applyObject(record as unknown as Json, changes, record.kind);
  if (!applied || !isPlainObject(applied.meta)) return undefined;
  return { ...applied, meta: { ...applied.meta, resourceVersion: v } } as unknown as SlimRecord;
}
