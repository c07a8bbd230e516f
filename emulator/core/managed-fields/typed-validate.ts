/**
 * structured-merge-diff's check that an applied configuration's values fit their types
 * (typed/validate.go and helpers.go, run by ObjectToTyped before any merge or conflict): a
 * scalar of the wrong kind, a non-list where a list belongs, a non-map where a map or struct
 * belongs. The messages print the value as Go's fmt prints SMD's unstructured value wrapper
 * (`&{x}` for %v, `&value.valueUnstructured{Value:5}` for %#v); numbers are float64, as the
 * apply handler's YAML decoder leaves them. Contract: `valueTypeError(value, type)` is the
 * message for `value` under its resolved `type`, without the path, or undefined; null and
 * deduced (open) types are never an error, and nothing inside `value` is looked at.
 */
import { isObj, type SmdType } from './schema';
import type { Json } from './path-element';

/** Go's %v of a float64: shortest digits, %e when the exponent is < -4 or >= the precision. */
function goFloat(n: number): string {
  if (n === 0) return '0';
  const [mantissa = '', expPart = '0'] = n.toExponential().split('e');
  const exp = Number(expPart);
  const digits = mantissa.replace(/[-.]/g, '').length;
  // strconv's %g with the shortest precision decides on precision 6, or on the digit count
  // when every digit is before the point.
  const eprec = 6 > digits && digits >= exp + 1 ? digits : 6;
  if (exp < -4 || exp >= eprec) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

const sortedEntries = (o: Record<string, Json>) =>
  Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** %v of an unstructured value. */
function goV(v: Json): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isObj(v))
    return `map[${sortedEntries(v)
      .map(([k, x]) => `${k}:${goV(x)}`)
      .join(' ')}]`;
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

/** %#v of an unstructured value. */
function goSharpV(v: Json): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (isObj(v)) {
    const items = sortedEntries(v).map(([k, x]) => `${JSON.stringify(k)}:${goSharpV(x)}`);
    return `map[string]interface {}{${items.join(', ')}}`;
  }
  if (typeof v === 'number') return goFloat(v);
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** %T of an unstructured value. */
function goTypeName(v: Json): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isObj(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

export function valueTypeError(value: Json | undefined, type: SmdType): string | undefined {
  if (value === null || value === undefined) return undefined;
  const isScalar = !Array.isArray(value) && !isObj(value);
  switch (type.kind) {
    case 'deduced':
      return undefined;
    case 'list':
      return Array.isArray(value) ? undefined : `expected list, got &{${goV(value)}}`;
    case 'map':
      return isObj(value) ? undefined : `expected map, got &{${goV(value)}}`;
  }
  switch (type.scalar ?? 'untyped') {
    case 'numeric':
      return typeof value === 'number'
        ? undefined
        : `expected numeric (int or float), got ${goTypeName(value)}`;
    case 'string':
      return typeof value === 'string'
        ? undefined
        : `expected string, got &value.valueUnstructured{Value:${goSharpV(value)}}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected boolean, got &{${goV(value)}}`;
    default:
      return isScalar ? undefined : `expected any scalar, got &{${goV(value)}}`;
  }
}
