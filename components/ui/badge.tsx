/**
 * Small inline labels: a severity (`error`, `warning`, `info`) or a state ("read-only").
 * Contract: the text is the message; the tone only adds colour to it.
 */
import type { ReactNode } from 'react';
import clsx from 'clsx';

export type BadgeTone = 'bad' | 'warn' | 'muted' | 'outline';

const TONE: Record<BadgeTone, string> = {
  bad: 'font-semibold uppercase text-bad',
  warn: 'font-semibold uppercase text-warn',
  muted: 'font-semibold uppercase text-muted',
  outline: 'border border-line',
};

export function Badge({
  tone,
  className,
  children,
}: {
  tone: BadgeTone;
  className?: string;
  children: ReactNode;
}) {
  return <span className={clsx('rounded px-1 text-xs', TONE[tone], className)}>{children}</span>;
}
