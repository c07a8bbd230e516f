'use client';
/**
 * The entry points the map renders: "Add external service" (toolbar) and "Edit endpoints"
 * (a selector-less Service's panel). Each opens its form in a modal <dialog> (focus is trapped
 * and Escape closes it, natively). Read-only mode renders nothing: the form is hidden, and the
 * server refuses writes regardless.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ExternalServiceForm } from './external-service-form';
import { EditEndpointsForm } from './edit-endpoints-form';

function ModalLauncher({
  buttonLabel,
  dialogLabel,
  className,
  children,
}: {
  buttonLabel: string;
  dialogLabel: string;
  className?: string;
  children: (close: () => void) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open && ref.current && !ref.current.open) ref.current.showModal();
  }, [open]);
  // Unmounting the dialog ends its modal state; onClose (Escape) lands here too.
  const close = () => setOpen(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className={className ?? 'rounded border px-2 py-1 text-sm'}
      >
        {buttonLabel}
      </button>
      {open ? (
        <dialog
          ref={ref}
          aria-label={dialogLabel}
          onClose={() => setOpen(false)}
          // Escape closes this dialog only, not the panel or map around it.
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.stopPropagation();
          }}
          className="m-auto max-h-[90vh] w-[min(56rem,95vw)] overflow-auto rounded-lg bg-surface p-4 text-fg shadow-xl backdrop:bg-black/40"
        >
          <div className="mb-2 flex justify-end">
            <button type="button" onClick={close} className="rounded border px-2 py-1 text-sm">
              Close
            </button>
          </div>
          {children(close)}
        </dialog>
      ) : null}
    </>
  );
}

export interface ExternalServiceFormLauncherProps {
  /** `ClusterInfo.readOnly` from the stream snapshot. */
  readOnly?: boolean;
  /** Preselect a namespace (e.g. the map's filter). */
  namespace?: string;
  className?: string;
}

export function ExternalServiceFormLauncher({
  readOnly,
  namespace,
  className,
}: ExternalServiceFormLauncherProps) {
  if (readOnly) return null;
  return (
    <ModalLauncher
      buttonLabel="Add external service"
      dialogLabel="Add external service"
      className={className}
    >
      {(close) => <ExternalServiceForm initialNamespace={namespace} onDone={close} />}
    </ModalLauncher>
  );
}

export interface EditEndpointsLauncherProps {
  namespace: string;
  name: string;
  readOnly?: boolean;
  className?: string;
}

export function EditEndpointsLauncher({
  namespace,
  name,
  readOnly,
  className,
}: EditEndpointsLauncherProps) {
  if (readOnly) return null;
  return (
    <ModalLauncher
      buttonLabel="Edit endpoints"
      dialogLabel={`Edit endpoints of ${namespace}/${name}`}
      className={className}
    >
      {(close) => <EditEndpointsForm namespace={namespace} name={name} onDone={close} />}
    </ModalLauncher>
  );
}
