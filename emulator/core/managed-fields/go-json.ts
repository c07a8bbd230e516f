/**
 * JSON as Go's encoding/json writes it, for the few strings the field manager must spell exactly
 * as the apiserver does: the `k:`/`v:` path elements of FieldsV1 and the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation. Go escapes `<`, `>`, `&`,
 * U+2028 and U+2029 (HTML-safe encoding) and writes map keys sorted; JSON.stringify does neither.
 */

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function escapeHtml(json: string): string {
  return json.replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON string literal as Go encodes it. */
export function goQuoteJson(value: string): string {
  return escapeHtml(JSON.stringify(value));
}

/** `value` encoded as Go's json.Marshal encodes the same map[string]interface{} tree. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuoteJson(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${goQuoteJson(k)}:${goJson(record[k])}`).join(',')}}`;
}
