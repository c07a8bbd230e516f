/**
 * resource.Quantity fields of a decoded body, found through the kind's OpenAPI schema
 * (./schemas.ts, `$ref` to io.k8s.apimachinery.pkg.api.resource.Quantity): each is parsed as
 * Quantity.UnmarshalJSON parses it and rewritten as the string the apiserver then stores
 * (`0.5` → `500m`, `1024Mi` → `1Gi`, `2` → `"2"`), as the Go struct round trip does. Open
 * (preserve-unknown-fields) objects are not entered.
 *
 * Contract: `canonicalizeQuantities` mutates `object` in place and returns the first parse
 * error's message (upstream's ParseQuantity text), or undefined when every quantity is valid.
 */
import { RESOURCES } from '../../core/resources';
import type { ResourceName } from '../../core/types';
import { quantityFromJson, QuantityError, quantityString } from '../validation/quantity';
import type { Schema } from './builders';
import { schemaName } from './documents';
import { COMPONENTS } from './schemas';

const QUANTITY_REF = '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity';

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; i < 10 && s && typeof s.$ref === 'string' && s.$ref !== QUANTITY_REF; i++)
    s = COMPONENTS[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

/** Whether the schema (through its $refs) can hold a Quantity anywhere, memoized per schema. */
const holds = new WeakMap<Schema, boolean>();
function holdsQuantity(schema: Schema | undefined, seen = new Set<Schema>()): boolean {
  const s = resolve(schema);
  if (!s) return false;
  if (s.$ref === QUANTITY_REF) return true;
  const known = holds.get(s);
  if (known !== undefined) return known;
  if (seen.has(s)) return false;
  seen.add(s);
  const children = [
    s.items as Schema | undefined,
    s.additionalProperties as Schema | undefined,
    ...Object.values((s.properties as Record<string, Schema> | undefined) ?? {}),
  ];
  const result = children.some((c) => typeof c === 'object' && holdsQuantity(c, seen));
  holds.set(s, result);
  return result;
}

function walk(
  value: unknown,
  schema: Schema | undefined,
  writes: (() => void)[],
  replace: (v: string) => void = () => undefined,
): string | undefined {
  const s = resolve(schema);
  if (!s || value === undefined) return undefined;
  if (s.$ref === QUANTITY_REF) {
    try {
      const canonical = quantityString(quantityFromJson(value));
      if (canonical !== value) writes.push(() => replace(canonical));
      return undefined;
    } catch (error) {
      if (error instanceof QuantityError) return error.message;
      throw error;
    }
  }
  if (value === null || typeof value !== 'object' || !holdsQuantity(s)) return undefined;
  if (Array.isArray(value)) {
    const items = s.items as Schema | undefined;
    if (s.type !== 'array' || !items) return undefined;
    for (let i = 0; i < value.length; i++) {
      const m = walk(value[i], items, writes, (v) => (value[i] = v));
      if (m) return m;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const properties = s.properties as Record<string, Schema> | undefined;
  const additional = s.additionalProperties as Schema | undefined;
  for (const key of Object.keys(record)) {
    const child = properties?.[key] ?? additional;
    if (!child) continue;
    const m = walk(record[key], child, writes, (v) => (record[key] = v));
    if (m) return m;
  }
  return undefined;
}

/** Canonicalizes the kind's Quantity fields in place; the first parse error's message, if any. */
export function canonicalizeQuantities(
  resource: ResourceName,
  object: unknown,
): string | undefined {
  const info = RESOURCES[resource];
  const writes: (() => void)[] = [];
  const error = walk(object, COMPONENTS[schemaName(info.group, info.version, info.kind)], writes);
  // On error the object stays as sent: a patch's 422 quotes the patched object before decoding.
  if (error === undefined) for (const write of writes) write();
  return error;
}
