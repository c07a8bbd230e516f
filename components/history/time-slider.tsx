'use client';
/**
 * The time control's slider over a window of the past (lib/history-view/markers.ts), with a
 * marker wherever a Service broke (▼) or recovered (▲). Dragging or the arrow keys move the
 * instant; it is shown once the slider rests for a moment (each instant is a load). Each marker
 * is a button named by its words ("default/web broke at 03:12:05 UTC (no-endpoints)"), in a list
 * that keyboard and screen-reader users read in time order; activating one shows that instant.
 */
import { useEffect, useRef, useState } from 'react';
import { instantLabel } from '@/lib/history-view/instant';
import { fractionOf, instantAt, type Marker, type TimeWindow } from '@/lib/history-view/markers';

const STEPS = 1000;
const SETTLE_MS = 400;

export interface TimeSliderProps {
  window: TimeWindow;
  /** The instant shown, or null (live: the slider rests at the end). */
  value: string | null;
  markers: Marker[];
  onPick: (at: string) => void;
  reference: string;
  /** The id of the words saying what the slider spans. */
  describedBy?: string;
}

export function TimeSlider({
  window,
  value,
  markers,
  onPick,
  reference,
  describedBy,
}: TimeSliderProps) {
  const shown = value ? Math.round(fractionOf(Date.parse(value), window) * STEPS) : STEPS;
  const [position, setPosition] = useState(shown);
  const [last, setLast] = useState(shown);
  if (shown !== last) {
    setLast(shown);
    setPosition(shown);
  }
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const at = instantAt(position / STEPS, window);
  const move = (next: number) => {
    setPosition(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onPick(instantAt(next / STEPS, window)), SETTLE_MS);
  };
  return (
    <div className="flex min-w-64 flex-1 flex-col gap-1">
      <input
        type="range"
        min={0}
        max={STEPS}
        step={1}
        value={position}
        aria-label="Instant to show"
        aria-describedby={describedBy}
        aria-valuetext={position === STEPS && !value ? 'now (live)' : instantLabel(at, reference)}
        data-testid="time-slider"
        onChange={(e) => move(Number(e.target.value))}
        className="w-full"
      />
      <ol aria-label="Services that broke or recovered" className="relative h-6">
        {markers.map((m) => (
          <li
            key={`${m.at}-${m.service}-${m.to}`}
            className="absolute -translate-x-1/2"
            style={{ left: `${m.fraction * 100}%` }}
          >
            <button
              type="button"
              title={m.label}
              data-testid="history-marker"
              data-to={m.to}
              className={m.to === 'broken' ? 'text-bad' : 'text-ok'}
              onClick={() => onPick(m.at)}
            >
              <span aria-hidden="true">{m.glyph}</span>
              <span className="sr-only">{m.label}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
