/**
 * Unknown-field detection for `fieldValidation=Strict|Warn`, driven by the OpenAPI schemas of
 * ./schemas.ts. The apiserver reports each as `unknown field "spec.foo"` (JSON paths with list
 * indexes, e.g. `spec.ports[0].nme`); a strict create fails with 400 BadRequest
 * `strict decoding error: unknown field "spec.foo"`, a Warn request gets a Warning header.
 * Values of the wrong JSON type are ./type-mismatch.ts's.
 */
import type { ResourceName } from '../../core/types';
import { RESOURCES } from '../../core/resources';
import { schemaName } from './documents';
import type { Schema } from './builders';
import { resolve } from './go-types';
import { COMPONENTS } from './schemas';

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
