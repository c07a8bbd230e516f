/** The Add form's Namespace and Name fields, each with its hint and errors beside it. */
import { CodeInput, Select } from '@/components/ui/input';
import { FormField, type FieldProps } from './form-field';

export function NamespaceField({
  inputId,
  value,
  namespaces,
  errors,
  onChange,
}: FieldProps & { namespaces: readonly string[] }) {
  return (
    <FormField
      inputId={inputId}
      label="Namespace"
      labelClassName="block font-medium"
      errors={errors}
    >
      {(aria) => (
        <Select id={inputId} value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
          {value && !namespaces.includes(value) ? <option value={value}>{value}</option> : null}
          {namespaces.map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </Select>
      )}
    </FormField>
  );
}

export function NameField({ inputId, value, errors, onChange }: FieldProps) {
  return (
    <FormField
      inputId={inputId}
      label="Name"
      labelClassName="block font-medium"
      errors={errors}
      hint="Lower-case letters, digits and “-”, starting with a letter (a DNS-1035 label, at most 63 characters)."
    >
      {(aria) => <CodeInput id={inputId} value={value} onValue={onChange} {...aria} />}
    </FormField>
  );
}
