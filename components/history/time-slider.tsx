'use client';
/**
 * The time control's slider over a window of the past (lib/history-view/markers.ts), with a
 * marker wherever a Service broke (▼) or recovered (▲). Dragging or the arrow keys move the
 * instant; it is shown once the slider rests for a moment (each instant is a load); its end is
 * now, and brought back there it goes back to live. Each marker
 * is a button named by its words ("default/web broke at 03:12:05 UTC (no-endpoints)"), in a list
 * that keyboard and screen-reader users read in time order; activating one shows that instant.
 * Each marker is a 24 px target (WCAG 2.5.8); markers of changes at (nearly) the same instant are
 * drawn side by side, so each can be clicked; where more are too close than fit so, the closest
 * become one target that says how many changes it holds and opens their list
 * (lib/history-view/markers.ts `markerTargets`, time-markers.tsx).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { instantLabel } from '@/lib/history-view/instant';
import {
  fractionOf,
  groupLabel,
  instantAt,
  markerTargets,
  type Marker,
  type TimeWindow,
} from '@/lib/history-view/markers';
import { MarkerButton, MarkerGroup } from './time-markers';

const STEPS = 1000;
const SETTLE_MS = 400;
/** A marker's width and height (Tailwind h-6/min-w-6), and so the least distance between two. */
const TARGET_PX = 24;

/** The width of `ref`'s element, followed as it changes (0 until measured). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

const markerKey = (m: Marker) => `${m.at}-${m.service}-${m.to}`;

export interface TimeSliderProps {
  window: TimeWindow;
  /** The instant shown, or null (live: the slider rests at the end). */
  value: string | null;
  markers: Marker[];
  onPick: (at: string) => void;
  /** The slider brought back to its end, which it calls "now (live)": live again. */
  onLive: () => void;
  reference: string;
  /** The id of the words saying what the slider spans. */
  describedBy?: string;
  /**
   * How far back history goes is not known yet: the slider is disabled, since an instant picked
   * now could be one from before it, which the server refuses.
   */
  pending?: boolean;
}

export function TimeSlider({
  window,
  value,
  markers,
  onPick,
  onLive,
  reference,
  describedBy,
  pending = false,
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
  const list = useRef<HTMLOListElement>(null);
  const width = useWidth(list);
  const targets = useMemo(
    () =>
      width
        ? markerTargets(
            markers.map((m) => m.fraction),
            width,
            TARGET_PX,
          )
        : markers.map((m, i) => ({ members: [i], left: null })),
    [markers, width],
  );
  /** The open group, by its first change (groups are made again as live time moves on). */
  const [openGroup, setOpenGroup] = useState<string | null>(null);
  const at = instantAt(position / STEPS, window);
  const move = (next: number) => {
    setPosition(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () => (next === STEPS ? onLive() : onPick(instantAt(next / STEPS, window))),
      SETTLE_MS,
    );
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
        aria-valuetext={
          position === STEPS && (!value || position !== last)
            ? 'now (live)'
            : instantLabel(at, reference)
        }
        data-testid="time-slider"
        disabled={pending}
        onChange={(e) => move(Number(e.target.value))}
        className="w-full"
      />
      <ol ref={list} aria-label="Services that broke or recovered" className="relative h-6">
        {targets.map(({ members, left }) => {
          const first = markers[members[0]!]!;
          const key = markerKey(first);
          return (
            <li
              key={key}
              className="absolute -translate-x-1/2"
              style={{ left: left !== null ? `${left}px` : `${first.fraction * 100}%` }}
            >
              {members.length === 1 ? (
                <MarkerButton marker={first} onPick={onPick} />
              ) : (
                <MarkerGroup
                  markers={members.map((i) => markers[i]!)}
                  label={groupLabel(
                    members.map((i) => markers[i]!),
                    reference,
                  )}
                  open={openGroup === key}
                  onOpen={(open) => setOpenGroup(open ? key : null)}
                  onPick={onPick}
                  align={left !== null && left > width / 2 ? 'right' : 'left'}
                />
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
