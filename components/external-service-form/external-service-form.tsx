'use client';
/**
 * "Add external service": a selector-less Service plus manual endpoints pointing outside the
 * cluster. Validates in the browser with the same code the server runs, previews the server's
 * dry run (YAML + `kubectl apply -f -`), then creates exactly what was previewed
 * (external-service-actions.ts).
 *
 * Contract: accessible labels Namespace, Name, Address (repeatable, "Add address"), Port, Port
 * name, Protocol (repeatable, "Add port"), Create as, buttons Preview and Create; every error sits
 * beside its field (aria-describedby, aria-invalid), and a row's errors stay with that row
 * (row-errors.ts); one aria-live status line. While a request is out the buttons are
 * aria-disabled, never disabled, so focus stays; after an answer focus moves to the preview's
 * heading, the first marked field, or the summary / status line. Permission is
 * checked when the form opens and whenever the namespace changes. After a create the Service is
 * opened on the map (written-context.tsx) and the watch stream draws it: nothing is patched locally.
 * Every call goes to the page's cluster (components/clusters/cluster-context.tsx); when the page
 * names it, the preview and the Create button say which ("Create in cluster prod-eu").
 */
import {
  useActionState,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  startTransition,
} from 'react';
import clsx from 'clsx';
import { focusedService } from '@/lib/api/write-results';
import { canonicalJson, type CreateAs, type ExternalServiceInput } from '@/lib/topology/validation';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { useHydrated } from '@/components/ui/use-hydrated';
import { useCluster } from '@/components/clusters/cluster-context';
import { pagePath } from '@/lib/api/paths';
import { AccessNotices, splitDenied } from './access-notices';
import { AddressFields, type AddressValue } from './address-fields';
import { CreateAsFieldset } from './create-as';
import { formAction, INITIAL_FORM_STATE } from './external-service-actions';
import { errorsFor, FieldErrors } from './field-error';
import { FIRST_ROW_ID } from './form-rows';
import { NamespaceField, NameField } from './name-fields';
import { newPortRow, PortFields, type PortValue } from './port-fields';
import { PENDING_LOOK } from './pending-look';
import { PreviewSection } from './preview-section';
import { firstInvalid, isMarked, rowField } from './row-errors';
import { useFormContext } from './use-form-context';
import { useWrittenHandler } from './written-context';

export interface ExternalServiceFormProps {
  initialNamespace?: string;
  /** Called after a successful create (a dialog closes itself). */
  onDone?: () => void;
}

/** Fields the user edited since the last submission: their old errors no longer apply. */
function useEdits(seq: number) {
  const [edited, setEdited] = useState<{ seq: number; fields: Set<string> }>({
    seq: 0,
    fields: new Set(),
  });
  return {
    isEdited: (field: string) => edited.seq === seq && edited.fields.has(field),
    touch: (field: string) =>
      setEdited((prev) => ({
        seq,
        fields: new Set(prev.seq === seq ? [...prev.fields, field] : [field]),
      })),
    reset: () => setEdited({ seq: -1, fields: new Set() }),
  };
}

export function ExternalServiceForm({ initialNamespace, onDone }: ExternalServiceFormProps) {
  const uid = useId();
  const written = useWrittenHandler();
  const cluster = useCluster();
  const [namespace, setNamespace] = useState(initialNamespace ?? '');
  const { context, contextError } = useFormContext(namespace, setNamespace);
  const [name, setName] = useState('');
  const [addresses, setAddresses] = useState<AddressValue[]>(() => [
    { id: FIRST_ROW_ID, value: '' },
  ]);
  const [ports, setPorts] = useState<PortValue[]>(() => [newPortRow(true)]);
  const [createAs, setCreateAs] = useState<CreateAs>('EndpointSlice');
  const [allowInternal, setAllowInternal] = useState(false);
  const [state, dispatch, pending] = useActionState(formAction, INITIAL_FORM_STATE);
  const edits = useEdits(state.seq);
  const hydrated = useHydrated();

  useEffect(() => {
    if (state.result?.status === 'created') {
      written(state.result);
      onDone?.();
    }
  }, [state.result, written, onDone]);

  // After an answer, keyboard focus goes where the answer is (the button it came from may have
  // been re-rendered away from under it): the preview's heading, as Create's answer lands on the
  // panel's heading; else the first marked field in the form's order; else the summary.
  const answered = useRef(0);
  useEffect(() => {
    if (pending || state.seq === answered.current) return;
    answered.current = state.seq;
    if (state.result?.status === 'created') return;
    const target = state.preview
      ? `${uid}-preview-title`
      : elementIdOf(uid, firstInvalid(state.errors, fieldOrder(addresses, ports)), {
          addresses,
          ports,
          createAs,
        });
    document.getElementById(target)?.focus();
  });

  const input: ExternalServiceInput = useMemo(
    () => ({
      namespace,
      name: name.trim(),
      addresses: addresses.map((a) => a.value.trim()),
      ports: ports.map((p) => ({ port: p.port.trim(), name: p.name.trim(), protocol: p.protocol })),
      createAs,
      allowInternalTarget: allowInternal,
    }),
    [namespace, name, addresses, ports, createAs, allowInternal],
  );
  const previewIsCurrent = state.preview !== undefined && state.previewKey === canonicalJson(input);

  if (context?.readOnly) {
    return (
      <Notice tone="warning">Switchboard runs in read-only mode: it cannot create Services.</Notice>
    );
  }

  const fieldErrors = (field: string) =>
    edits.isEdited(field) ? [] : errorsFor(state.errors, field);
  const blocked = splitDenied(context?.access, createAs).blocking.length > 0;
  const submit = (type: 'preview' | 'create') => {
    // While a request is out the buttons stay focusable (aria-disabled) and ignore activation.
    if (pending) return;
    edits.reset();
    const rows = { addresses: addresses.map((a) => a.id), ports: ports.map((p) => p.id) };
    const base = { cluster: cluster.ref, input, rows };
    startTransition(() => {
      if (type === 'create' && state.preview) dispatch({ ...base, type, preview: state.preview });
      else dispatch({ ...base, type: 'preview' });
    });
  };

  const id = (suffix: string) => `${uid}-${suffix}`;
  const formErrors = errorsFor(state.errors, 'form').concat(
    state.errors.filter(
      (e) => !/^(namespace|name|addresses|ports|createAs|allowInternalTarget)/.test(e.field),
    ),
  );
  const result = state.result;
  const focusTarget =
    result && 'focus' in result && result.status !== 'created' ? result.focus : undefined;
  // The server's link opens the first cluster's map; this page's cluster is where it exists.
  const focusLink = focusTarget ? pagePath(cluster.ref, focusTarget) : undefined;

  return (
    <form
      aria-labelledby={id('title')}
      className="flex max-w-3xl flex-col gap-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit('preview');
      }}
    >
      <h2 id={id('title')} className="text-lg font-semibold">
        Add external service
      </h2>
      <p className="text-sm text-muted">
        A Service without a selector, with endpoints you write by hand, points traffic at something
        outside the cluster. Writing endpoints is a privilege: whoever can write them can forward a
        Service anywhere (CVE-2021-25740), so addresses inside the cluster, loopback, link-local and
        cloud metadata addresses are refused.
      </p>
      <AccessNotices access={context?.access} contextError={contextError} createAs={createAs} />
      <NamespaceField
        inputId={id('namespace')}
        value={namespace}
        namespaces={context?.namespaces ?? []}
        errors={fieldErrors('namespace')}
        onChange={(value) => {
          setNamespace(value);
          edits.touch('namespace');
        }}
      />
      <NameField
        inputId={id('name')}
        value={name}
        errors={fieldErrors('name')}
        onChange={(value) => {
          setName(value);
          edits.touch('name');
        }}
      />
      <AddressFields
        idPrefix={uid}
        rows={addresses}
        onRows={setAddresses}
        allowInternal={allowInternal}
        onAllowInternal={setAllowInternal}
        errorsFor={fieldErrors}
        isMarked={(field) => !edits.isEdited(field) && isMarked(state.errors, field)}
        onEdit={edits.touch}
      />
      <PortFields
        idPrefix={uid}
        rows={ports}
        onRows={setPorts}
        errorsFor={fieldErrors}
        onEdit={edits.touch}
      />
      <CreateAsFieldset idPrefix={uid} value={createAs} onChange={setCreateAs} />

      {formErrors.length ? (
        <FieldErrors id={id('form-error')} errors={formErrors} focusable />
      ) : null}

      <div className="flex gap-3">
        <Button
          type="submit"
          variant="primary"
          size="lg"
          disabled={blocked || !hydrated}
          aria-disabled={pending || undefined}
          className={PENDING_LOOK}
        >
          Preview
        </Button>
        <Button
          variant="confirm"
          size="lg"
          disabled={!previewIsCurrent || blocked}
          aria-disabled={pending || undefined}
          className={PENDING_LOOK}
          aria-describedby={id('create-hint')}
          onClick={() => submit('create')}
        >
          {cluster.name ? `Create in cluster ${cluster.name}` : 'Create'}
        </Button>
        <span id={id('create-hint')} className="self-center text-xs text-muted">
          {previewIsCurrent
            ? 'Creates exactly what the preview shows.'
            : 'Preview first; Create sends exactly what was previewed.'}
        </span>
      </div>

      <p
        id={id('status')}
        role="status"
        aria-live="polite"
        tabIndex={-1}
        className={clsx('min-h-6', result?.status === 'failed' && 'text-bad')}
      >
        {pending ? 'Working…' : state.status}
        {focusTarget && focusLink ? (
          <>
            {' '}
            <a href={focusLink} className="underline">
              Open {focusedService(focusTarget)} on the map
            </a>
          </>
        ) : null}
      </p>

      {state.preview && previewIsCurrent ? (
        <PreviewSection idPrefix={uid} preview={state.preview} clusterName={cluster.name} />
      ) : null}
    </form>
  );
}

/** Every field that can carry an error, in the order the form shows them. */
function fieldOrder(addresses: readonly AddressValue[], ports: readonly PortValue[]): string[] {
  return [
    'namespace',
    'name',
    ...addresses.map((a) => rowField('addresses', a.id)),
    'addresses',
    ...ports.flatMap((p) =>
      ['port', 'name', 'protocol'].map((part) => rowField('ports', p.id, part)),
    ),
    'ports',
    'createAs',
  ];
}

/** The element a field's error is about; the summary (or the status line) for the rest. */
function elementIdOf(
  uid: string,
  field: string | undefined,
  form: { addresses: readonly AddressValue[]; ports: readonly PortValue[]; createAs: CreateAs },
): string {
  const row = /^(addresses|ports)#(\d+)(?:\.(\w+))?$/.exec(field ?? '');
  if (row?.[1] === 'addresses') return `${uid}-address-${row[2]}`;
  if (row)
    return `${uid}-${row[3] === 'name' ? 'port-name' : row[3] === 'protocol' ? 'protocol' : 'port'}-${row[2]}`;
  switch (field) {
    case 'namespace':
    case 'name':
      return `${uid}-${field}`;
    case 'addresses':
      return `${uid}-address-${form.addresses[0]?.id ?? ''}`;
    case 'ports':
      return `${uid}-port-${form.ports[0]?.id ?? ''}`;
    case 'createAs':
      return `${uid}-create-as-${form.createAs}-input`;
    case undefined:
      return `${uid}-status`;
    default:
      return `${uid}-form-error`;
  }
}
