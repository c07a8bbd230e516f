'use client';
/**
 * Repeatable rows of the forms (addresses, ports): stable React keys for rows the user adds and
 * removes, and where focus goes after either, so keyboard users land where they were working:
 * on a newly added row, or on the removed row's neighbour (row-errors.ts `neighbourOf`), never
 * on <body>.
 *
 * Contract: a form's first rows take `FIRST_ROW_ID`, rows added later `newRowId()`; the row's
 * id is part of its input's element id, which focus and aria-describedby name.
 */
import { useLayoutEffect, useRef } from 'react';

/**
 * The id of the row a form starts with. That row is rendered on the server and hydrated, and
 * hydration keeps the server's element ids: a counter's value would differ between the two (the
 * server's counts every request), leaving the input with an id nothing else names — focus and
 * aria-describedby would miss it. Lists differ in their element ids, so each may use it.
 */
export const FIRST_ROW_ID = 0;

let nextRowId = FIRST_ROW_ID + 1;

/** A key no other row of this page has (rows added in the browser). */
export const newRowId = () => nextRowId++;

/**
 * Returns `focusNext(elementId)`: the element with that id takes the focus after the next
 * render (when a new row exists, or a removed one, and the element that had focus, is gone).
 */
export function useFocusAfterRender(): (elementId: string) => void {
  const pending = useRef<string | null>(null);
  // A layout effect, and kept until the element is there: the effects of a commit made before
  // the click (the map renders its updates as transitions, whose passive effects run later) can
  // run after the click asked and before the render that adds the element.
  useLayoutEffect(() => {
    const element = pending.current ? document.getElementById(pending.current) : null;
    if (!element) return;
    element.focus();
    pending.current = null;
  });
  return (elementId) => {
    pending.current = elementId;
  };
}
