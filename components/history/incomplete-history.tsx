'use client';
/**
 * The note beside a window's changes that part of its history could not be rebuilt
 * (lib/history-view/incomplete.ts). A status, so a screen reader hears it when the answer
 * arrives; said in words with a glyph, never by colour alone. Renders nothing for a whole answer.
 */
import type { ChangesResponse } from '@/lib/api/history';
import { incompleteNote } from '@/lib/history-view/incomplete';

export function IncompleteHistory({ changes }: { changes: ChangesResponse | undefined }) {
  const note = incompleteNote(changes);
  if (!note) return null;
  return (
    <p role="status" data-testid="history-incomplete" className="text-xs text-warn">
      <span aria-hidden="true">⚠ </span>
      {note}
    </p>
  );
}
