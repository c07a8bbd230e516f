/**
 * Go's `%q` verb as RBAC's messages use it: on a string (`"alice"`, core's one Go quoting) and on
 * a []string (`["get" "list"]`, space-separated, no commas).
 */
import { goQuote } from '../../core/field-errors';

export { goQuote };

export function goQuoteList(values: readonly string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}
