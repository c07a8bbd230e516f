/**
 * Text that comes from the cluster (Event and condition messages, annotations, names a permissive
 * API server let through) made safe to show: control and bidirectional formatting characters are
 * replaced by a visible `[U+XXXX]` marker — so U+202E cannot reverse what follows it, and nothing
 * invisible hides in a message — and long text is cut at a limit, with the full text kept.
 *
 * Contract: pure and isomorphic. `neutraliseControls` keeps tab and newline (they display as
 * whitespace) and every printable character, including joiners scripts need (U+200C, U+200D);
 * it never throws. `clip` counts code points, so a surrogate pair is never split. The components
 * that show such text also isolate it (`<bdi>`/`dir="auto"`) so its direction cannot leak into
 * the page around it: components/ui/cluster-text.tsx.
 */

/**
 * C0 and C1 controls (but tab and newline), DEL, the bidirectional formatting characters
 * (ALM, LRM, RLM, LRE…RLO, LRI…PDI) and the invisible separators and markers (ZWSP, word
 * joiner, BOM).
 */
const UNSAFE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/gu;

const marker = (ch: string) =>
  `[U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;

export function neutraliseControls(text: string): string {
  return text.replace(UNSAFE, marker);
}

/** True when `text` holds a character `neutraliseControls` would replace. */
export function hasControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

export interface Clipped {
  text: string;
  /** True when `text` is a prefix of the input, followed by nothing shown. */
  clipped: boolean;
}

/**
 * The accessible name of the button that shows the rest of a cut text: how much, and of what —
 * `Show all 265 characters of the selectorless-no-endpoints problem of shop/cart` — so a list of
 * them read out of context (a screen reader's list of buttons) says which each expands. Starts
 * with the visible "Show all" (WCAG 2.5.3).
 */
export function showAllLabel(text: string, of: string): string {
  return `Show all ${Array.from(text).length} characters of ${of}`;
}

/** The first `max` code points of `text` (all of it when shorter). */
export function clip(text: string, max: number): Clipped {
  if (text.length <= max) return { text, clipped: false };
  const points = Array.from(text);
  if (points.length <= max) return { text, clipped: false };
  return { text: points.slice(0, max).join(''), clipped: true };
}
