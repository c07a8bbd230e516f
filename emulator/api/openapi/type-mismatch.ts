/**
 * Values of the wrong JSON type, found by walking a served kind's OpenAPI schema (./schemas.ts)
 * where kube-apiserver finds them by decoding the body into the kind's Go struct. Two decoders,
 * two wordings:
 *
 * - `json` — encoding/json (sigs.k8s.io/json), which decodes create/update bodies and the result
 *   of a JSON or merge patch: `json: cannot unmarshal object into Go struct field
 *   EndpointSubset.subsets.notReadyAddresses of type []v1.EndpointAddress` (struct = the field's
 *   enclosing Go struct, path = JSON field names without list indexes or map keys).
 * - `unstructured` — apimachinery's runtime.DefaultUnstructuredConverter, which turns the result
 *   of a strategic merge patch into the struct: `unrecognized type: int32`, `cannot restore
 *   slice from map`, `cannot restore struct from: string`, `cannot convert int64 to string`.
 *
 * Contract: `typeMismatch` returns the first mismatch in document order (encoding/json keeps the
 * first it meets) or undefined — except that with encoding/json an IntOrString's error wins, as
 * its UnmarshalJSON's error stops the decoder where a plain mismatch is only remembered. `null` is
 * never a mismatch (both decoders take it as the zero value). Leaves, lists and objects are
 * checked, and IntOrString (intstr.go: a JSON string is the string, anything else is decoded as
 * an int32); the contents of open objects (preserve-unknown-fields without properties) are not,
 * nor RawExtension and Quantity (quantities are ./quantities.ts's), nor a list or open object
 * whose Go type ./go-types.ts cannot name.
 */
import type { ResourceName } from '../../core/types';
import { RESOURCES } from '../../core/resources';
import type { Schema } from './builders';
import { schemaName } from './documents';
import { fieldGoType, goTypeOf, goTypeOfStruct, packageOf, resolve } from './go-types';

export type Decoder = 'json' | 'unstructured';

/** Types whose own UnmarshalJSON takes more than one JSON type: never a mismatch here. */
const LENIENT = /\.(Quantity|RawExtension)$/;
const INT_OR_STRING = /\.IntOrString$/;
/** metav1.Time and MicroTime decode a JSON string inside their own UnmarshalJSON. */
const TIME = /\.(Time|MicroTime)$/;

/** The JSON type as encoding/json names it in `cannot unmarshal <type>`. */
function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // string, number, object
}

/** The Go kind of a decoded JSON value as the unstructured converter sees it (reflect.Kind). */
function unstructuredKindOf(value: unknown): string {
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value; // string, boolean → 'bool' below
}

interface Where {
  struct: string; // the enclosing Go struct's name, without its package
  path: string; // JSON field names joined by '.', no list indexes
  pkg: string; // the Go package of the nearest $ref above, for inline objects' names
  item?: boolean; // a list element or map value: the field's Go type is not this value's
  fatalOnly?: boolean; // report only the errors that stop encoding/json (IntOrString's)
}

/**
 * IntOrString.UnmarshalJSON: a JSON string is the string, anything else goes to
 * json.Unmarshal(value, &IntVal). encoding/json then puts the field's context on that error; the
 * unstructured converter calls UnmarshalJSON directly, so its error keeps `Go value`.
 */
function intOrStringMismatch(value: unknown, where: Where, decoder: Decoder): string | undefined {
  if (typeof value === 'string') return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value + 0.5) < 2 ** 31)
    return undefined;
  const what = typeof value === 'number' ? `number ${String(value)}` : jsonTypeOf(value);
  return decoder === 'json'
    ? `json: cannot unmarshal ${what} into Go struct field ${where.struct}.${where.path} of type int32`
    : `json: cannot unmarshal ${what} into Go value of type int32`;
}

/** converter.go's fromUnstructured for a destination of Go kind `goKind` (leaf or composite). */
function unstructuredMessage(value: unknown, goKind: string, goType: string): string | undefined {
  const src = unstructuredKindOf(value).replace('boolean', 'bool');
  if (goKind === 'slice') {
    if (src === 'string' && goType === '[]uint8') return undefined; // base64 []byte
    return `cannot restore slice from ${src}`;
  }
  if (goKind === 'struct') return `cannot restore struct from: ${src}`;
  if (goKind === 'map') return `cannot restore map from ${src}`;
  // Leaves: string→string, bool→bool and integer→integer assign; int64→string and
  // float64→integer are "convertible" but refused; anything else is unrecognized.
  if (src === goKind || (src === 'int64' && /^int/.test(goKind))) return undefined;
  if ((src === 'int64' && goKind === 'string') || (src === 'float64' && /^int/.test(goKind)))
    return `cannot convert ${src} to ${goType}`;
  return `unrecognized type: ${goKind}`;
}

function check(
  value: unknown,
  schema: Schema | undefined,
  where: Where,
  decoder: Decoder,
): string | undefined {
  if (value === null || value === undefined || !schema) return undefined;
  const refName = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  if (refName && LENIENT.test(refName)) return undefined;
  if (refName && INT_OR_STRING.test(refName)) return intOrStringMismatch(value, where, decoder);
  const s = resolve(schema);
  if (!s) return undefined;
  const { struct, path } = where;
  const pkg = refName ? packageOf(refName) : where.pkg;
  // The Go type of this value (a list element or map value is not the field itself).
  const goTypeHere = () =>
    where.item ? goTypeOf(schema, pkg) : goTypeOf(schema, pkg, struct, path);
  const { fatalOnly } = where;
  const mismatch = (goKind: string, goType: string) =>
    fatalOnly
      ? undefined
      : decoder === 'json'
        ? `json: cannot unmarshal ${jsonTypeOf(value)} into Go struct field ${struct}.${path} of type ${goType}`
        : unstructuredMessage(value, goKind, goType);
  if (refName && TIME.test(refName)) {
    if (typeof value === 'string') return undefined;
    // The error of Time.UnmarshalJSON's own json.Unmarshal into a string.
    return decoder === 'json'
      ? mismatch('string', 'string')
      : `json: cannot unmarshal ${jsonTypeOf(value)} into Go value of type string`;
  }
  if (s.type === 'integer') {
    const goType = s.format === 'int64' ? 'int64' : 'int32';
    if (typeof value !== 'number') return mismatch(goType, goType);
    const fits = Number.isInteger(value) && (goType === 'int64' || Math.abs(value + 0.5) < 2 ** 31);
    if (fits) return undefined;
    // encoding/json quotes a number that is fractional or overflows (`number 1.5`); the
    // converter refuses a fraction but wraps an overflowing integer silently.
    if (fatalOnly) return undefined;
    if (decoder === 'json')
      return `json: cannot unmarshal number ${String(value)} into Go struct field ${struct}.${path} of type ${goType}`;
    return Number.isInteger(value) ? undefined : mismatch(goType, goType);
  }
  if (s.type === 'boolean')
    return typeof value === 'boolean' ? undefined : mismatch('bool', 'bool');
  if (s.type === 'number')
    return typeof value === 'number' ? undefined : mismatch('float64', 'float64');
  if (s.type === 'string' && s.format !== 'int-or-string') {
    if (typeof value === 'string') return undefined;
    return s.format === 'byte' ? mismatch('slice', '[]uint8') : mismatch('string', 'string');
  }
  if (s.type === 'array') {
    const items = s.items as Schema | undefined;
    if (!Array.isArray(value)) {
      const goType = goTypeHere();
      return goType ? mismatch('slice', goType) : undefined;
    }
    for (const v of value) {
      const m = check(v, items, { struct, path, pkg, item: true, fatalOnly }, decoder);
      if (m) return m;
    }
    return undefined;
  }
  const properties = s.properties as Record<string, Schema> | undefined;
  const additional = s.additionalProperties as Schema | undefined;
  const isObject = typeof value === 'object' && !Array.isArray(value);
  if (!properties && !additional) {
    // Open: its contents are unchecked, but a known Go struct still needs a JSON object.
    const listed = where.item ? fieldGoType(struct, path) : undefined;
    const element = listed?.startsWith('[]') ? listed.slice(2) : undefined;
    const goType = isObject ? undefined : where.item ? element : goTypeHere();
    return goType ? mismatch(goType.startsWith('[]') ? 'slice' : 'struct', goType) : undefined;
  }
  if (!isObject) {
    const goType = goTypeHere();
    if (!goType) return undefined;
    return mismatch(properties ? 'struct' : 'map', goType);
  }
  const fieldStruct = properties ? (goTypeOfStruct(s, refName) ?? struct) : struct;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const child = path ? `${path}.${key}` : key;
    const m = properties?.[key]
      ? check(v, properties[key], { struct: fieldStruct, path: child, pkg, fatalOnly }, decoder)
      : additional
        ? // encoding/json names the map, not the key, and keeps the map's struct.
          check(v, additional, { struct, path, pkg, item: true, fatalOnly }, decoder)
        : undefined;
    if (m) return m;
  }
  return undefined;
}

/**
 * The first value in `object` whose JSON type the kind's Go struct cannot hold, in `decoder`'s
 * words (see the module header), or undefined.
 */
export function typeMismatch(
  resource: ResourceName,
  object: unknown,
  decoder: Decoder = 'json',
): string | undefined {
  const info = RESOURCES[resource];
  const name = schemaName(info.group, info.version, info.kind);
  const top = { $ref: `#/components/schemas/${name}` };
  const where = { struct: info.kind, path: '', pkg: packageOf(name) };
  const first = check(object, top, where, decoder);
  // A plain mismatch found first is only remembered by encoding/json; an IntOrString after it
  // still stops the decoder with its own error.
  if (!first || decoder !== 'json') return first;
  return check(object, top, { ...where, fatalOnly: true }, decoder) ?? first;
}
