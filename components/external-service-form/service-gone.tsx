'use client';
/**
 * Whether the Service a dialog edits or deletes has gone from the cluster while the dialog was
 * open (deleted by someone else): the Service panel keeps itself and its dialog then, so what was
 * typed is not lost, and the dialog says so instead of closing under the person.
 *
 * Contract: `ServiceGoneContext` is true from the moment the cluster no longer has the Service
 * the panel shows; each dialog shows `ServiceGoneAlert` then, an alert so it is announced at once
 * wherever the focus is, naming the Service and what that means for this dialog.
 */
import { createContext, type ReactNode } from 'react';

export const ServiceGoneContext = createContext(false);

export interface ServiceGoneAlertProps {
  namespace: string;
  name: string;
  /** What the Service's absence means for this dialog, as whole sentences. */
  children: ReactNode;
}

export function ServiceGoneAlert({ namespace, name, children }: ServiceGoneAlertProps) {
  return (
    <p
      role="alert"
      className="rounded border border-line bg-banner px-3 py-2 text-sm text-banner-fg"
    >
      Service {namespace}/{name} no longer exists in the cluster: it was deleted while this dialog
      was open. {children}
    </p>
  );
}
