/**
 * Structural equality and a canonical string form for JSON values, the two ways the emulator
 * asks "is this the same object": the store's no-op detection and generation bumps, the
 * controllers' "does the object already say this", and template hashes.
 *
 * Both follow JSON's view of a value: a key whose value is `undefined` is the same as an absent
 * key (JSON.stringify drops both), and key order never matters.
 */

/** Structural equality of JSON values, key order independent; `undefined` keys count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const key in ao) {
    if (ao[key] === undefined) continue;
    na++;
    if (!deepEqual(ao[key], bo[key])) return false;
  }
  let nb = 0;
  for (const key in bo) if (bo[key] !== undefined) nb++;
  return na === nb;
}

/**
 * JSON with object keys sorted (and `undefined` keys dropped), so equal values give equal
 * strings: a hash input or a map key. A bare `undefined` renders as `null`, as in a JSON array.
 */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
