/**
 * The value operations server-side apply needs, from structured-merge-diff's typed package:
 * `merge` (typed.Merge with ruleKeepRHS: the applied configuration laid over the live object,
 * granular lists and maps merged item by item, everything else replaced), `removeItems`
 * (typed.RemoveItems: the object without the given fields, list items and map keys) and
 * `ensureNamedFieldsAreMembers` (fieldpath.Set.EnsureNamedFieldsAreMembers: the struct fields
 * on the way to a set's leaves count as members, so pruning can drop a whole struct).
 *
 * A list or map left with nothing is dropped from its parent, as SMD leaves `null` there and
 * converting back to the Go type then omits it.
 */
import { FieldSet } from './field-set';
import { fieldElement, type Json, type PathElement } from './path-element';
import { childType, isObj, itemElement, resolve, type ListType, type SmdType } from './schema';
import { indexItems } from './typed-sets';

// ---------------------------------------------------------------------------------------------
// Merge

/** `rhs` laid over `lhs`; undefined when the result has nothing. */
export function merge(
  lhs: Json | undefined,
  rhs: Json | undefined,
  type: SmdType,
): Json | undefined {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  const tl = resolve(type, lhs);
  const tr = resolve(type, rhs);
  if (tl !== tr || tl.kind === 'scalar' || tl.kind === 'deduced' || tl.relationship === 'atomic') {
    return rhs;
  }
  if (tl.kind === 'list') {
    const la = Array.isArray(lhs) ? lhs : [];
    const ra = Array.isArray(rhs) ? rhs : [];
    if (la.length === 0 && ra.length === 0) return rhs;
    const out = mergeItems(tl, la, ra);
    return out.length ? out : undefined;
  }
  const lo = isObj(lhs) ? lhs : {};
  const ro = isObj(rhs) ? rhs : {};
  if (Object.keys(lo).length === 0 && Object.keys(ro).length === 0) return rhs;
  const out: { [key: string]: Json } = {};
  for (const key of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
    const v = merge(lo[key], ro[key], childType(tl, key));
    if (v !== undefined) out[key] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Items of both lists: an item only the live list has keeps its place, items the
 * configuration names follow the configuration's order (the merging walker's ordering).
 */
function mergeItems(list: ListType, la: readonly Json[], ra: readonly Json[]): Json[] {
  const errors: string[] = [];
  const left = indexItems(list, la, [], errors, true);
  const right = indexItems(list, ra, [], errors, false);
  const lOrder = [...left.values()];
  const rOrder = [...right.values()];
  const shared = rOrder.filter((item) => left.has(item.pe.id)).map((item) => item.pe.id);
  let nextShared = shared.shift();
  const out: Json[] = [];
  const push = (id: string) => {
    const l = left.get(id);
    const r = right.get(id);
    const v = l?.duplicate || r?.duplicate ? r?.value : merge(l?.value, r?.value, list.element);
    if (v !== undefined) out.push(v);
  };
  let i = 0;
  let j = 0;
  while (i < lOrder.length || j < rOrder.length) {
    if (i < lOrder.length && j < rOrder.length) {
      const id = lOrder[i]!.pe.id;
      if (id === rOrder[j]!.pe.id) {
        push(id);
        i++;
        j++;
        nextShared = shared.shift();
        continue;
      }
      if (right.has(id) && nextShared !== undefined && nextShared !== id) {
        i++;
        continue;
      }
    }
    if (i < lOrder.length && !right.has(lOrder[i]!.pe.id)) {
      push(lOrder[i]!.pe.id);
      i++;
      continue;
    }
    if (j < rOrder.length) {
      const id = rOrder[j]!.pe.id;
      push(id);
      j++;
      if (nextShared === id) nextShared = shared.shift();
    } else {
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// RemoveItems

/** `value` without the members of `set` (a member removes its whole subtree). */
export function removeItems(value: Json, set: FieldSet, type: SmdType): Json | undefined {
  if (set.empty()) return value;
  const t = resolve(type, value);
  if (t.kind === 'scalar' || t.kind === 'deduced' || t.relationship === 'atomic') return value;
  if (t.kind === 'list') {
    if (!Array.isArray(value) || value.length === 0) return value;
    const out: Json[] = [];
    value.forEach((item, i) => {
      let pe: PathElement;
      try {
        pe = itemElement(t, i, item);
      } catch {
        out.push(item);
        return;
      }
      if (set.members.has(pe.id)) return;
      const sub = set.withPrefix(pe);
      const kept = sub.empty() ? item : removeItems(item, sub, t.element);
      if (kept !== undefined) out.push(kept);
    });
    return out.length ? out : undefined;
  }
  if (!isObj(value)) return value;
  const out: { [key: string]: Json } = {};
  for (const key in value) {
    const v = value[key];
    if (v === undefined) continue;
    const pe = fieldElement(key);
    if (set.members.has(pe.id)) continue;
    const sub = set.withPrefix(pe);
    const kept = sub.empty() ? v : removeItems(v, sub, childType(t, key));
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// EnsureNamedFieldsAreMembers

/** `set` plus every named struct field that is a parent of one of its members. */
export function ensureNamedFieldsAreMembers(set: FieldSet, type: SmdType): FieldSet {
  const members = new Map(set.members);
  const children = new Map<string, { pe: PathElement; set: FieldSet }>();
  const t = type.kind === 'deduced' ? undefined : type;
  for (const [id, node] of set.children) {
    let sub: SmdType | undefined;
    if (node.pe.kind === 'field' && t?.kind === 'map') {
      if (t.fields?.has(node.pe.name)) members.set(id, node.pe);
      sub = childType(t, node.pe.name);
    } else if (node.pe.kind === 'key' && t?.kind === 'list') {
      sub = t.element;
    }
    children.set(id, {
      pe: node.pe,
      set: sub ? ensureNamedFieldsAreMembers(node.set, sub) : node.set,
    });
  }
  return new FieldSet(members, children);
}
