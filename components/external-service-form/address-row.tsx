/**
 * One "Address" row of the forms: the labelled input, its Remove button (named after the row,
 * "Remove address 2 (10.0.0.5)") and its errors, tied together by aria-describedby.
 */
import type { FieldError } from '@/lib/topology/validation';
import { Button } from '@/components/ui/button';
import { TextInput } from '@/components/ui/input';
import { describedBy, FieldErrors } from './field-error';

export function AddressRow({
  inputId,
  index,
  value,
  errors,
  onChange,
  onRemove,
}: {
  inputId: string;
  index: number;
  value: string;
  errors: readonly FieldError[];
  onChange: (value: string) => void;
  /** Absent when the row cannot be removed (the last one of a form that needs one). */
  onRemove?: () => void;
}) {
  return (
    <li>
      <label htmlFor={inputId} className="mr-2">
        Address
      </label>
      <TextInput
        id={inputId}
        value={value}
        autoComplete="off"
        spellCheck={false}
        inputMode="text"
        placeholder="10.0.0.5 or 2001:db8::5"
        onChange={(e) => onChange(e.target.value)}
        className="font-mono"
        {...describedBy(errors, `${inputId}-error`)}
      />
      {onRemove ? (
        <Button
          variant="link"
          className="ml-2 text-sm"
          aria-label={`Remove address ${index + 1}${value ? ` (${value})` : ''}`}
          onClick={onRemove}
        >
          Remove
        </Button>
      ) : null}
      <FieldErrors id={`${inputId}-error`} errors={errors} />
    </li>
  );
}
