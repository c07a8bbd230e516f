/**
 * A boxed message: `error` (something failed or is refused), `warning` (a mode or limit the
 * user should know, such as read-only) or `success` (a change the user made went through). Colours come from the theme tokens, so both themes keep
 * their contrast.
 *
 * Contract: an `error` is announced (role="alert") unless the caller passes another role; a
 * `warning` or `success` is a status (role="status").
 */
import type { HTMLAttributes } from 'react';
import clsx from 'clsx';

export interface NoticeProps extends HTMLAttributes<HTMLDivElement> {
  tone: 'error' | 'warning' | 'success';
}

const TONE = {
  error: 'border-bad bg-surface-2',
  warning: 'border-warn bg-banner text-banner-fg',
  success: 'border-ok bg-surface-2',
} as const;

export function Notice({ tone, className, role, ...props }: NoticeProps) {
  return (
    <div
      role={role ?? (tone === 'error' ? 'alert' : 'status')}
      className={clsx('rounded border p-3', TONE[tone], className)}
      {...props}
    />
  );
}
