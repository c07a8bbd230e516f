/**
 * How validation messages show text the user typed: characters that would be invisible on the
 * page (a zero-width space pasted into a name, a bidi override) are written out as `[U+200B]`
 * (lib/cluster-text.ts), and text longer than anyone reads in a message is cut, with its length
 * said instead.
 *
 * Contract: `shown` is for the plain-words `message` only; the apiserver's own text (`apiserver`)
 * keeps the value verbatim, as kube-apiserver would print it. Isomorphic, pure.
 */
import { clip, neutraliseControls } from '@/lib/cluster-text';

/** Longer than any name, port or address a person types: cut in messages. */
const SHOWN_MAX = 64;

export function shown(text: string): string {
  const cut = clip(text, SHOWN_MAX);
  const visible = neutraliseControls(cut.text);
  return cut.clipped ? `${visible}… (${Array.from(text).length} characters)` : visible;
}
