'use client';
/**
 * "Delete Service…" of a selector-less Service: what would be deleted, read from the cluster's
 * current objects, and the deliberate confirmation before anything is.
 *
 * Contract: lists the Service and each EndpointSlice and Endpoints labelled with its name, each
 * with its fate in words (lib/topology/validation/deletion.ts: deleted by Switchboard, by the
 * cluster with the Service, or kept) and why; shows the kubectl equivalent. When the server says
 * the delete would be refused (read-only, not a Service managed here, no right to delete) it
 * says why and offers no Delete. Delete is enabled only once the Service's name is typed exactly,
 * and sends back the resourceVersions shown, so anything changed meanwhile is a conflict that
 * deletes nothing: the dialog then says so and offers to look again. A successful delete goes to
 * the map's handler (written-context.tsx), which closes the panel and confirms. The Service
 * deleted meanwhile by someone else (service-gone.tsx), the dialog says so at once and Delete
 * does nothing: there is nothing left to delete. Delete stays focusable then (aria-disabled), so
 * a focus on it is not dropped.
 */
import { useContext, useEffect, useId, useState } from 'react';
import { isWriteFailure, type WriteFailure } from '@/lib/api/write-results';
import { FATE_TEXT } from '@/lib/topology/validation';
import { Button } from '@/components/ui/button';
import { CodeBlock } from '@/components/ui/code-block';
import { CodeInput } from '@/components/ui/input';
import { Notice } from '@/components/ui/notice';
import { useCluster } from '@/components/clusters/cluster-context';
import { deleteService, fetchDeletion } from './api';
import { DialogReadStatus } from './dialog-read-status';
import { PENDING_LOOK } from './pending-look';
import { ServiceGoneAlert, ServiceGoneContext } from './service-gone';
import { useDialogRead } from './use-dialog-read';
import { useWrittenHandler } from './written-context';

export interface DeleteServiceFormProps {
  namespace: string;
  name: string;
  onDone?: () => void;
}

const messageOf = (failure: WriteFailure) =>
  'message' in failure ? failure.message : failure.errors.map((e) => e.message).join(' ');

export function DeleteServiceForm({ namespace, name, onDone }: DeleteServiceFormProps) {
  const uid = useId();
  const id = (s: string) => `${uid}-${s}`;
  const written = useWrittenHandler();
  const gone = useContext(ServiceGoneContext);
  const { ref: cluster } = useCluster();
  const {
    data: plan,
    error: loadError,
    reload,
  } = useDialogRead(fetchDeletion, namespace, name, 'Could not read the Service.');
  const [typed, setTyped] = useState('');
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<WriteFailure | null>(null);

  // A failed delete's words get the focus: the button that had it may be gone (look again).
  const statusId = id('status');
  useEffect(() => {
    if (failure) document.getElementById(statusId)?.focus();
  }, [failure, statusId]);

  if (loadError || !plan)
    return (
      <DialogReadStatus
        error={loadError}
        failed={`Could not read ${namespace}/${name}`}
        reading={`Reading what deleting ${namespace}/${name} would delete`}
      />
    );

  const confirmed = typed === name;
  const submit = async () => {
    if (pending || gone || !confirmed) return;
    setPending(true);
    const result = await deleteService(cluster, { namespace, name, versions: plan.versions });
    setPending(false);
    if (result.status === 'deleted') {
      written(result);
      onDone?.();
      return;
    }
    if (isWriteFailure(result)) setFailure(result);
  };
  const lookAgain = () => {
    setFailure(null);
    reload({ clear: true });
  };

  return (
    <form
      aria-labelledby={id('title')}
      noValidate
      className="flex max-w-2xl flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id={id('title')} className="text-lg font-semibold">
        Delete Service {namespace}/{name}
      </h2>
      {gone && (
        <ServiceGoneAlert namespace={namespace} name={name}>
          There is nothing left to delete: close the dialog.
        </ServiceGoneAlert>
      )}
      <p className="text-sm">
        What deleting it does, object by object, as the cluster has them now:
      </p>
      <ul aria-label="What would be deleted" className="flex flex-col gap-1 text-sm">
        {plan.plan.map((p) => (
          <li key={`${p.kind}/${p.name}`}>
            <span className="font-mono">
              {p.kind} {p.name}
            </span>
            : <strong>{FATE_TEXT[p.fate]}</strong> — {p.why}.
          </li>
        ))}
      </ul>
      <p className="text-sm">The same with kubectl:</p>
      <CodeBlock label="kubectl command">{plan.command}</CodeBlock>
      {plan.deletable ? (
        <>
          <label htmlFor={id('confirm')} className="text-sm font-medium">
            Type <span className="font-mono">{name}</span> to confirm
          </label>
          <CodeInput
            id={id('confirm')}
            value={typed}
            onValue={setTyped}
            autoComplete="off"
            aria-describedby={id('hint')}
          />
          <p id={id('hint')} className="text-xs text-muted">
            {gone
              ? 'Delete is off: the Service is already gone.'
              : confirmed
                ? 'Delete is enabled: it cannot be undone.'
                : 'Delete is enabled once the name is typed exactly.'}
          </p>
          <div className="flex gap-3">
            <Button
              type="submit"
              variant="danger"
              size="lg"
              disabled={!confirmed}
              aria-disabled={pending || gone || undefined}
              className={PENDING_LOOK}
            >
              Delete
            </Button>
            {failure?.status === 'conflict' ? (
              <Button size="lg" onClick={lookAgain}>
                Look again
              </Button>
            ) : null}
          </div>
        </>
      ) : (
        <Notice tone="error">
          You cannot delete this Service here: {plan.reason ?? 'the cluster would refuse it.'}
        </Notice>
      )}
      <p id={statusId} role="status" aria-live="polite" tabIndex={-1} className="min-h-6">
        {pending ? 'Deleting…' : failure ? `Not deleted. ${messageOf(failure)}` : ''}
      </p>
    </form>
  );
}
