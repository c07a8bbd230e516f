/**
 * Errors of repeatable rows kept with their row. Validation names a row by its position
 * (`addresses.2`, `ports.1.name`: the form's input is a list); the form names it by the row's
 * id, which stays the same when rows above it are removed. Re-keyed once, when an answer
 * arrives, with the row ids as they were submitted, an error goes away with its row and never
 * lands on the row that moves up into its place.
 *
 * Contract: pure. `byRow` turns position paths into row paths (`rowField`), in `field` and in
 * `marks`, and leaves every other path as it is; a path whose position no submitted row had is
 * dropped. `isMarked` says whether a list's error is about a field (its `marks`). `firstInvalid`
 * picks, from the fields in the order the form shows them, the first with an error or a mark;
 * `neighbourOf`, the row that takes the focus when one is removed.
 */
import type { FieldError } from '@/lib/topology/validation';

export type RowList = 'addresses' | 'ports';

/** The row ids of each list, in order, as the form sent them. */
export type SubmittedRows = Readonly<Record<RowList, readonly number[]>>;

/** The field path of a row (or of one of its parts: `port`, `name`, `protocol`). */
export const rowField = (list: RowList, rowId: number, part?: string) =>
  `${list}#${rowId}${part ? `.${part}` : ''}`;

const POSITION_RE = /^(addresses|ports)\.(\d+)(?:\.(.+))?$/;

/** The row path of a position path, the path itself when it names no row, or none. */
function rowPath(path: string, rows: SubmittedRows): string | undefined {
  const match = POSITION_RE.exec(path);
  if (!match) return path;
  const list = match[1] as RowList;
  const rowId = rows[list][Number(match[2])];
  return rowId === undefined ? undefined : rowField(list, rowId, match[3]);
}

export function byRow(errors: readonly FieldError[], rows: SubmittedRows): FieldError[] {
  return errors.flatMap((error) => {
    const field = rowPath(error.field, rows);
    if (field === undefined) return [];
    if (!error.marks) return [{ ...error, field }];
    const marks = error.marks.flatMap((m) => rowPath(m, rows) ?? []);
    return [{ ...error, field, marks }];
  });
}

/** Whether an error elsewhere (its list's) is about `field`. */
export function isMarked(errors: readonly FieldError[], field: string): boolean {
  return errors.some((e) => e.marks?.includes(field));
}

/**
 * The first of `fields` (in the form's order) that has an error or is marked by one, else the
 * first other error's field.
 */
export function firstInvalid(
  errors: readonly FieldError[],
  fields: readonly string[],
): string | undefined {
  const invalid = new Set(errors.flatMap((e) => [e.field, ...(e.marks ?? [])]));
  return fields.find((f) => invalid.has(f)) ?? errors[0]?.field;
}

/**
 * The row that takes the focus when row `id` is removed: the next one, else the previous one,
 * else none (the caller's "Add" button then).
 */
export function neighbourOf(rows: readonly { id: number }[], id: number): number | undefined {
  const i = rows.findIndex((r) => r.id === id);
  if (i < 0) return undefined;
  return (rows[i + 1] ?? rows[i - 1])?.id;
}
