/**
 * Go's `fmt.Sprintf("%+v", v)` of a JSON value decoded into interface{} (maps, slices, strings,
 * int64/float64 numbers, bools, nil), which upstream's strategic-merge-patch handler quotes as a
 * refused patch's value: `map[spec:map[replicas:abc]]`, and strategicpatch's ErrNoMergeKey its
 * list item (`map: map[image:x] does not contain declared merge key: name`). Map keys are printed
 * sorted, as fmt does.
 */

/** %v of a float64: shortest digits, exponent form below 1e-4 and from 1e21 (two-digit exponent). */
function goFloat(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[${entries.map(([k, v]) => `${k}:${goFormat(v)}`).join(' ')}]`;
  }
  if (typeof value === 'number') {
    // sigs.k8s.io/json decodes integral numbers to int64, the rest to float64.
    return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? String(value) : goFloat(value);
  }
  return String(value);
}
