/**
 * One "Address" row of the forms: the labelled input, its Remove button (named after the row,
 * "Remove address 2 (10.0.0.5)") and its errors, tied together by aria-describedby; `markedBy`
 * names an error about the row shown elsewhere (form-field.tsx).
 */
import { Button } from '@/components/ui/button';
import { CodeInput } from '@/components/ui/input';
import { FormField, type FieldProps } from './form-field';

export function AddressRow({
  inputId,
  index,
  value,
  errors,
  markedBy,
  onChange,
  onRemove,
}: FieldProps & {
  index: number;
  markedBy?: string;
  /** Absent when the row cannot be removed (the last one of a form that needs one). */
  onRemove?: () => void;
}) {
  return (
    <FormField
      as="li"
      inputId={inputId}
      label="Address"
      labelClassName="mr-2"
      errors={errors}
      markedBy={markedBy}
    >
      {(aria) => (
        <>
          <CodeInput
            id={inputId}
            value={value}
            inputMode="text"
            placeholder="10.0.0.5 or 2001:db8::5"
            onValue={onChange}
            {...aria}
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
        </>
      )}
    </FormField>
  );
}
