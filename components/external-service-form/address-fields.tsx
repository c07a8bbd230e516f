'use client';
/**
 * The "Addresses" fieldset of the Add form: repeatable address rows, "Add address", and the
 * "Allow a target inside the cluster" opt-in with what it means. An error of the whole list that
 * is about some rows (a family the cluster does not serve) marks those rows and describes them.
 * Removing a row hands the focus to its neighbour (form-rows.ts), else to "Add address".
 */
import type { FieldError } from '@/lib/topology/validation';
import { Button } from '@/components/ui/button';
import { Fieldset } from '@/components/ui/fieldset';
import { Checkbox } from '@/components/ui/input';
import { AddressRow } from './address-row';
import { describedBy, FieldErrors } from './field-error';
import { newRowId, useFocusAfterRender } from './form-rows';
import { neighbourOf, rowField } from './row-errors';

export interface AddressValue {
  id: number;
  value: string;
}

export function AddressFields({
  idPrefix,
  rows,
  onRows,
  allowInternal,
  onAllowInternal,
  errorsFor,
  isMarked,
  onEdit,
}: {
  idPrefix: string;
  rows: AddressValue[];
  onRows: (update: (rows: AddressValue[]) => AddressValue[]) => void;
  allowInternal: boolean;
  onAllowInternal: (value: boolean) => void;
  /** The errors to show for a field path (`addresses`, a row's `rowField`). */
  errorsFor: (field: string) => FieldError[];
  /** Whether the list's errors are about a row's field path (row-errors.ts `isMarked`). */
  isMarked: (field: string) => boolean;
  /** Called with the field path the user just edited. */
  onEdit: (field: string) => void;
}) {
  const focusNext = useFocusAfterRender();
  const inputId = (rowId: number) => `${idPrefix}-address-${rowId}`;
  const addId = `${idPrefix}-add-address`;
  const listErrors = errorsFor('addresses');
  const listErrorId = `${idPrefix}-addresses-error`;
  return (
    <Fieldset legend="Addresses" {...describedBy(listErrors, listErrorId)}>
      <ul className="flex flex-col gap-2">
        {rows.map((row, i) => (
          <AddressRow
            key={row.id}
            inputId={inputId(row.id)}
            index={i}
            value={row.value}
            errors={errorsFor(rowField('addresses', row.id))}
            markedBy={
              listErrors.length && isMarked(rowField('addresses', row.id)) ? listErrorId : undefined
            }
            onChange={(value) => {
              onRows((list) => list.map((a) => (a.id === row.id ? { ...a, value } : a)));
              onEdit(rowField('addresses', row.id));
            }}
            onRemove={
              rows.length > 1
                ? () => {
                    const next = neighbourOf(rows, row.id);
                    focusNext(next === undefined ? addId : inputId(next));
                    onRows((list) => list.filter((a) => a.id !== row.id));
                  }
                : undefined
            }
          />
        ))}
      </ul>
      <Button
        id={addId}
        className="mt-2"
        onClick={() => {
          const row = { id: newRowId(), value: '' };
          focusNext(inputId(row.id));
          onRows((list) => [...list, row]);
        }}
      >
        Add address
      </Button>
      <FieldErrors id={listErrorId} errors={listErrors} />
      <Checkbox
        label={<span>Allow a target inside the cluster</span>}
        labelClassName="mt-3 items-start gap-2"
        checked={allowInternal}
        onChange={(e) => onAllowInternal(e.target.checked)}
        aria-describedby={`${idPrefix}-internal-hint`}
      />
      <p id={`${idPrefix}-internal-hint`} className="text-xs text-muted">
        Only for a ClusterIP, pod or node address you really mean to forward to. It is recorded on
        the objects as the annotation switchboard.dev/allow-internal-target. It never allows
        loopback, link-local or metadata addresses.
      </p>
    </Fieldset>
  );
}
