/**
 * The two ways structured-merge-diff turns objects into field sets (typed/tofieldset.go and
 * typed.Compare over the merging walker): the set of fields a value sets — an applied
 * configuration's fields become its manager's Apply set — and the comparison of a live and a new
 * object into the fields each write added, modified and removed — an Update's fields.
 *
 * Rules kept from SMD: scalars, atomic lists and atomic maps are leaves; list items and free-form
 * map keys are members, named struct fields only through their leaves; a list or map empty on
 * both sides is compared as a leaf (so `{}` and absent differ); a granular list or map that
 * appears or disappears is itself added or removed along with its contents. Associative-list
 * items with the same key (allowed in stored objects, never in an applied configuration) are
 * owned together as one leaf, as SMD's AllowDuplicates does.
 */
import { deepEqual } from '../deep-equal';
import { FieldSet } from './field-set';
import { fieldElement, pathString, type Json, type PathElement } from './path-element';
import {
  childType,
  isNamedField,
  isObj,
  isUndeclared,
  itemElement,
  resolve,
  SchemaError,
  type ListType,
  type MapType,
  type SmdType,
} from './schema';
import { valueTypeError } from './typed-validate';

export interface IndexedItem {
  readonly pe: PathElement;
  /** The item, or every item with this key when the key repeats. */
  readonly value: Json;
  readonly duplicate: boolean;
}

/** Path-prefixed type errors, joined as SMD's ValidationErrors print. */
export class TypeErrors extends Error {
  constructor(readonly messages: string[]) {
    super(
      messages.length === 1
        ? messages[0]
        : ['errors:', ...messages.map((m) => `  ${m}`)].join('\n'),
    );
  }
}

function fail(errors: string[], path: readonly PathElement[], message: string): void {
  errors.push(path.length ? `${pathString(path)}: ${message}` : message);
}

/** The items of a list by path element, in list order; repeated keys are grouped. */
export function indexItems(
  list: ListType,
  items: readonly Json[],
  path: readonly PathElement[],
  errors: string[],
  allowDuplicates: boolean,
): Map<string, IndexedItem> {
  const out = new Map<string, IndexedItem>();
  items.forEach((item, i) => {
    let pe: PathElement;
    try {
      pe = itemElement(list, i, item);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      fail(errors, path, `element ${i}: ${error.message}`);
      return;
    }
    const seen = out.get(pe.id);
    if (!seen) {
      out.set(pe.id, { pe, value: item, duplicate: false });
    } else if (!allowDuplicates) {
      fail(errors, path, `duplicate entries for key ${pathString([pe])}`);
    } else {
      const group = seen.duplicate ? [...(seen.value as Json[]), item] : [seen.value, item];
      out.set(pe.id, { pe, value: group, duplicate: true });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// ToFieldSet

/**
 * The fields `value` sets. `strict` is the applied-configuration mode: repeated keys and
 * fields a closed struct does not declare are errors.
 */
export function toFieldSet(value: Json, type: SmdType, strict: boolean): FieldSet {
  const set = new FieldSet();
  const errors: string[] = [];
  collect(set, value, type, [], errors, strict);
  if (errors.length) throw new TypeErrors(errors);
  return set;
}

function collect(
  set: FieldSet,
  value: Json,
  type: SmdType,
  path: PathElement[],
  errors: string[],
  strict: boolean,
): void {
  const t = resolve(type, value);
  // An applied configuration must fit its types (SMD validates it before anything else).
  const mismatch = strict ? valueTypeError(value, t) : undefined;
  if (mismatch) {
    fail(errors, path, mismatch);
    return;
  }
  if (t.kind === 'scalar' || t.kind === 'deduced') {
    set.insert(path);
    return;
  }
  if (t.relationship === 'atomic') {
    set.insert(path);
    // An atomic value is one leaf, but SMD still validates what is inside it.
    if (strict) collectChildren(new FieldSet(), value, t, path, errors, strict);
    return;
  }
  collectChildren(set, value, t, path, errors, strict);
}

/** collect's descent into the items of a list or the keys of a map. */
function collectChildren(
  set: FieldSet,
  value: Json,
  t: ListType | MapType,
  path: PathElement[],
  errors: string[],
  strict: boolean,
): void {
  if (t.kind === 'list') {
    if (!Array.isArray(value)) return;
    for (const item of indexItems(t, value, path, errors, !strict).values()) {
      path.push(item.pe);
      if (!item.duplicate) collect(set, item.value, t.element, path, errors, strict);
      set.insert(path);
      path.pop();
    }
    return;
  }
  if (!isObj(value)) return;
  for (const key in value) {
    const v = value[key];
    if (v === undefined) continue;
    path.push(fieldElement(key));
    if (strict && isUndeclared(t, key)) fail(errors, path, 'field not declared in schema');
    else {
      collect(set, v, childType(t, key), path, errors, strict);
      // A free-form key is a member; a named field only when null or an empty map.
      if (!isNamedField(t, key) || v === null || (isObj(v) && !hasKeys(v))) set.insert(path);
    }
    path.pop();
  }
}

// ---------------------------------------------------------------------------------------------
// Compare

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** What changed from `lhs` to `rhs` (either may be undefined: absent). */
export function compare(lhs: Json | undefined, rhs: Json | undefined, type: SmdType): Comparison {
  const c = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const errors: string[] = [];
  walk(c, lhs, rhs, type, [], errors);
  if (errors.length) throw new TypeErrors(errors);
  return c;
}

type Mutable = { added: FieldSet; modified: FieldSet; removed: FieldSet };

function leaf(c: Mutable, l: Json | undefined, r: Json | undefined, path: PathElement[]): void {
  if (l === undefined) c.added.insert(path);
  else if (r === undefined) c.removed.insert(path);
  else if (!deepEqual(l, r)) c.modified.insert(path);
}

function post(c: Mutable, l: Json | undefined, r: Json | undefined, path: PathElement[]): void {
  if (l === undefined) c.added.insert(path);
  else if (r === undefined) c.removed.insert(path);
}

function hasKeys(o: Json | undefined): boolean {
  if (!isObj(o)) return false;
  for (const key in o) if (o[key] !== undefined) return true;
  return false;
}

function walk(
  c: Mutable,
  l: Json | undefined,
  r: Json | undefined,
  type: SmdType,
  path: PathElement[],
  errors: string[],
): void {
  // Most of an updated object is unchanged: nothing below an equal pair can differ.
  if (l !== undefined && r !== undefined && deepEqual(l, r)) return;
  const tl = resolve(type, l === undefined ? r : l);
  const tr = resolve(type, r === undefined ? l : r);
  if (tl !== tr || tl.kind === 'scalar' || tl.kind === 'deduced') {
    leaf(c, l, r, path);
    return;
  }
  if (tl.kind === 'list') {
    const la = Array.isArray(l) ? l : [];
    const ra = Array.isArray(r) ? r : [];
    if (tl.relationship === 'atomic' || (la.length === 0 && ra.length === 0)) {
      leaf(c, l, r, path);
      return;
    }
    const left = indexItems(tl, la, path, errors, true);
    const right = indexItems(tl, ra, path, errors, true);
    for (const [id, item] of left) {
      const other = right.get(id);
      path.push(item.pe);
      if (item.duplicate || other?.duplicate) leaf(c, item.value, other?.value, path);
      else walk(c, item.value, other?.value, tl.element, path, errors);
      path.pop();
    }
    for (const [id, item] of right) {
      if (left.has(id)) continue;
      path.push(item.pe);
      if (item.duplicate) leaf(c, undefined, item.value, path);
      else walk(c, undefined, item.value, tl.element, path, errors);
      path.pop();
    }
    post(c, l, r, path);
    return;
  }
  if (tl.relationship === 'atomic' || (!hasKeys(l) && !hasKeys(r))) {
    leaf(c, l, r, path);
    return;
  }
  const lo = isObj(l) ? l : undefined;
  const ro = isObj(r) ? r : undefined;
  if (lo) {
    for (const key in lo) {
      const lv = lo[key];
      if (lv === undefined) continue;
      path.push(fieldElement(key));
      walk(c, lv, ro?.[key], childType(tl, key), path, errors);
      path.pop();
    }
  }
  if (ro) {
    for (const key in ro) {
      const rv = ro[key];
      if (rv === undefined || (lo && lo[key] !== undefined)) continue;
      path.push(fieldElement(key));
      walk(c, undefined, rv, childType(tl, key), path, errors);
      path.pop();
    }
  }
  post(c, l, r, path);
}
