/**
 * A bordered group of form fields with its visible legend (the group's accessible name).
 * Contract: every other prop (aria-describedby, aria-invalid…) goes to the <fieldset>.
 */
import type { FieldsetHTMLAttributes, ReactNode } from 'react';
import clsx from 'clsx';

export interface FieldsetProps extends FieldsetHTMLAttributes<HTMLFieldSetElement> {
  legend: ReactNode;
}

export function Fieldset({ legend, className, children, ...props }: FieldsetProps) {
  return (
    <fieldset className={clsx('rounded border border-line p-3', className)} {...props}>
      <legend className="font-medium">{legend}</legend>
      {children}
    </fieldset>
  );
}
