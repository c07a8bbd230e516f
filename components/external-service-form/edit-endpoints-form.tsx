'use client';
/**
 * "Edit endpoints" of an existing selector-less Service: add and remove addresses in place.
 *
 * Contract: loads the addresses and the resourceVersions it was shown; Preview shows the server's
 * dry run of the change (what is added, removed, kept); Save is enabled only for the addresses
 * previewed and sends the versions back, so a change made meanwhile by someone else is reported
 * as a conflict (nothing is overwritten) and the form offers to reload. After a save the Service
 * is opened on the map (written-context.tsx). Addresses are validated in the browser with the server's own rules
 * (lib/topology/validation validateAddresses) and again by the server with cluster facts. An
 * error about some rows (a family the Service lacks) marks them; removing a row hands the focus
 * to its neighbour, else to "Add address" (form-rows.ts). The Service deleted meanwhile by
 * someone else (service-gone.ts), the form says so and keeps what was typed.
 */
import {
  useActionState,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  startTransition,
} from 'react';
import type { EndpointsForEdit } from '@/lib/api/write-results';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/input';
import { useCluster } from '@/components/clusters/cluster-context';
import { AddressRow } from './address-row';
import { fetchEndpoints } from './api';
import { DialogReadStatus } from './dialog-read-status';
import {
  editAction,
  editKey,
  INITIAL_EDIT_STATE,
  type EditRequest,
} from './edit-endpoints-actions';
import { EditPreviewSection } from './edit-preview-section';
import { errorsFor, FieldErrors } from './field-error';
import { newRowId, useFocusAfterRender } from './form-rows';
import { PENDING_LOOK } from './pending-look';
import { firstInvalid, isMarked, neighbourOf, rowField } from './row-errors';
import { ServiceGoneAlert, ServiceGoneContext } from './service-gone';
import { useDialogRead } from './use-dialog-read';
import { useWrittenHandler } from './written-context';

export interface EditEndpointsFormProps {
  namespace: string;
  name: string;
  onDone?: () => void;
}

export function EditEndpointsForm({ namespace, name, onDone }: EditEndpointsFormProps) {
  const uid = useId();
  const written = useWrittenHandler();
  const gone = useContext(ServiceGoneContext);
  const [rows, setRows] = useState<{ id: number; value: string }[]>([]);
  const [allowInternal, setAllowInternal] = useState(false);
  const focusNext = useFocusAfterRender();
  const { ref: cluster } = useCluster();
  // Each answer read (at first, and on Reload) becomes the form's rows.
  const {
    data: loaded,
    error: loadError,
    reload,
  } = useDialogRead(
    fetchEndpoints,
    namespace,
    name,
    'Could not load the endpoints.',
    (answer: EndpointsForEdit) =>
      setRows(answer.addresses.map((value) => ({ id: newRowId(), value }))),
  );

  const [state, dispatch, pending] = useActionState(editAction, INITIAL_EDIT_STATE);

  useEffect(() => {
    if (state.result?.status === 'updated') {
      written(state.result);
      onDone?.();
    }
  }, [state.result, written, onDone]);

  // After an answer, focus goes where it is: the preview's heading, the first marked address,
  // else the summary or the status line (the button may not keep it while the request is out).
  const answered = useRef(0);
  useEffect(() => {
    if (pending || state.seq === answered.current) return;
    answered.current = state.seq;
    if (state.result?.status === 'updated') return;
    const field = firstInvalid(
      state.errors,
      rows.map((r) => rowField('addresses', r.id)),
    );
    const row = /^addresses#(\d+)$/.exec(field ?? '');
    const target = state.preview
      ? 'preview-title'
      : row
        ? `a-${row[1]}`
        : field
          ? 'form-error'
          : 'status';
    document.getElementById(`${uid}-${target}`)?.focus();
  });

  const id = (s: string) => `${uid}-${s}`;
  if (loadError || !loaded)
    return (
      <DialogReadStatus
        error={loadError}
        failed={`Could not load the endpoints of ${namespace}/${name}`}
        reading={`Loading the endpoints of ${namespace}/${name}`}
      />
    );
  if (!loaded.editable)
    return <p role="status">{loaded.reason ?? 'These endpoints cannot be edited here.'}</p>;

  const request: EditRequest = {
    namespace,
    name,
    addresses: rows.map((r) => r.value.trim()),
    allowInternalTarget: allowInternal,
    versions: loaded.versions,
  };
  const previewIsCurrent = state.preview !== undefined && state.previewKey === editKey(request);
  const submit = (type: 'preview' | 'save') => {
    // While a request is out the buttons stay focusable (aria-disabled) and ignore activation.
    if (pending) return;
    const submitted = { addresses: rows.map((r) => r.id), ports: [] };
    startTransition(() => dispatch({ type, cluster, request, rows: submitted }));
  };
  const conflict = state.result?.status === 'conflict';
  return (
    <form
      aria-labelledby={id('title')}
      noValidate
      className="flex max-w-2xl flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit('preview');
      }}
    >
      <h2 id={id('title')} className="text-lg font-semibold">
        Edit endpoints of {namespace}/{name}
      </h2>
      {gone && (
        <ServiceGoneAlert namespace={namespace} name={name}>
          Saving would fail. The addresses below stay until you close the dialog; to create the
          Service again, use Add external service.
        </ServiceGoneAlert>
      )}
      <ul className="flex flex-col gap-2">
        {rows.map((row, i) => (
          <AddressRow
            key={row.id}
            inputId={id(`a-${row.id}`)}
            index={i}
            value={row.value}
            errors={errorsFor(state.errors, rowField('addresses', row.id))}
            markedBy={
              isMarked(state.errors, rowField('addresses', row.id)) ? id('form-error') : undefined
            }
            onChange={(value) =>
              setRows((list) => list.map((r) => (r.id === row.id ? { ...r, value } : r)))
            }
            onRemove={() => {
              const next = neighbourOf(rows, row.id);
              focusNext(id(next === undefined ? 'add-address' : `a-${next}`));
              setRows((list) => list.filter((r) => r.id !== row.id));
            }}
          />
        ))}
      </ul>
      <Button
        id={id('add-address')}
        className="self-start"
        onClick={() => {
          const row = { id: newRowId(), value: '' };
          focusNext(id(`a-${row.id}`));
          setRows((list) => [...list, row]);
        }}
      >
        Add address
      </Button>
      <Checkbox
        label={<span>Allow a target inside the cluster</span>}
        labelClassName="items-start gap-2"
        checked={allowInternal}
        onChange={(e) => setAllowInternal(e.target.checked)}
      />
      <FieldErrors
        id={id('form-error')}
        errors={errorsFor(state.errors, 'form').concat(errorsFor(state.errors, 'addresses'))}
        focusable
      />
      <div className="flex gap-3">
        <Button
          type="submit"
          variant="primary"
          size="lg"
          aria-disabled={pending || undefined}
          className={PENDING_LOOK}
        >
          Preview
        </Button>
        <Button
          variant="confirm"
          size="lg"
          disabled={!previewIsCurrent}
          aria-disabled={pending || undefined}
          className={PENDING_LOOK}
          aria-describedby={id('save-hint')}
          onClick={() => submit('save')}
        >
          Save
        </Button>
        {conflict ? (
          <Button size="lg" onClick={() => reload()}>
            Reload
          </Button>
        ) : null}
      </div>
      <p id={id('save-hint')} className="text-xs text-muted">
        {previewIsCurrent
          ? 'Saves exactly the changes the preview shows.'
          : 'Preview first: it shows what Save would change, checked by the API server.'}
      </p>
      <p id={id('status')} role="status" aria-live="polite" tabIndex={-1} className="min-h-6">
        {pending ? 'Working…' : state.status}
      </p>
      {state.preview && previewIsCurrent ? (
        <EditPreviewSection idPrefix={uid} preview={state.preview} />
      ) : null}
    </form>
  );
}
