/**
 * The int-or-percent rules workload and disruption-budget validation share (upstream
 * pkg/apis/apps/validation ValidatePositiveIntOrPercent, IsNotMoreThan100Percent,
 * getIntOrPercentValue) and ValidateNonnegativeField. Bad IntOrString values are rendered as the
 * apiserver prints them, `intstr.IntOrString{Type:1, IntVal:0, StrVal:"30"}`.
 */
import type { FieldCause } from '../../core/types';
import { goQuote, invalid } from '../../core/field-errors';
import { isValidPercent } from '../validation/keys';

export type IntOrString = number | string;

/** Go's %#v of an intstr.IntOrString. */
export function goIntOrString(value: IntOrString): { go: string } {
  return typeof value === 'number'
    ? { go: `intstr.IntOrString{Type:0, IntVal:${value}, StrVal:""}` }
    : { go: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}` };
}

export const NEGATIVE = 'must be greater than or equal to 0';

/** ValidateNonnegativeField. */
export function validateNonnegative(value: unknown, path: string): FieldCause[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, NEGATIVE)] : [];
}

export function validatePositiveIntOrPercent(
  value: IntOrString | undefined,
  path: string,
): FieldCause[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return validateNonnegative(value, path);
  return isValidPercent(value).map((msg) => invalid(path, goIntOrString(value), msg));
}

function percentValue(value: IntOrString): number | undefined {
  if (typeof value !== 'string' || isValidPercent(value).length > 0) return undefined;
  return Number.parseInt(value.slice(0, -1), 10);
}

/** getIntOrPercentValue: the percent's number, else IntValue() (strconv.Atoi, 0 on failure). */
export function intOrPercentValue(value: IntOrString | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  return percentValue(value) ?? (/^[+-]?\d+$/.test(value) ? Number.parseInt(value, 10) : 0);
}

export function isNotMoreThan100Percent(
  value: IntOrString | undefined,
  path: string,
): FieldCause[] {
  if (value === undefined) return [];
  const percent = percentValue(value);
  if (percent === undefined || percent <= 100) return [];
  return [invalid(path, goIntOrString(value), 'must not be greater than 100%')];
}

/**
 * A pointer field as Go's %#v prints it inside a struct: `(*T)(0xc…)` or `(*T)(nil)`. The
 * address is a heap address upstream; any stable one stands in for it.
 */
export function goPointer(type: string, present: boolean, index: number): string {
  const address = `0xc0000${(0x10000 + index * 0x20).toString(16)}`;
  return present ? `(*${type})(${address})` : `(*${type})(nil)`;
}
