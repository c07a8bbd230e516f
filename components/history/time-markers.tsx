'use client';
/**
 * The time slider's targets (lib/history-view/markers.ts `markerTargets`): a change alone is a
 * button named by its words that shows its instant; a group of changes too close for a target
 * each (WCAG 2.2 2.5.8) is one 24 px button showing how many it holds, named by `groupLabel`
 * ("5 changes at 03:12:05 UTC: 3 broke, 2 recovered"), that opens the list of its changes
 * (a disclosure: aria-expanded, aria-controls). Opening it moves focus to its first change; Escape
 * closes it and puts focus back on the group, as picking a change does; focus leaving closes it.
 */
import { useEffect, useId, useRef, type FocusEvent, type KeyboardEvent } from 'react';
import clsx from 'clsx';
import type { Marker } from '@/lib/history-view/markers';

const TONE = { broken: 'text-bad', healthy: 'text-ok' } as const;

/** One change: its glyph on the slider (its words for screen readers and as a tooltip). */
export function MarkerButton({ marker, onPick }: { marker: Marker; onPick: (at: string) => void }) {
  return (
    <button
      type="button"
      title={marker.label}
      data-testid="history-marker"
      data-to={marker.to}
      className={`inline-flex h-6 min-w-6 items-center justify-center ${TONE[marker.to]}`}
      onClick={() => onPick(marker.at)}
    >
      <span aria-hidden="true">{marker.glyph}</span>
      <span className="sr-only">{marker.label}</span>
    </button>
  );
}

export interface MarkerGroupProps {
  markers: readonly Marker[];
  label: string;
  open: boolean;
  onOpen: (open: boolean) => void;
  onPick: (at: string) => void;
  /** Which way the list opens: from the group's left edge rightwards, or its right edge leftwards. */
  align: 'left' | 'right';
}

export function MarkerGroup({ markers, label, open, onOpen, onPick, align }: MarkerGroupProps) {
  const listId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (open) list.current?.querySelector('button')?.focus();
  }, [open]);
  const close = () => {
    onOpen(false);
    toggle.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
  // Focus leaving the group and its list closes the list.
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) onOpen(false);
  };
  const broke = markers.filter((m) => m.to === 'broken').length;
  return (
    <div onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={toggle}
        type="button"
        title={label}
        aria-expanded={open}
        aria-controls={listId}
        data-testid="history-marker-group"
        data-count={markers.length}
        className={clsx(
          'inline-flex h-6 min-w-6 items-center justify-center rounded border px-1 text-xs font-semibold',
          // Colour follows the glyph rule: all broke, all recovered, or both (neutral).
          broke === markers.length
            ? 'border-bad text-bad'
            : broke === 0
              ? 'border-ok text-ok'
              : 'border-line text-fg',
        )}
        onClick={() => onOpen(!open)}
      >
        <span aria-hidden="true">{markers.length}</span>
        <span className="sr-only">{label}</span>
      </button>
      <ul
        ref={list}
        id={listId}
        aria-label={label}
        hidden={!open}
        className={clsx(
          'absolute top-full z-20 mt-1 max-h-64 w-max max-w-[min(32rem,90vw)] overflow-auto rounded border border-line bg-surface p-1 shadow-md',
          align === 'left' ? 'left-0' : 'right-0',
        )}
      >
        {open &&
          markers.map((m) => (
            <li key={`${m.at}-${m.service}-${m.to}`}>
              <button
                type="button"
                data-testid="history-marker"
                data-to={m.to}
                className="flex min-h-6 w-full items-center gap-2 rounded px-2 text-left text-sm hover:bg-surface-2"
                onClick={() => {
                  close();
                  onPick(m.at);
                }}
              >
                <span aria-hidden="true" className={TONE[m.to]}>
                  {m.glyph}
                </span>
                {m.label}
              </button>
            </li>
          ))}
      </ul>
    </div>
  );
}
