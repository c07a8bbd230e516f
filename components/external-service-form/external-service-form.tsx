'use client';
/**
 * "Add external service": a selector-less Service plus manual endpoints pointing outside the
 * cluster (issue 4). Validates in the browser with the same code the server runs, previews the
 * server's dry run (YAML + `kubectl apply -f -`), then creates exactly what was previewed.
 *
 * Contract: accessible labels Namespace, Name, Address (repeatable, "Add address"), Port, Port
 * name, Protocol (repeatable, "Add port"), Create as, buttons Preview and Create; every error sits
 * beside its field (aria-describedby, aria-invalid); one aria-live status line. Permission is
 * checked when the form opens and whenever the namespace changes. After a create the page goes
 * to `/?focus=<ns>/<name>` and the watch stream draws the Service: nothing is patched locally.
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
import { useRouter } from 'next/navigation';
import clsx from 'clsx';
import {
  canonicalJson,
  validateExternalService,
  type CreateAs,
  type ExternalServiceInput,
  type FieldError,
} from '@/lib/topology/validation';
import type { WriteResult } from '@/lib/k8s/write/types';
import { fetchContext, postCreate, postPreview, type FormContext } from './api';
import { describedBy, errorsFor, FieldErrors } from './field-error';

export interface ExternalServiceFormProps {
  initialNamespace?: string;
  /** Called after a successful create (a dialog closes itself). */
  onDone?: () => void;
}

interface PortRow {
  id: number;
  port: string;
  name: string;
  protocol: string;
}

interface State {
  seq: number;
  errors: FieldError[];
  status: string;
  result?: WriteResult;
  /** The preview and the exact input it was made from. */
  preview?: Extract<WriteResult, { status: 'preview' }>;
  previewKey?: string;
}

type Action =
  | { type: 'preview'; input: ExternalServiceInput }
  | {
      type: 'create';
      input: ExternalServiceInput;
      preview: Extract<WriteResult, { status: 'preview' }>;
    };

const CREATE_AS_OPTIONS: { value: CreateAs; label: string; hint: string }[] = [
  {
    value: 'EndpointSlice',
    label: 'EndpointSlice',
    hint: 'recommended; labelled for the Service and managed by switchboard.dev',
  },
  {
    value: 'Endpoints',
    label: 'legacy Endpoints',
    hint: 'deprecated since Kubernetes 1.33; the cluster mirrors it into an EndpointSlice',
  },
  {
    value: 'Both',
    label: 'both',
    hint: 'an EndpointSlice and a legacy Endpoints (not mirrored again)',
  },
];

const KINDS_FOR: Record<CreateAs, string[]> = {
  EndpointSlice: ['services', 'endpointslices'],
  Endpoints: ['services', 'endpoints'],
  Both: ['services', 'endpointslices', 'endpoints'],
};

function summarize(errors: FieldError[]): string {
  return errors.length === 1
    ? '1 problem: see the marked field.'
    : `${errors.length} problems: see the marked fields.`;
}

async function act(prev: State, action: Action): Promise<State> {
  const seq = prev.seq + 1;
  if (action.type === 'preview') {
    const local = validateExternalService(action.input);
    if (!local.ok)
      return { seq, errors: local.errors, status: `Not previewed. ${summarize(local.errors)}` };
    const result = await postPreview(action.input);
    if (result.status === 'preview') {
      return {
        seq,
        errors: [],
        status: `Preview ready: the API server accepted ${result.dryRun.length} object${result.dryRun.length === 1 ? '' : 's'} in a dry run. Nothing has been created yet.`,
        preview: result,
        previewKey: canonicalJson(action.input),
        result,
      };
    }
    return fromResult(seq, result, 'Not previewed.');
  }
  const result = await postCreate(
    { ...action.input, requestId: action.preview.requestId },
    action.preview.hash,
  );
  if (result.status === 'created') {
    return {
      seq,
      errors: [],
      status: `Created ${result.created.map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(', ')}. Opening it on the map…`,
      result,
    };
  }
  return fromResult(seq, result, 'Not created.');
}

function fromResult(seq: number, result: WriteResult, prefix: string): State {
  switch (result.status) {
    case 'invalid':
      return {
        seq,
        errors: result.errors,
        status: `${prefix} ${summarize(result.errors)}`,
        result,
      };
    case 'forbidden':
    case 'read-only':
    case 'conflict':
    case 'stale-preview':
    case 'failed':
      return { seq, errors: [], status: `${prefix} ${result.message}`, result };
    default:
      return { seq, errors: [], status: prefix, result };
  }
}

let nextId = 1;
const newId = () => nextId++;

export function ExternalServiceForm({ initialNamespace, onDone }: ExternalServiceFormProps) {
  const uid = useId();
  const router = useRouter();
  const [context, setContext] = useState<FormContext | null>(null);
  const [contextError, setContextError] = useState<string | null>(null);
  const [namespace, setNamespace] = useState(initialNamespace ?? '');
  const [name, setName] = useState('');
  const [addresses, setAddresses] = useState<{ id: number; value: string }[]>(() => [
    { id: newId(), value: '' },
  ]);
  const [ports, setPorts] = useState<PortRow[]>(() => [
    { id: newId(), port: '', name: '', protocol: 'TCP' },
  ]);
  const [createAs, setCreateAs] = useState<CreateAs>('EndpointSlice');
  const [allowInternal, setAllowInternal] = useState(false);
  const [edited, setEdited] = useState<{ seq: number; fields: Set<string> }>({
    seq: 0,
    fields: new Set(),
  });
  const [state, dispatch, pending] = useActionState(act, { seq: 0, errors: [], status: '' });
  const lastAdded = useRef<string | null>(null);

  // Permission and namespaces, before anyone types (and again per namespace).
  useEffect(() => {
    let live = true;
    void fetchContext(namespace || undefined).then((answer) => {
      if (!live) return;
      if ('status' in answer) {
        setContextError(answer.message);
        return;
      }
      setContextError(null);
      setContext(answer);
      if (!namespace && answer.access) setNamespace(answer.access.namespace);
    });
    return () => {
      live = false;
    };
  }, [namespace]);

  // Newly added rows take the focus, so keyboard users land where they typed "Add".
  useEffect(() => {
    if (lastAdded.current) {
      document.getElementById(lastAdded.current)?.focus();
      lastAdded.current = null;
    }
  });

  useEffect(() => {
    if (state.result?.status === 'created') {
      router.push(state.result.focus);
      onDone?.();
    }
  }, [state.result, router, onDone]);

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

  const fieldErrors = (field: string) =>
    edited.seq === state.seq && edited.fields.has(field) ? [] : errorsFor(state.errors, field);
  const touch = (field: string) =>
    setEdited((prev) => ({
      seq: state.seq,
      fields: new Set(prev.seq === state.seq ? [...prev.fields, field] : [field]),
    }));

  const blocking = (context?.access?.denied ?? []).filter((d) =>
    KINDS_FOR[createAs].includes(d.resource),
  );
  const otherDenied = (context?.access?.denied ?? []).filter(
    (d) => !KINDS_FOR[createAs].includes(d.resource),
  );

  if (context?.readOnly) {
    return (
      <p role="status" className="rounded border border-amber-400 bg-amber-50 p-3">
        Switchboard runs in read-only mode: it cannot create Services.
      </p>
    );
  }

  const submit = (type: 'preview' | 'create') => {
    setEdited({ seq: -1, fields: new Set() });
    startTransition(() => {
      if (type === 'create' && state.preview) dispatch({ type, input, preview: state.preview });
      else dispatch({ type: 'preview', input });
    });
  };

  const id = (suffix: string) => `${uid}-${suffix}`;
  const formErrors = errorsFor(state.errors, 'form').concat(
    state.errors.filter(
      (e) => !/^(namespace|name|addresses|ports|createAs|allowInternalTarget)/.test(e.field),
    ),
  );
  const addressesErrors = fieldErrors('addresses');
  const portsErrors = fieldErrors('ports');
  const result = state.result;
  const focusLink =
    result && 'focus' in result && result.status !== 'created' ? result.focus : undefined;

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

      {contextError ? (
        <p role="alert" className="rounded border border-bad bg-surface-2 p-3">
          Could not check your permissions: {contextError}
        </p>
      ) : null}
      {blocking.length ? (
        <div role="alert" className="rounded border border-bad bg-surface-2 p-3">
          <p className="font-medium">You cannot create this here:</p>
          <ul className="list-disc pl-5">
            {blocking.map((d) => (
              <li key={`${d.verb}/${d.resource}`}>{d.message}</li>
            ))}
          </ul>
          {createAs !== 'Endpoints' &&
          blocking.every((d) => d.resource === 'endpointslices') &&
          !otherDenied.length ? (
            <p>You may still create it as legacy Endpoints (choose it under “Create as”).</p>
          ) : null}
        </div>
      ) : null}

      {context?.access && !blocking.length ? (
        <p className="text-sm text-muted">
          Permission checked (SelfSubjectAccessReview): you may create{' '}
          {KINDS_FOR[createAs].join(', ')} in namespace {context.access.namespace}.
        </p>
      ) : null}

      <div>
        <label htmlFor={id('namespace')} className="block font-medium">
          Namespace
        </label>
        <select
          id={id('namespace')}
          value={namespace}
          onChange={(e) => {
            setNamespace(e.target.value);
            touch('namespace');
          }}
          className="rounded border px-2 py-1"
          {...describedBy(fieldErrors('namespace'), id('namespace-error'))}
        >
          {namespace && !(context?.namespaces ?? []).includes(namespace) ? (
            <option value={namespace}>{namespace}</option>
          ) : null}
          {(context?.namespaces ?? []).map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </select>
        <FieldErrors id={id('namespace-error')} errors={fieldErrors('namespace')} />
      </div>

      <div>
        <label htmlFor={id('name')} className="block font-medium">
          Name
        </label>
        <input
          id={id('name')}
          value={name}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setName(e.target.value);
            touch('name');
          }}
          className="rounded border px-2 py-1 font-mono"
          {...describedBy(fieldErrors('name'), id('name-error'), id('name-hint'))}
        />
        <p id={id('name-hint')} className="text-xs text-muted">
          Lower-case letters, digits and “-”, starting with a letter (a DNS-1035 label, at most 63
          characters).
        </p>
        <FieldErrors id={id('name-error')} errors={fieldErrors('name')} />
      </div>

      <fieldset
        className="rounded border p-3"
        {...describedBy(addressesErrors, id('addresses-error'))}
      >
        <legend className="font-medium">Addresses</legend>
        <ul className="flex flex-col gap-2">
          {addresses.map((row, i) => {
            const errs = fieldErrors(`addresses.${i}`);
            return (
              <li key={row.id}>
                <label htmlFor={id(`address-${row.id}`)} className="mr-2">
                  Address
                </label>
                <input
                  id={id(`address-${row.id}`)}
                  value={row.value}
                  autoComplete="off"
                  spellCheck={false}
                  inputMode="text"
                  placeholder="10.0.0.5 or 2001:db8::5"
                  onChange={(e) => {
                    const value = e.target.value;
                    setAddresses((list) =>
                      list.map((a) => (a.id === row.id ? { ...a, value } : a)),
                    );
                    touch(`addresses.${i}`);
                  }}
                  className="rounded border px-2 py-1 font-mono"
                  {...describedBy(errs, id(`address-${row.id}-error`))}
                />
                {addresses.length > 1 ? (
                  <button
                    type="button"
                    className="ml-2 text-sm underline"
                    aria-label={`Remove address ${i + 1}${row.value ? ` (${row.value})` : ''}`}
                    onClick={() => setAddresses((list) => list.filter((a) => a.id !== row.id))}
                  >
                    Remove
                  </button>
                ) : null}
                <FieldErrors id={id(`address-${row.id}-error`)} errors={errs} />
              </li>
            );
          })}
        </ul>
        <button
          type="button"
          className="mt-2 rounded border px-2 py-1 text-sm"
          onClick={() => {
            const row = { id: newId(), value: '' };
            lastAdded.current = id(`address-${row.id}`);
            setAddresses((list) => [...list, row]);
          }}
        >
          Add address
        </button>
        <FieldErrors id={id('addresses-error')} errors={addressesErrors} />
        <label className="mt-3 flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            checked={allowInternal}
            onChange={(e) => setAllowInternal(e.target.checked)}
            aria-describedby={id('internal-hint')}
          />
          <span>Allow a target inside the cluster</span>
        </label>
        <p id={id('internal-hint')} className="text-xs text-muted">
          Only for a ClusterIP, pod or node address you really mean to forward to. It is recorded on
          the objects as the annotation switchboard.dev/allow-internal-target. It never allows
          loopback, link-local or metadata addresses.
        </p>
      </fieldset>

      <fieldset className="rounded border p-3" {...describedBy(portsErrors, id('ports-error'))}>
        <legend className="font-medium">Ports</legend>
        {ports.map((row, i) => {
          const portErr = fieldErrors(`ports.${i}.port`);
          const nameErr = fieldErrors(`ports.${i}.name`);
          const protoErr = fieldErrors(`ports.${i}.protocol`);
          const update = (patch: Partial<PortRow>, field: string) => {
            setPorts((list) => list.map((p) => (p.id === row.id ? { ...p, ...patch } : p)));
            touch(`ports.${i}.${field}`);
          };
          return (
            <fieldset key={row.id} className="mb-2 flex flex-wrap items-start gap-3">
              <legend className="sr-only">Port {i + 1}</legend>
              <div>
                <label htmlFor={id(`port-${row.id}`)} className="block text-sm">
                  Port
                </label>
                <input
                  id={id(`port-${row.id}`)}
                  value={row.port}
                  inputMode="numeric"
                  autoComplete="off"
                  onChange={(e) => update({ port: e.target.value }, 'port')}
                  className="w-24 rounded border px-2 py-1 font-mono"
                  {...describedBy(portErr, id(`port-${row.id}-error`))}
                />
                <FieldErrors id={id(`port-${row.id}-error`)} errors={portErr} />
              </div>
              <div>
                <label htmlFor={id(`port-name-${row.id}`)} className="block text-sm">
                  Port name
                </label>
                <input
                  id={id(`port-name-${row.id}`)}
                  value={row.name}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => update({ name: e.target.value }, 'name')}
                  className="w-40 rounded border px-2 py-1 font-mono"
                  {...describedBy(nameErr, id(`port-name-${row.id}-error`))}
                />
                <FieldErrors id={id(`port-name-${row.id}-error`)} errors={nameErr} />
              </div>
              <div>
                <label htmlFor={id(`protocol-${row.id}`)} className="block text-sm">
                  Protocol
                </label>
                <select
                  id={id(`protocol-${row.id}`)}
                  value={row.protocol}
                  onChange={(e) => update({ protocol: e.target.value }, 'protocol')}
                  className="rounded border px-2 py-1"
                  {...describedBy(protoErr, id(`protocol-${row.id}-error`))}
                >
                  <option value="TCP">TCP</option>
                  <option value="UDP">UDP</option>
                  <option value="SCTP">SCTP</option>
                </select>
                <FieldErrors id={id(`protocol-${row.id}-error`)} errors={protoErr} />
              </div>
              {ports.length > 1 ? (
                <button
                  type="button"
                  className="mt-5 text-sm underline"
                  aria-label={`Remove port ${i + 1}`}
                  onClick={() => setPorts((list) => list.filter((p) => p.id !== row.id))}
                >
                  Remove
                </button>
              ) : null}
            </fieldset>
          );
        })}
        <button
          type="button"
          className="rounded border px-2 py-1 text-sm"
          onClick={() => {
            const row = { id: newId(), port: '', name: '', protocol: 'TCP' };
            lastAdded.current = id(`port-${row.id}`);
            setPorts((list) => [...list, row]);
          }}
        >
          Add port
        </button>
        <FieldErrors id={id('ports-error')} errors={portsErrors} />
      </fieldset>

      <fieldset className="rounded border p-3">
        <legend className="font-medium">Create as</legend>
        {CREATE_AS_OPTIONS.map((option) => (
          <div key={option.value} className="flex items-start gap-2">
            <input
              type="radio"
              id={id(`create-as-${option.value}-input`)}
              name={id('create-as')}
              value={option.value}
              checked={createAs === option.value}
              onChange={() => setCreateAs(option.value)}
              aria-describedby={id(`create-as-${option.value}`)}
            />
            <label htmlFor={id(`create-as-${option.value}-input`)}>{option.label}</label>
            <span id={id(`create-as-${option.value}`)} className="text-xs text-muted">
              ({option.hint})
            </span>
          </div>
        ))}
      </fieldset>

      {formErrors.length ? <FieldErrors id={id('form-error')} errors={formErrors} /> : null}

      <div className="flex gap-3">
        <button
          type="submit"
          disabled={pending || blocking.length > 0}
          className="rounded bg-blue-700 px-3 py-1 text-white disabled:opacity-50"
        >
          Preview
        </button>
        <button
          type="button"
          disabled={pending || !previewIsCurrent || blocking.length > 0}
          aria-describedby={id('create-hint')}
          onClick={() => submit('create')}
          className="rounded bg-green-700 px-3 py-1 text-white disabled:opacity-50"
        >
          Create
        </button>
        <span id={id('create-hint')} className="self-center text-xs text-muted">
          {previewIsCurrent
            ? 'Creates exactly what the preview shows.'
            : 'Preview first; Create sends exactly what was previewed.'}
        </span>
      </div>

      <p
        role="status"
        aria-live="polite"
        className={clsx('min-h-6', result?.status === 'failed' && 'text-bad')}
      >
        {pending ? 'Working…' : state.status}
        {focusLink ? (
          <>
            {' '}
            <a href={focusLink} className="underline">
              Open {focusLink.replace('/?focus=', '')} on the map
            </a>
          </>
        ) : null}
      </p>

      {state.preview && previewIsCurrent ? (
        <section aria-labelledby={id('preview-title')} className="flex flex-col gap-2">
          <h3 id={id('preview-title')} className="font-semibold">
            Preview
          </h3>
          <ul className="text-sm">
            {state.preview.dryRun.map((d) => (
              <li key={`${d.kind}/${d.name}`}>
                {d.kind} {d.name}: {d.message}
              </li>
            ))}
          </ul>
          <pre
            aria-label="Manifests (YAML)"
            tabIndex={0}
            className="overflow-auto rounded bg-surface-2 p-2 text-xs"
            data-testid="preview-yaml"
          >
            {state.preview.yaml}
          </pre>
          <p className="text-sm">The same with kubectl:</p>
          <pre
            aria-label="kubectl command"
            tabIndex={0}
            className="overflow-auto rounded bg-surface-2 p-2 text-xs"
          >
            {state.preview.command}
          </pre>
        </section>
      ) : null}
    </form>
  );
}
