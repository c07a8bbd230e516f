/**
 * One field's errors, in words, with the apiserver's own message quoted when it is its rule.
 * Contract: rendered with the id the field's aria-describedby points at.
 */
import type { FieldError } from '@/lib/topology/validation';

export function FieldErrors({
  id,
  errors,
  focusable = false,
}: {
  id: string;
  errors: readonly FieldError[];
  /** A summary the form moves focus to when no field is to blame. */
  focusable?: boolean;
}) {
  if (errors.length === 0) return null;
  return (
    <div id={id} className="mt-1 text-sm text-bad" {...(focusable ? { tabIndex: -1 } : {})}>
      {errors.map((error, i) => (
        <p key={i}>
          {error.message}
          {error.apiserver ? (
            <>
              {' '}
              <span className="text-bad">
                The API server says: <q className="font-mono text-xs">{error.apiserver}</q>
              </span>
            </>
          ) : null}
        </p>
      ))}
    </div>
  );
}

export function errorsFor(errors: readonly FieldError[], field: string): FieldError[] {
  return errors.filter((e) => e.field === field);
}

/** Props that tie a field to its errors for assistive technology. */
export function describedBy(errors: readonly FieldError[], id: string, extra?: string) {
  const ids = [errors.length ? id : undefined, extra].filter(Boolean).join(' ');
  return {
    'aria-invalid': errors.length > 0 ? (true as const) : undefined,
    'aria-describedby': ids || undefined,
  };
}
