'use client';
/**
 * `useHydrated()`: false in the server's HTML and during hydration, true once React runs the
 * component in the browser.
 *
 * Two uses: text the server cannot know (this tab's clock), and submit buttons. Until the page
 * has hydrated, a form has no handler: a click submits it natively, reloading the page and
 * putting its fields in the URL. That loses what was typed, and for the sign-in form it would
 * put the token in the address bar, the browser's history and access logs. So a submit button
 * stays disabled until then. A form whose default button is disabled is not submitted by Enter
 * either.
 */
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
