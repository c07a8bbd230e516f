'use client';
/**
 * The "Ports" fieldset of the Add form: repeatable rows of Port, Port name and Protocol. Removing
 * a row hands the focus to its neighbour's Port (form-rows.ts), else to "Add port".
 */
import type { FieldError } from '@/lib/topology/validation';
import { Button } from '@/components/ui/button';
import { Fieldset } from '@/components/ui/fieldset';
import { CodeInput, Select } from '@/components/ui/input';
import { describedBy, FieldErrors } from './field-error';
import { FormField } from './form-field';
import { FIRST_ROW_ID, newRowId, useFocusAfterRender } from './form-rows';
import { neighbourOf, rowField } from './row-errors';

export interface PortValue {
  id: number;
  port: string;
  name: string;
  protocol: string;
}

/** A new port row; `first` for the one the form starts with (form-rows.ts `FIRST_ROW_ID`). */
export const newPortRow = (first = false): PortValue => ({
  id: first ? FIRST_ROW_ID : newRowId(),
  port: '',
  name: '',
  protocol: 'TCP',
});

function PortRow({
  idPrefix,
  row,
  index,
  errorsFor,
  onChange,
  onRemove,
}: {
  idPrefix: string;
  row: PortValue;
  index: number;
  errorsFor: (field: string) => FieldError[];
  onChange: (patch: Partial<PortValue>, field: 'port' | 'name' | 'protocol') => void;
  onRemove?: () => void;
}) {
  const id = (what: string) => `${idPrefix}-${what}-${row.id}`;
  const portErr = errorsFor(rowField('ports', row.id, 'port'));
  const nameErr = errorsFor(rowField('ports', row.id, 'name'));
  const protoErr = errorsFor(rowField('ports', row.id, 'protocol'));
  return (
    <fieldset className="mb-2 flex flex-wrap items-start gap-3">
      <legend className="sr-only">Port {index + 1}</legend>
      <FormField inputId={id('port')} label="Port" labelClassName="block text-sm" errors={portErr}>
        {(aria) => (
          <CodeInput
            id={id('port')}
            value={row.port}
            inputMode="numeric"
            onValue={(port) => onChange({ port }, 'port')}
            className="w-24"
            {...aria}
          />
        )}
      </FormField>
      <FormField
        inputId={id('port-name')}
        label="Port name"
        labelClassName="block text-sm"
        errors={nameErr}
      >
        {(aria) => (
          <CodeInput
            id={id('port-name')}
            value={row.name}
            onValue={(name) => onChange({ name }, 'name')}
            className="w-40"
            {...aria}
          />
        )}
      </FormField>
      <FormField
        inputId={id('protocol')}
        label="Protocol"
        labelClassName="block text-sm"
        errors={protoErr}
      >
        {(aria) => (
          <Select
            id={id('protocol')}
            value={row.protocol}
            onChange={(e) => onChange({ protocol: e.target.value }, 'protocol')}
            {...aria}
          >
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
            <option value="SCTP">SCTP</option>
          </Select>
        )}
      </FormField>
      {onRemove ? (
        <Button
          variant="link"
          className="mt-5 text-sm"
          aria-label={`Remove port ${index + 1}`}
          onClick={onRemove}
        >
          Remove
        </Button>
      ) : null}
    </fieldset>
  );
}

export function PortFields({
  idPrefix,
  rows,
  onRows,
  errorsFor,
  onEdit,
}: {
  idPrefix: string;
  rows: PortValue[];
  onRows: (update: (rows: PortValue[]) => PortValue[]) => void;
  errorsFor: (field: string) => FieldError[];
  onEdit: (field: string) => void;
}) {
  const focusNext = useFocusAfterRender();
  const portId = (rowId: number) => `${idPrefix}-port-${rowId}`;
  const addId = `${idPrefix}-add-port`;
  const listErrors = errorsFor('ports');
  return (
    <Fieldset legend="Ports" {...describedBy(listErrors, `${idPrefix}-ports-error`)}>
      {rows.map((row, i) => (
        <PortRow
          key={row.id}
          idPrefix={idPrefix}
          row={row}
          index={i}
          errorsFor={errorsFor}
          onChange={(patch, field) => {
            onRows((list) => list.map((p) => (p.id === row.id ? { ...p, ...patch } : p)));
            onEdit(rowField('ports', row.id, field));
          }}
          onRemove={
            rows.length > 1
              ? () => {
                  const next = neighbourOf(rows, row.id);
                  focusNext(next === undefined ? addId : portId(next));
                  onRows((list) => list.filter((p) => p.id !== row.id));
                }
              : undefined
          }
        />
      ))}
      <Button
        id={addId}
        onClick={() => {
          const row = newPortRow();
          focusNext(portId(row.id));
          onRows((list) => [...list, row]);
        }}
      >
        Add port
      </Button>
      <FieldErrors id={`${idPrefix}-ports-error`} errors={listErrors} />
    </Fieldset>
  );
}
