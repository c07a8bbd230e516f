/**
 * What the views of a window (the time control's markers, the comparison list) say when part of
 * the window's history cannot be rebuilt (`ChangesResponse.unrebuiltChanges`): without it an
 * answer with a break missing reads as "nothing broke". Pure.
 *
 * Contract: `incompleteNote(changes)` is the sentence to show, or null when the answer is whole.
 */
import type { ChangesResponse } from '../api/history';

export function incompleteNote(changes: Pick<ChangesResponse, 'unrebuiltChanges'> | undefined) {
  const count = changes?.unrebuiltChanges ?? 0;
  if (count <= 0) return null;
  const what = count === 1 ? '1 recorded change' : `${count} recorded changes`;
  return (
    `Part of this history is missing: ${what} could not be rebuilt (the version before ` +
    `${count === 1 ? 'it' : 'them'} is no longer stored), so a break in this time may not be shown.`
  );
}
