/** The Add form's Namespace and Name fields, each with its hint and errors beside it. */
import type { FieldError } from '@/lib/topology/validation';
import { Select, TextInput } from '@/components/ui/input';
import { describedBy, FieldErrors } from './field-error';

export function NamespaceField({
  inputId,
  value,
  namespaces,
  errors,
  onChange,
}: {
  inputId: string;
  value: string;
  namespaces: readonly string[];
  errors: readonly FieldError[];
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={inputId} className="block font-medium">
        Namespace
      </label>
      <Select
        id={inputId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...describedBy(errors, `${inputId}-error`)}
      >
        {value && !namespaces.includes(value) ? <option value={value}>{value}</option> : null}
        {namespaces.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </Select>
      <FieldErrors id={`${inputId}-error`} errors={errors} />
    </div>
  );
}

export function NameField({
  inputId,
  value,
  errors,
  onChange,
}: {
  inputId: string;
  value: string;
  errors: readonly FieldError[];
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={inputId} className="block font-medium">
        Name
      </label>
      <TextInput
        id={inputId}
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        className="font-mono"
        {...describedBy(errors, `${inputId}-error`, `${inputId}-hint`)}
      />
      <p id={`${inputId}-hint`} className="text-xs text-muted">
        Lower-case letters, digits and “-”, starting with a letter (a DNS-1035 label, at most 63
        characters).
      </p>
      <FieldErrors id={`${inputId}-error`} errors={errors} />
    </div>
  );
}
