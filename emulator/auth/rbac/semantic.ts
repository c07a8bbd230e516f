/**
 * equality.Semantic.DeepEqual as RBAC's controllers use it on rules, subjects and label selectors:
 * a missing list or map equals an empty one. (Go's nil pointer is still not an empty struct; callers
 * compare optional objects such as aggregationRule themselves.)
 */
import { deepEqual } from '../../core/deep-equal';

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalize);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const normalized = normalize(child);
    if (normalized === undefined || normalized === null) continue;
    if (
      typeof normalized === 'object' &&
      !Array.isArray(normalized) &&
      Object.keys(normalized).length === 0
    ) {
      continue;
    }
    out[key] = normalized;
  }
  return out;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return deepEqual(normalize(a), normalize(b));
}
