'use client';
/**
 * A modal <dialog> with a Close button: focus is trapped and Escape closes it, natively.
 *
 * Contract: mounted means open (`showModal()` on mount; unmounting ends the modal state);
 * `onClose` runs on Escape and on Close. Escape inside is not seen by what is around the dialog
 * (the Service panel, the map), so one press closes one thing. While mounted it tells
 * `ModalOpenContext`, when one is around it, that a dialog is open: what holds it (the Service
 * panel) then knows to stay while the person is in the dialog.
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { Button } from './button';

/** Told `true` when a dialog inside opens and `false` when it closes. */
export const ModalOpenContext = createContext<((open: boolean) => void) | null>(null);

export function ModalDialog({
  label,
  onClose,
  children,
}: {
  /** The dialog's accessible name. */
  label: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  const tellOpen = useContext(ModalOpenContext);
  useEffect(() => {
    tellOpen?.(true);
    return () => tellOpen?.(false);
  }, [tellOpen]);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      onClose={onClose}
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation();
      }}
      className="m-auto max-h-[90vh] w-[min(56rem,95vw)] overflow-auto rounded-lg bg-surface p-4 text-fg shadow-xl backdrop:bg-black/40"
    >
      <div className="mb-2 flex justify-end">
        <Button onClick={onClose}>Close</Button>
      </div>
      {children}
    </dialog>
  );
}
