/**
 * The JSON types of a DeleteOptions body, checked as encoding/json checks them when the
 * apiserver decodes the body into metav1.DeleteOptions (handlers/delete.go). Newer upstream
 * answers the decoder's error as 400 BadRequest (older releases let it surface as a 500); either
 * way nothing is deleted. Contract: `deleteOptionsTypeMismatch` returns encoding/json's message
 * for the first wrongly typed field in document order, or undefined; unknown fields and `null`
 * are accepted, as the non-strict decoder accepts them.
 */

type Kind = 'string' | 'int64' | 'bool' | 'strings' | 'object';

/** DeleteOptions' fields: JSON kind and Go type as reflect prints it. */
const FIELDS: Record<string, [Kind, string]> = {
  kind: ['string', 'string'],
  apiVersion: ['string', 'string'],
  gracePeriodSeconds: ['int64', 'int64'],
  preconditions: ['object', 'v1.Preconditions'],
  orphanDependents: ['bool', 'bool'],
  propagationPolicy: ['string', 'v1.DeletionPropagation'],
  dryRun: ['strings', '[]string'],
  ignoreStoreReadErrorWithClusterBreakingPotential: ['bool', 'bool'],
};
const PRECONDITIONS: Record<string, [Kind, string]> = {
  uid: ['string', 'types.UID'],
  resourceVersion: ['string', 'string'],
};

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** The first mismatch among `value`'s fields, described by `fields`, in Go struct `struct`. */
function check(
  value: Record<string, unknown>,
  fields: Record<string, [Kind, string]>,
  struct: string,
  prefix: string,
): string | undefined {
  const error = (v: unknown, field: string, goType: string, what = jsonType(v)) =>
    `json: cannot unmarshal ${what} into Go struct field ${struct}.${prefix}${field} of type ${goType}`;
  for (const [key, v] of Object.entries(value)) {
    const spec = fields[key];
    if (!spec || v === null) continue;
    const [kind, goType] = spec;
    switch (kind) {
      case 'string':
        if (typeof v !== 'string') return error(v, key, goType);
        break;
      case 'bool':
        if (typeof v !== 'boolean') return error(v, key, goType);
        break;
      case 'int64':
        if (typeof v !== 'number') return error(v, key, goType);
        // encoding/json quotes a number an int64 cannot hold.
        if (!Number.isSafeInteger(v)) return error(v, key, goType, `number ${String(v)}`);
        break;
      case 'strings':
        if (!Array.isArray(v)) return error(v, key, goType);
        for (const item of v as unknown[])
          if (item !== null && typeof item !== 'string') return error(item, key, 'string');
        break;
      case 'object': {
        if (typeof v !== 'object' || Array.isArray(v)) return error(v, key, goType);
        const inner = check(
          v as Record<string, unknown>,
          PRECONDITIONS,
          'Preconditions',
          `${key}.`,
        );
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

export function deleteOptionsTypeMismatch(body: Record<string, unknown>): string | undefined {
  return check(body, FIELDS, 'DeleteOptions', '');
}
