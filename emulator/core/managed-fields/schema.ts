/**
 * The type information structured-merge-diff works from (its schema package, as
 * k8s.io/kube-openapi's schemaconv builds it from the OpenAPI of the served kinds): scalars;
 * lists that are atomic, sets of scalars (`x-kubernetes-list-type: set`) or maps keyed by some of
 * their items' fields (`map` + `x-kubernetes-list-map-keys`); maps that are structs (named
 * fields), free-form string maps (`additionalProperties`) or atomic
 * (`x-kubernetes-map-type: atomic`); and the "deduced" type for whatever the schema leaves open,
 * which is a scalar, an atomic list or a granular map depending on the value.
 *
 * The schemas themselves are built outside core (from the OpenAPI in emulator/api) and handed to
 * the field manager.
 */
import { fieldElement, indexElement, keyElement, valueElement } from './path-element';
import type { Json, KeyField, PathElement } from './path-element';

export interface StructField {
  readonly type: SmdType;
  /** The OpenAPI default, used for list-map keys an item omits (ContainerPort.protocol "TCP"). */
  readonly default?: Json;
}

/** schema.Scalar: Time, IntOrString, Quantity and other formatted strings are untyped. */
export type ScalarKind = 'numeric' | 'string' | 'boolean' | 'untyped';

export type SmdType =
  | { readonly kind: 'scalar'; readonly scalar?: ScalarKind }
  | {
      readonly kind: 'list';
      /** `associative` with keys: a list map; without keys: a set of scalars. */
      readonly relationship: 'atomic' | 'associative';
      readonly keys: readonly string[];
      readonly element: SmdType;
    }
  | {
      readonly kind: 'map';
      readonly relationship: 'atomic' | 'separable';
      /** Named fields of a struct (absent for a free-form map). */
      readonly fields?: ReadonlyMap<string, StructField>;
      /** The type of keys that are not named fields (additionalProperties); none = closed struct. */
      readonly element?: SmdType;
    }
  | { readonly kind: 'deduced' };

export type ListType = Extract<SmdType, { kind: 'list' }>;
export type MapType = Extract<SmdType, { kind: 'map' }>;

export const SCALAR: SmdType = { kind: 'scalar' };
export const DEDUCED: SmdType = { kind: 'deduced' };
const DEDUCED_LIST: ListType = {
  kind: 'list',
  relationship: 'atomic',
  keys: [],
  element: DEDUCED,
};
const DEDUCED_MAP: MapType = { kind: 'map', relationship: 'separable', element: DEDUCED };

export type Obj = { [key: string]: Json };

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The concrete type of `value` under `type` (deduceAtom): only `deduced` depends on the value. */
export function resolve(type: SmdType, value: Json | undefined): SmdType {
  if (type.kind !== 'deduced') return type;
  if (Array.isArray(value)) return DEDUCED_LIST;
  if (isObj(value)) return DEDUCED_MAP;
  return SCALAR;
}

/** The type of a map's key: its named field, else the element type, else deduced. */
export function childType(type: MapType, key: string): SmdType {
  return type.fields?.get(key)?.type ?? type.element ?? DEDUCED;
}

/** Named struct fields are not members of a set by themselves (only their leaves are). */
export function isNamedField(type: SmdType, key: string): boolean {
  return type.kind === 'map' && (type.fields?.has(key) ?? false);
}

/** A key that a closed struct does not declare (SMD: "field not declared in schema"). */
export function isUndeclared(type: MapType, key: string): boolean {
  return type.fields !== undefined && !type.fields.has(key) && type.element === undefined;
}

export class SchemaError extends Error {}

/**
 * What the field manager knows of a served kind (supplied from outside core): its type, and its
 * empty object as Go's encoding/json writes a zero value (struct fields are never omitted, so
 * `spec: {}` or `containers: null` exist before anything is set). A create compares the new
 * object with that empty object, so only maps and lists a zero value lacks count as added
 * (the `.` entries of FieldsV1).
 */
export interface KindSchema {
  readonly type: SmdType;
  readonly empty: Json;
}

/**
 * The path element of a list item (listItemToPathElement): its key fields for a list map
 * (a missing key takes the field's default, else it is an error), its value for a set, its
 * index for an atomic list.
 */
export function itemElement(list: ListType, index: number, item: Json): PathElement {
  if (list.relationship === 'atomic') return indexElement(index);
  if (list.keys.length === 0) {
    if (item === null) {
      throw new SchemaError("associative list without keys has an element that's an explicit null");
    }
    if (typeof item === 'object') {
      throw new SchemaError(
        Array.isArray(item)
          ? 'not supported: associative list with lists as elements'
          : "associative list without keys has an element that's a map type",
      );
    }
    return valueElement(item);
  }
  if (item === null)
    throw new SchemaError('associative list with keys may not have a null element');
  if (!isObj(item)) {
    throw new SchemaError('associative list with keys may not have non-map elements');
  }
  const element = list.element.kind === 'map' ? list.element : undefined;
  const fields: KeyField[] = [];
  for (const name of list.keys) {
    const value = item[name];
    if (value !== undefined) {
      fields.push([name, value]);
      continue;
    }
    const fallback = element?.fields?.get(name)?.default;
    if (fallback === undefined) {
      throw new SchemaError(
        `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`,
      );
    }
    fields.push([name, fallback]);
  }
  return keyElement(fields);
}

export { fieldElement };
