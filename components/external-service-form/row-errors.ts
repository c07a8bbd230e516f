/**
 * Errors of repeatable rows kept with their row. Validation names a row by its position
 * (`addresses.2`, `ports.1.name`: the form's input is a list); the form names it by the row's
 * id, which stays the same when rows above it are removed. Re-keyed once, when an answer
 * arrives, with the row ids as they were submitted, an error goes away with its row and never
 * lands on the row that moves up into its place.
 *
 * Contract: pure. `byRow` turns position paths into row paths (`rowField`) and leaves every other
 * field as it is; a path whose position no submitted row had is dropped. `firstInvalid` picks,
 * from the fields in the order the form shows them, the first with an error.
 */
import type { FieldError } from '@/lib/topology/validation';

export type RowList = 'addresses' | 'ports';

/** The row ids of each list, in order, as the form sent them. */
export type SubmittedRows = Readonly<Record<RowList, readonly number[]>>;

/** The field path of a row (or of one of its parts: `port`, `name`, `protocol`). */
export const rowField = (list: RowList, rowId: number, part?: string) =>
  `${list}#${rowId}${part ? `.${part}` : ''}`;

const POSITION_RE = /^(addresses|ports)\.(\d+)(?:\.(.+))?$/;

export function byRow(errors: readonly FieldError[], rows: SubmittedRows): FieldError[] {
  return errors.flatMap((error) => {
    const match = POSITION_RE.exec(error.field);
    if (!match) return [error];
    const list = match[1] as RowList;
    const rowId = rows[list][Number(match[2])];
    return rowId === undefined ? [] : [{ ...error, field: rowField(list, rowId, match[3]) }];
  });
}

/** The first of `fields` (in the form's order) that has an error, else the first other error's. */
export function firstInvalid(
  errors: readonly FieldError[],
  fields: readonly string[],
): string | undefined {
  const invalid = new Set(errors.map((e) => e.field));
  return fields.find((f) => invalid.has(f)) ?? errors[0]?.field;
}
