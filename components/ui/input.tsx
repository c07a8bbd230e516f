/**
 * Text inputs, selects and checkbox rows with one look: the line-coloured border of the theme,
 * the surface background, and a red border while `aria-invalid` (the error text beside the field
 * says what is wrong; the colour is never the only cue).
 *
 * Contract: native elements with every prop passed through; `size="md"` is the toolbar's 32 px
 * height, the default follows the text. Labels stay the caller's job (a <label> or aria-label).
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import clsx from 'clsx';

type FieldSize = 'md' | 'auto';

const FIELD = 'rounded border border-line bg-surface text-fg aria-invalid:border-bad';
const SIZE: Record<FieldSize, string> = { md: 'h-8 px-2 text-sm', auto: 'px-2 py-1' };

export interface TextInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'size'> {
  size?: FieldSize;
}

export function TextInput({ size = 'auto', className, ...props }: TextInputProps) {
  return <input className={clsx(FIELD, SIZE[size], className)} {...props} />;
}

export interface CodeInputProps extends Omit<TextInputProps, 'onChange'> {
  /** The new text on every edit. */
  onValue: (value: string) => void;
}

/**
 * Text a machine reads (a name, an address, a port, a token): monospace, and nothing that
 * rewrites it behind the user's back: no autocomplete, autocorrect, capitalisation or spell
 * check.
 */
export function CodeInput({ onValue, className, ...props }: CodeInputProps) {
  return (
    <TextInput
      autoComplete="off"
      autoCorrect="off"
      autoCapitalize="off"
      spellCheck={false}
      onChange={(e) => onValue(e.target.value)}
      className={clsx('font-mono', className)}
      {...props}
    />
  );
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'size'> {
  size?: FieldSize;
}

export function Select({ size = 'auto', className, ...props }: SelectProps) {
  return <select className={clsx(FIELD, SIZE[size], className)} {...props} />;
}

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  /** The visible label; clicking it toggles the box. */
  label: ReactNode;
  /** Classes of the wrapping <label>. */
  labelClassName?: string;
}

/** A checkbox inside its own label, so the text is its accessible name and its click target. */
export function Checkbox({ label, labelClassName, title, ...props }: CheckboxProps) {
  return (
    <label className={clsx('flex items-center gap-1 text-sm', labelClassName)} title={title}>
      <input type="checkbox" {...props} />
      {label}
    </label>
  );
}
