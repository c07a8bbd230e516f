'use client';
/**
 * Text from the cluster (messages, annotations, names) as the page shows it: isolated with
 * `<bdi dir="auto">` so a right-to-left or hostile string cannot reorder the words around it,
 * control and bidi formatting characters shown as visible markers (lib/cluster-text.ts), and,
 * beyond `max` characters, cut with a "Show all" button that reveals the rest in place.
 *
 * Contract: renders inline; the full text is always one click (or Enter) away, and a cut text
 * ends with "…" so it is never mistaken for the whole. A text that may be cut says what it is
 * (`of`): the button's accessible name names it (lib/cluster-text.ts `showAllLabel`).
 */
import { useState } from 'react';
import { clip, neutraliseControls, showAllLabel } from '@/lib/cluster-text';

export type ClusterTextProps = {
  text: string;
  className?: string;
} & (
  | { max?: undefined; of?: undefined }
  | {
      /** Code points shown before "Show all". */
      max: number;
      /** What the text is, for the button's name: `the connection error`, `pod shop/web's state`. */
      of: string;
    }
);

export function ClusterText({ text, max, of, className }: ClusterTextProps) {
  const [all, setAll] = useState(false);
  const safe = neutraliseControls(text);
  const shown = max === undefined || all ? { text: safe, clipped: false } : clip(safe, max);
  return (
    <>
      <bdi dir="auto" className={className}>
        {shown.text}
        {shown.clipped ? '…' : null}
      </bdi>
      {shown.clipped ? (
        <>
          {' '}
          <button
            type="button"
            className="underline"
            aria-label={showAllLabel(safe, of ?? 'the text')}
            onClick={() => setAll(true)}
          >
            Show all
          </button>
        </>
      ) : null}
    </>
  );
}
