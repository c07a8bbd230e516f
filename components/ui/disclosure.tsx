'use client';
/**
 * A button that shows and hides a panel below it (the WAI-ARIA disclosure pattern): the toolbar's
 * namespace filter and problems list.
 *
 * Contract: the button carries aria-expanded and aria-controls=`panelId`; Escape anywhere inside
 * closes the panel and puts focus back on the button (the focused control goes away with the
 * panel, and focus would fall to <body>); a mouse press outside closes it too. The panel content
 * gets `close` to close it after a choice (focus is then the choice's to move).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import clsx from 'clsx';
import { Button, type ButtonProps } from './button';

export interface DisclosureProps {
  panelId: string;
  /** The button's content (its accessible name). */
  label: ReactNode;
  buttonClassName?: string;
  buttonProps?: Omit<ButtonProps, 'onClick' | 'children' | 'className'>;
  /** Width and height limits of the panel. */
  panelClassName?: string;
  /** A <fieldset> when the panel is a group of inputs. */
  panelAs?: 'div' | 'fieldset';
  children: (close: () => void) => ReactNode;
}

export function Disclosure({
  panelId,
  label,
  buttonClassName,
  buttonProps,
  panelClassName,
  panelAs: Panel = 'div',
  children,
}: DisclosureProps) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  return (
    <div
      ref={ref}
      className="relative"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        setOpen(false);
        buttonRef.current?.focus();
      }}
    >
      <Button
        {...buttonProps}
        ref={buttonRef}
        className={buttonClassName}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
      >
        {label}
      </Button>
      {open && (
        <Panel
          id={panelId}
          className={clsx(
            'absolute z-20 mt-1 overflow-auto rounded border border-line bg-surface p-2 shadow-lg',
            panelClassName,
          )}
        >
          {children(() => setOpen(false))}
        </Panel>
      )}
    </div>
  );
}
