'use client';
/**
 * Text from the cluster (messages, annotations, names) as the page shows it: isolated with
 * `<bdi dir="auto">` so a right-to-left or hostile string cannot reorder the words around it,
 * control and bidi formatting characters shown as visible markers (lib/cluster-text.ts), and,
 * beyond `max` characters, cut with a "Show all" button that reveals the rest in place.
 *
 * Contract: renders inline; the full text is always one click (or Enter) away, and a cut text
 * ends with "…" so it is never mistaken for the whole.
 */
import { useState } from 'react';
import { clip, neutraliseControls } from '@/lib/cluster-text';

export interface ClusterTextProps {
  text: string;
  /** Code points shown before "Show all"; unlimited when absent. */
  max?: number;
  className?: string;
}

export function ClusterText({ text, max, className }: ClusterTextProps) {
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
            aria-label={`Show all ${Array.from(safe).length} characters`}
            onClick={() => setAll(true)}
          >
            Show all
          </button>
        </>
      ) : null}
    </>
  );
}
