/**
 * How the forms' submit buttons look while a request is out: unavailable, yet still focusable.
 * They are `aria-disabled` (and ignore activation) rather than `disabled`, because a disabled
 * button drops the keyboard focus to <body>.
 */
export const PENDING_LOOK = 'aria-disabled:cursor-wait aria-disabled:opacity-50';
