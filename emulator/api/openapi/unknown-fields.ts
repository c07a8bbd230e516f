/**
 * Unknown-field detection for `fieldValidation=Strict|Warn`, driven by the OpenAPI schemas of
 * ./schemas.ts. The apiserver reports each as `unknown field "spec.foo"` (JSON paths with list
 * indexes, e.g. `spec.ports[0].nme`); a strict create fails with 400 BadRequest
 * `strict decoding error: unknown field "spec.foo"`, a Warn request gets a Warning header.
 */
import type { ResourceName } from '../../core/types';
import { RESOURCES } from '../../core/resources';
import { schemaName } from './documents';
import type { Schema } from './builders';
import { COMPONENTS } from './schemas';

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; i < 10 && s && typeof s.$ref === 'string'; i++)
    s = COMPONENTS[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

function walk(value: unknown, schema: Schema | undefined, path: string, out: string[]): void {
  const s = resolve(schema);
  if (!s || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const items = s.items as Schema | undefined;
    if (s.type === 'array' && items) value.forEach((v, i) => walk(v, items, `${path}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object') return;
  if (s['x-kubernetes-preserve-unknown-fields'] === true && !s.properties) return;
  const additional = s.additionalProperties as Schema | undefined;
  const properties = s.properties as Record<string, Schema> | undefined;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const child = path ? `${path}.${key}` : key;
    if (properties && key in properties) walk(v, properties[key], child, out);
    else if (additional) walk(v, additional, child, out);
    else if (s['x-kubernetes-preserve-unknown-fields'] === true) continue;
    else if (properties) out.push(child);
  }
}

/** Paths of fields in `object` that the kind's schema does not know, in document order. */
export function unknownFields(resource: ResourceName, object: unknown): string[] {
  const info = RESOURCES[resource];
  const out: string[] = [];
  walk(object, COMPONENTS[schemaName(info.group, info.version, info.kind)], '', out);
  return out;
}

/** The apiserver's strict decoding error text for the given unknown field paths. */
export function strictDecodingMessage(paths: string[]): string {
  return `strict decoding error: ${paths.map((p) => `unknown field "${p}"`).join(', ')}`;
}

/** Types whose JSON form is a string or a number (Quantity, IntOrString): never a mismatch. */
const LENIENT = /\.(Quantity|IntOrString)$/;

function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // string, number, object
}

/**
 * The first scalar whose JSON type the kind's Go struct cannot hold, as encoding/json reports it
 * when the apiserver decodes the body: `json: cannot unmarshal string into Go struct field
 * DeploymentSpec.spec.replicas of type int32` (struct = the field's enclosing type, path without
 * list indexes). Only integer/boolean/string leaves are checked; open objects are not.
 */
export function typeMismatch(resource: ResourceName, object: unknown): string | undefined {
  const info = RESOURCES[resource];
  const check = (
    value: unknown,
    schema: Schema | undefined,
    struct: string,
    path: string,
  ): string | undefined => {
    if (value === null || value === undefined || !schema) return undefined;
    const refName = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
    if (refName && LENIENT.test(refName)) return undefined;
    const s = resolve(schema);
    if (!s) return undefined;
    // Inline object schemas carry upstream's description, which starts with the Go type's name.
    const described =
      typeof s.description === 'string'
        ? /^([A-Z][A-Za-z0-9]+) /.exec(s.description)?.[1]
        : undefined;
    const fieldStruct = refName ? (refName.split('.').pop() ?? struct) : (described ?? struct);
    const mismatch = (goType: string) =>
      `json: cannot unmarshal ${jsonTypeOf(value)} into Go struct field ${struct}.${path} of type ${goType}`;
    if (s.type === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return mismatch(s.format === 'int64' ? 'int64' : 'int32');
      return undefined;
    }
    if (s.type === 'boolean') return typeof value === 'boolean' ? undefined : mismatch('bool');
    if (s.type === 'string' && s.format !== 'int-or-string')
      return typeof value === 'string' ? undefined : mismatch('string');
    if (Array.isArray(value)) {
      const items = s.items as Schema | undefined;
      if (s.type !== 'array' || !items) return undefined;
      for (const v of value) {
        const m = check(v, items, fieldStruct, path);
        if (m) return m;
      }
      return undefined;
    }
    if (typeof value !== 'object') return undefined;
    const properties = s.properties as Record<string, Schema> | undefined;
    const additional = s.additionalProperties as Schema | undefined;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const child = path ? `${path}.${key}` : key;
      const m = properties?.[key]
        ? check(v, properties[key], fieldStruct, child)
        : additional
          ? check(v, additional, fieldStruct, path) // encoding/json names the map, not the key
          : undefined;
      if (m) return m;
    }
    return undefined;
  };
  return check(object, COMPONENTS[schemaName(info.group, info.version, info.kind)], info.kind, '');
}
