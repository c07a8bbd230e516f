'use client';
/**
 * The entry points the map renders (through write-actions.tsx): "Add external service" (toolbar),
 * "Edit endpoints" and "Delete Service…" (a selector-less Service's panel). Each opens its form in
 * a modal dialog (components/ui/modal-dialog.tsx: focus trapped, Escape closes it); when the
 * dialog closes, the focus goes back to the button that opened it while that is still there.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { ExternalServiceForm } from './external-service-form';
import { EditEndpointsForm } from './edit-endpoints-form';
import { DeleteServiceForm } from './delete-service-form';

function ModalLauncher({
  buttonLabel,
  dialogLabel,
  children,
}: {
  buttonLabel: string;
  dialogLabel: string;
  children: (close: () => void) => ReactNode;
}) {
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
      <Button ref={button} onClick={() => setOpen(true)}>
        {buttonLabel}
      </Button>
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
  return (
    <ModalLauncher
      buttonLabel="Delete Service…"
      dialogLabel={`Delete Service ${namespace}/${name}`}
    >
      {(close) => <DeleteServiceForm namespace={namespace} name={name} onDone={close} />}
    </ModalLauncher>
  );
}
