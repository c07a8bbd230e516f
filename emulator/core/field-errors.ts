/**
 * Builders for the apiserver's field errors (staging/src/k8s.io/apimachinery/pkg/util/validation/
 * field/errors.go), producing the `FieldCause` shape of ./types.ts. `message` is the error body
 * without the field path, exactly as the apiserver puts it in `details.causes[].message`;
 * kubectl adds the path.
 *
 * Values are rendered as Go's `field.Error.ErrorBody` does: strings `%q`-quoted, numbers and
 * booleans bare, anything else through `goValue` (a caller-supplied Go `%#v` rendering).
 */
import type { FieldCause } from './types';

/** A value as Go would print it in an error: a string, a number, or pre-rendered Go syntax. */
export type BadValue = string | number | boolean | { go: string };

/** Go's `%q` for the strings we meet (ASCII-ish input): backslash-escape quotes and controls. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function renderValue(value: BadValue): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value.go;
}

/** Go `%#v` of a map[string]string (keys sorted, as fmt prints maps). */
export function goStringMap(map: Record<string, string> | undefined): { go: string } {
  if (map === undefined) return { go: 'map[string]string(nil)' };
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(map[k] ?? '')}`);
  return { go: `map[string]string{${entries.join(', ')}}` };
}

/** Go `%#v` of a []string. */
export function goStringSlice(values: string[] | undefined): { go: string } {
  if (values === undefined) return { go: '[]string(nil)' };
  return { go: `[]string{${values.map(goQuote).join(', ')}}` };
}

export function invalid(field: string, value: BadValue, detail: string): FieldCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${renderValue(value)}${detail ? `: ${detail}` : ''}`,
    field,
  };
}

export function required(field: string, detail = ''): FieldCause {
  return {
    reason: 'FieldValueRequired',
    message: `Required value${detail ? `: ${detail}` : ''}`,
    field,
  };
}

export function forbidden(field: string, detail: string): FieldCause {
  return {
    reason: 'FieldValueForbidden',
    message: `Forbidden${detail ? `: ${detail}` : ''}`,
    field,
  };
}

export function duplicate(field: string, value: BadValue): FieldCause {
  return {
    reason: 'FieldValueDuplicate',
    message: `Duplicate value: ${renderValue(value)}`,
    field,
  };
}

/** field.InternalError: a state validation should never see (e.g. a conversion left a key). */
export function internalError(field: string, detail: string): FieldCause {
  return { reason: 'InternalError', message: `Internal error: ${detail}`, field };
}

/** `Unsupported value: "x": supported values: "a", "b"` (the list as given; upstream sorts it). */
export function notSupported(field: string, value: BadValue, supported: string[]): FieldCause {
  const list = supported.map(goQuote).join(', ');
  return {
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${renderValue(value)}${list ? `: supported values: ${list}` : ''}`,
    field,
  };
}

export function tooMany(field: string, actual: number, max: number): FieldCause {
  return {
    reason: 'FieldValueTooMany',
    message: `Too many: ${actual}: must have at most ${max} items`,
    field,
  };
}

export function tooLong(field: string, maxBytes: number): FieldCause {
  return {
    reason: 'FieldValueTooLong',
    message: `Too long: may not be more than ${maxBytes} bytes`,
    field,
  };
}

/** Renders causes as the apiserver's Invalid message: `<field>: <message>`, bracketed if many. */
export function formatCauses(causes: FieldCause[]): string {
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  return parts.length === 1 ? (parts[0] ?? '') : `[${parts.join(', ')}]`;
}
