/**
 * Monospaced text the user reads or copies: a command line (`InlineCode`) or a block of YAML or
 * shell (`CodeBlock`). A labelled block is focusable, so keyboard users can scroll it.
 */
import type { ReactNode } from 'react';
import clsx from 'clsx';

const SURFACE = 'rounded bg-surface-2 font-mono text-xs';

export function InlineCode({ className, children }: { className?: string; children: ReactNode }) {
  return <code className={clsx(SURFACE, 'px-2 py-1 break-all', className)}>{children}</code>;
}

export function CodeBlock({
  label,
  className,
  children,
  ...data
}: {
  /** The accessible name; a named block is also a tab stop (it scrolls). */
  label?: string;
  className?: string;
  children: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <pre
      aria-label={label}
      tabIndex={label ? 0 : undefined}
      className={clsx(SURFACE, 'overflow-auto p-2', className)}
      {...data}
    >
      {children}
    </pre>
  );
}
