/**
 * One labelled field of the forms: its <label>, the control, an optional hint and the field's
 * errors, tied to the control by aria-describedby (`<inputId>-error`, `<inputId>-hint`, and
 * `markedBy`: an error shown elsewhere, its list's, that is about this field).
 * Contract: `children` renders the control (and anything that sits right after it) and spreads
 * the aria props it is given onto the control.
 */
import type { ReactNode } from 'react';
import type { FieldError } from '@/lib/topology/validation';
import { describedBy, FieldErrors } from './field-error';

/** What a caller gives one single-value field. */
export interface FieldProps {
  inputId: string;
  value: string;
  errors: readonly FieldError[];
  onChange: (value: string) => void;
}

export function FormField({
  inputId,
  label,
  labelClassName,
  errors,
  hint,
  markedBy,
  as: Wrapper = 'div',
  children,
}: {
  inputId: string;
  label: string;
  labelClassName: string;
  errors: readonly FieldError[];
  /** Shown under the control, as its description. */
  hint?: ReactNode;
  /** The id of an error shown elsewhere that is about this field: it is invalid too. */
  markedBy?: string;
  /** The wrapping element: a block, or a row of a list. */
  as?: 'div' | 'li';
  children: (aria: ReturnType<typeof describedBy>) => ReactNode;
}) {
  const hintId = hint ? `${inputId}-hint` : undefined;
  const aria = describedBy(errors, `${inputId}-error`, hintId);
  if (markedBy) {
    aria['aria-invalid'] = true;
    aria['aria-describedby'] = [aria['aria-describedby'], markedBy].filter(Boolean).join(' ');
  }
  return (
    <Wrapper>
      <label htmlFor={inputId} className={labelClassName}>
        {label}
      </label>
      {children(aria)}
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={`${inputId}-error`} errors={errors} />
    </Wrapper>
  );
}
