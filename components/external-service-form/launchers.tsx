'use client';
/**
 * The entry points the map renders (through write-actions.tsx): "Add external service" (toolbar),
 * "Edit endpoints" and "Delete Service…" (a selector-less Service's panel). Each opens its form in
 * a modal dialog (components/ui/modal-dialog.tsx: focus trapped, Escape closes it); when the
 * dialog closes, the focus goes back to the button that opened it while that is still there.
 * "Delete Service…" first asks whether the viewer may delete Services there (delete-access.ts):
 * when not, the button is unavailable (aria-disabled, still focusable) and the reason is written
 * beside it and read with it, so the refusal is not first learnt in the dialog.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button, UNAVAILABLE_LOOK } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { ExternalServiceForm } from './external-service-form';
import { EditEndpointsForm } from './edit-endpoints-form';
import { DeleteServiceForm } from './delete-service-form';
import { fetchDeleteAccess } from './api';
import { deleteOffer, type DeleteOffer } from './delete-access';
import { useDialogRead } from './use-dialog-read';

function ModalLauncher({
  buttonLabel,
  dialogLabel,
  children,
  offer = { offered: true, note: null },
}: {
  buttonLabel: string;
  dialogLabel: string;
  children: (close: () => void) => ReactNode;
  /** Whether the button opens the dialog, and what to say beside it. */
  offer?: DeleteOffer;
}) {
  const noteId = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Unmounting an open <dialog> does not hand the focus back as closing it does.
    if (wasOpen.current && !open) button.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const close = () => setOpen(false);
  return (
    <>
      <Button
        ref={button}
        aria-disabled={!offer.offered || undefined}
        aria-describedby={offer.note ? noteId : undefined}
        className={UNAVAILABLE_LOOK}
        onClick={() => {
          if (offer.offered) setOpen(true);
        }}
      >
        {buttonLabel}
      </Button>
      {offer.note ? (
        <p id={noteId} className="basis-full text-sm">
          {offer.note}
        </p>
      ) : null}
      {open ? (
        <ModalDialog label={dialogLabel} onClose={close}>
          {children(close)}
        </ModalDialog>
      ) : null}
    </>
  );
}

export function ExternalServiceFormLauncher() {
  return (
    <ModalLauncher buttonLabel="Add external service" dialogLabel="Add external service">
      {(close) => <ExternalServiceForm onDone={close} />}
    </ModalLauncher>
  );
}

export interface EditEndpointsLauncherProps {
  namespace: string;
  name: string;
}

export function EditEndpointsLauncher({ namespace, name }: EditEndpointsLauncherProps) {
  return (
    <ModalLauncher
      buttonLabel="Edit endpoints"
      dialogLabel={`Edit endpoints of ${namespace}/${name}`}
    >
      {(close) => <EditEndpointsForm namespace={namespace} name={name} onDone={close} />}
    </ModalLauncher>
  );
}

export function DeleteServiceLauncher({ namespace, name }: EditEndpointsLauncherProps) {
  const access = useDialogRead(fetchDeleteAccess, namespace, name, 'the dashboard gave no reason.');
  return (
    <ModalLauncher
      buttonLabel="Delete Service…"
      dialogLabel={`Delete Service ${namespace}/${name}`}
      offer={deleteOffer(access.data, access.error)}
    >
      {(close) => <DeleteServiceForm namespace={namespace} name={name} onDone={close} />}
    </ModalLauncher>
  );
}
