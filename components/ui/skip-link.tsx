/**
 * A skip link (WCAG 2.4.1, bypass blocks): placed as the page's first focusable element, it is
 * hidden until it has focus, then shown over the top left corner of the page.
 *
 * Contract: an <a> to `#<target id>`; every other prop is passed through, so a caller whose
 * target must first be opened (a drawer) handles the click itself.
 */
import type { AnchorHTMLAttributes } from 'react';
import clsx from 'clsx';

export function SkipLink({ className, ...props }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      className={clsx(
        'sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50',
        'focus:rounded focus:border focus:border-line focus:bg-surface focus:px-3 focus:py-2',
        'focus:text-sm focus:underline focus:shadow-lg',
        className,
      )}
      {...props}
    />
  );
}
