/**
 * The field-level diff of one object before and after a change (what "Preview this fix" shows):
 * every leaf whose value differs, with both sides as JSON text.
 *
 * Contract: pure. Leaves are compared by their JSON text; objects are walked key by key (sorted,
 * so the order of the answer's keys does not matter), arrays index by index. The bookkeeping
 * the API server changes on every write — `metadata.managedFields`, `resourceVersion`,
 * `generation` — and `status` (a dry run of a spec change never touches it) are left out: they
 * are not what the fix changes.
 */
import type { FieldDiff } from '@/lib/api/write-results';

const IGNORED = new Set([
  'metadata.managedFields',
  'metadata.resourceVersion',
  'metadata.generation',
  'status',
]);

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

function child(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(path: string, before: unknown, after: unknown, out: FieldDiff[]): void {
  if (IGNORED.has(path)) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(child(path, key), before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      walk(`${path}[${i}]`, before[i], after[i], out);
    }
    return;
  }
  if (before === undefined && after === undefined) return;
  // One side absent or of another shape: the leaves below the present side, one by one.
  if ((isObject(before) || Array.isArray(before)) && after === undefined) {
    walk(path, before, Array.isArray(before) ? [] : {}, out);
    return;
  }
  if ((isObject(after) || Array.isArray(after)) && before === undefined) {
    walk(path, Array.isArray(after) ? [] : {}, after, out);
    return;
  }
  const b = before === undefined ? undefined : JSON.stringify(before);
  const a = after === undefined ? undefined : JSON.stringify(after);
  if (a === b) return;
  out.push({
    path,
    ...(b !== undefined ? { before: b } : {}),
    ...(a !== undefined ? { after: a } : {}),
  });
}

export function fieldDiff(before: unknown, after: unknown): FieldDiff[] {
  const out: FieldDiff[] = [];
  walk('', before, after, out);
  return out;
}
