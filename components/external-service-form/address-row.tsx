/**
 * One "Address" row of the forms: the labelled input, its Remove button (named after the row,
 * "Remove address 2 (10.0.0.5)") and its errors, tied together by aria-describedby.
 */
import { Button } from '@/components/ui/button';
import { TextInput } from '@/components/ui/input';
import { FormField, type FieldProps } from './form-field';

export function AddressRow({
  inputId,
  index,
  value,
  errors,
  onChange,
  onRemove,
}: FieldProps & {
  index: number;
  /** Absent when the row cannot be removed (the last one of a form that needs one). */
  onRemove?: () => void;
}) {
  return (
    <FormField as="li" inputId={inputId} label="Address" labelClassName="mr-2" errors={errors}>
      {(aria) => (
        <>
          <TextInput
            id={inputId}
            value={value}
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
            placeholder="10.0.0.5 or 2001:db8::5"
            onChange={(e) => onChange(e.target.value)}
            className="font-mono"
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
