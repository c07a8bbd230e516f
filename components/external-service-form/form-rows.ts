'use client';
/**
 * Repeatable rows of the forms (addresses, ports): stable React keys for rows the user adds and
 * removes, and focus on a newly added row, so keyboard users land where they pressed "Add".
 */
import { useEffect, useRef } from 'react';

let nextRowId = 1;

/** A key no other row of this page has. */
export const newRowId = () => nextRowId++;

/**
 * Returns `focusNext(elementId)`: the element with that id takes the focus after the next
 * render (when the new row exists).
 */
export function useFocusNewRow(): (elementId: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (!pending.current) return;
    document.getElementById(pending.current)?.focus();
    pending.current = null;
  });
  return (elementId) => {
    pending.current = elementId;
  };
}
