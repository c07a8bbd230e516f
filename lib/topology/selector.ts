/**
 * Equality-based Service selector matching, written for the dashboard. It shares no code with
 * emulator/: the dashboard reads any cluster, and a mistake copied into both would hide itself.
 *
 * Contract: a Service selector is a map; a pod matches when it carries every key with exactly that
 * value. An absent *or empty* selector makes the Service selector-less (records.ts): it selects
 * nothing and its endpoints are managed by hand. (Upstream, `{}` in memory would select every pod,
 * but an empty map does not survive the API's omitempty serialisation, so a watched Service with
 * `selector: {}` arrives as selector-less — which is how the controllers then treat it.)
 */

export type Selector = Readonly<Record<string, string>> | undefined;

export function isSelectorless(selector: Selector): boolean {
  if (!selector) return true;
  for (const _ in selector) return false;
  return true;
}

/** Entries sorted by key, so output (commands, evidence) is deterministic. */
export function selectorEntries(selector: Selector): [string, string][] {
  if (!selector) return [];
  return Object.keys(selector)
    .sort()
    .map((k) => [k, selector[k]!]);
}

/** True when `labels` carries every key=value of a non-empty selector. Selector-less → false. */
export function selectorMatches(
  selector: Selector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (isSelectorless(selector)) return false;
  if (!labels) return false;
  for (const key in selector) {
    if (labels[key] !== selector![key]) return false;
  }
  return true;
}

/** `app=nginx,tier=web` — the form `kubectl -l` takes. */
export function selectorToString(selector: Selector): string {
  return selectorEntries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
