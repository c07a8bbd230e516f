/**
 * The one button of the app. Variants by props, so every button looks and behaves alike:
 * `secondary` (bordered, the default), `primary` and `confirm` (solid: the form's main actions),
 * `danger` (solid: an action that destroys, worded so in its label too),
 * `link` (underlined text inside prose and tables), `row` (a full-width item of a menu list).
 *
 * Contract: a native <button> (keyboard and focus come from the platform; the focus ring is the
 * global :focus-visible style in app/globals.css); `type` defaults to "button" so nothing
 * submits a form by accident; every other prop is passed through. An icon-only button must use
 * `IconButton`, which requires an accessible name.
 */
import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import clsx from 'clsx';

export type ButtonVariant = 'secondary' | 'primary' | 'confirm' | 'danger' | 'link' | 'row';
export type ButtonSize = 'sm' | 'md' | 'lg';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Ignored by `link` and `row`, which take the size of the text around them. */
  size?: ButtonSize;
  /** For a caller that moves focus back to the button (React 19: a plain prop). */
  ref?: Ref<HTMLButtonElement>;
}

const VARIANT: Record<ButtonVariant, string> = {
  secondary:
    'rounded border border-line bg-surface text-fg hover:bg-surface-2 aria-pressed:bg-surface-2',
  primary: 'rounded bg-blue-700 text-white hover:bg-blue-800',
  confirm: 'rounded bg-green-700 text-white hover:bg-green-800',
  danger: 'rounded bg-red-700 text-white hover:bg-red-800',
  link: 'underline',
  row: 'w-full rounded px-1 py-1 text-left hover:bg-surface-2',
};

const SIZE: Record<ButtonSize, string> = {
  sm: 'px-2 py-0.5 text-xs',
  md: 'h-8 px-2 text-sm',
  lg: 'px-3 py-1',
};

/**
 * An action that cannot be taken now, yet keeps the focus (`aria-disabled`, not `disabled`, which
 * drops the focus to <body>): dimmed, and words near it or its title say why, not the dimming.
 */
export const UNAVAILABLE_LOOK = 'aria-disabled:cursor-not-allowed aria-disabled:opacity-50';

/** The classes of a button of this variant and size. */
function buttonClass(variant: ButtonVariant = 'secondary', size: ButtonSize = 'md') {
  const sized = variant !== 'link' && variant !== 'row';
  return clsx(
    VARIANT[variant],
    sized && SIZE[size],
    'disabled:cursor-not-allowed disabled:opacity-50',
  );
}

export function Button({
  variant = 'secondary',
  size = 'md',
  type = 'button',
  className,
  ...props
}: ButtonProps) {
  return <button type={type} className={clsx(buttonClass(variant, size), className)} {...props} />;
}

export interface IconButtonProps extends Omit<ButtonProps, 'aria-label' | 'children'> {
  /** The accessible name, also shown as a tooltip. */
  label: string;
  /** The visible glyph; hidden from assistive technology (the label names the button). */
  icon: ReactNode;
}

/** A square button showing only a glyph; its name is `label`. */
export function IconButton({ label, icon, className, title, ...props }: IconButtonProps) {
  return (
    <Button
      aria-label={label}
      title={title ?? label}
      className={clsx('w-8 px-0 text-lg leading-none', className)}
      {...props}
    >
      <span aria-hidden="true">{icon}</span>
    </Button>
  );
}
