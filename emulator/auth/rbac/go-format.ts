/**
 * Go's `%q` verb as RBAC's messages use it: on a string (`"alice"`) and on a []string
 * (`["get" "list"]`, space-separated, no commas). JSON string quoting agrees with Go's for every
 * printable character; names, verbs, groups and paths never hold the control characters where the
 * two differ.
 */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}

export function goQuoteList(values: readonly string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}
