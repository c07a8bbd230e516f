/**
 * One step of a field path, as sigs.k8s.io/structured-merge-diff (fieldpath/element.go,
 * serialize-pe.go) defines it: a struct field or map key (`f:name`), an associative-list item by
 * its key fields (`k:{"port":80,"protocol":"TCP"}`), a set item by its value (`v:"a"`), or an
 * atomic-list item by index (`i:0`). The serialized form is also the element's identity, so sets
 * can key their maps by it; `comparePathElements` is SMD's ordering (fields, then keys, then
 * values, then indices), which FieldsV1 output and conflict lists follow; `pathString` is the
 * human form conflicts print (`.spec.ports[port=80,protocol="TCP"].targetPort`).
 */
import { goJson, goQuoteJson } from './go-json';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type PathElement =
  | { readonly kind: 'field'; readonly id: string; readonly name: string }
  | { readonly kind: 'key'; readonly id: string; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly id: string; readonly value: Json }
  | { readonly kind: 'index'; readonly id: string; readonly index: number };

export type KeyField = readonly [name: string, value: Json];
export type Path = readonly PathElement[];

const fieldCache = new Map<string, PathElement>();

export function fieldElement(name: string): PathElement {
  let pe = fieldCache.get(name);
  if (!pe) {
    pe = { kind: 'field', id: `f:${name}`, name };
    // Field names repeat across every object; values and keys are data and are not cached.
    if (fieldCache.size < 50_000) fieldCache.set(name, pe);
  }
  return pe;
}

/** An associative-list item; `fields` in any order (SMD sorts them by name). */
export function keyElement(fields: readonly KeyField[]): PathElement {
  const sorted = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = sorted.map(([name, value]) => `${goQuoteJson(name)}:${goJson(value)}`).join(',');
  return { kind: 'key', id: `k:{${body}}`, fields: sorted };
}

export function valueElement(value: Json): PathElement {
  return { kind: 'value', id: `v:${goJson(value)}`, value };
}

export function indexElement(index: number): PathElement {
  return { kind: 'index', id: `i:${index}`, index };
}

/** Parses a FieldsV1 key; undefined for a type SMD does not know (it drops those). */
export function parsePathElement(id: string): PathElement | undefined {
  if (id.length < 2 || id[1] !== ':') throw new Error(`missing colon: ${id}`);
  const body = id.slice(2);
  switch (id[0]) {
    case 'f':
      return fieldElement(body);
    case 'v':
      return valueElement(JSON.parse(body) as Json);
    case 'k': {
      const parsed = JSON.parse(body) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`key must be an object: ${id}`);
      }
      return keyElement(Object.entries(parsed as Record<string, Json>));
    }
    case 'i': {
      if (!/^-?\d+$/.test(body)) throw new Error(`invalid index: ${id}`);
      return indexElement(Number(body));
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// SMD's total order of values (value/value.go Compare) and of path elements

function typeRank(v: Json): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null) return 4;
  return 5;
}

const cmp = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareValues(a: Json, b: Json): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return cmp(a.length, b.length);
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = cmp(ka[i], kb[i]) || compareValues((a as never)[ka[i]!], (b as never)[kb[i]!]);
      if (c !== 0) return c;
    }
    return cmp(ka.length, kb.length);
  }
  return a === null ? 0 : cmp(a as never, b as never);
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
  switch (a.kind) {
    case 'field':
      return cmp(a.name, (b as typeof a).name);
    case 'index':
      return cmp(a.index, (b as typeof a).index);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'key': {
      const bf = (b as typeof a).fields;
      for (let i = 0; i < Math.min(a.fields.length, bf.length); i++) {
        const [an, av] = a.fields[i]!;
        const [bn, bv] = bf[i]!;
        const c = cmp(an, bn) || compareValues(av, bv);
        if (c !== 0) return c;
      }
      return cmp(a.fields.length, bf.length);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Human-readable paths (fieldpath.Path.String, value.ToString)

function valueString(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}=${valueString(x)}`)
    .join(',')}}`;
}

export function elementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([n, v]) => `${n}=${valueString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export function pathString(path: Path): string {
  return path.map(elementString).join('');
}
