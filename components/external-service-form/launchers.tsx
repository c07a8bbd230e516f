'use client';
/**
 * The entry points the map renders (through write-actions.tsx): "Add external service" (toolbar)
 * and "Edit endpoints" (a selector-less Service's panel). Each opens its form in a modal dialog
 * (components/ui/modal-dialog.tsx: focus trapped, Escape closes it).
 */
import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { ExternalServiceForm } from './external-service-form';
import { EditEndpointsForm } from './edit-endpoints-form';

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
  const close = () => setOpen(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{buttonLabel}</Button>
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
