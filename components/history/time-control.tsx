'use client';
/**
 * The header's time control: "Time travel" opens a panel to pick an instant — typed (UTC, to the
 * second) or on the slider over the last hours, with the broke/recovered markers from
 * `GET /api/changes` (time-slider.tsx) — and to compare two instants (diff mode). Choices go to
 * the URL (history-actions.ts), which the pipeline follows; the banner says what is shown.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { fromInputValue, instantOf, toInputValue } from '@/lib/history-view/instant';
import {
  hoursText,
  markersOf,
  spanText,
  startsAtHistory,
  timeWindow,
} from '@/lib/history-view/markers';
import { Button } from '@/components/ui/button';
import { Select, TextInput } from '@/components/ui/input';
import { useMapStores, useUi } from '@/components/map/map-context';
import { backToLive, showDiff, showInstant } from './history-actions';
import { TimeSlider } from './time-slider';
import { IncompleteHistory } from './incomplete-history';
import { useChanges } from './use-changes';

const WINDOWS = [1, 6, 24, 24 * 7] as const;
const NOW_EVERY_MS = 30_000;

/** Live time, to the second, a little behind the clock (the server refuses future instants). */
function useLiveNow(): string {
  const read = () => instantOf(Math.floor(Date.now() / 1000) * 1000 - 2000);
  const [now, setNow] = useState(read);
  useEffect(() => {
    const timer = setInterval(() => setNow(read()), NOW_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function InstantField({
  label,
  value,
  onValue,
}: {
  label: string;
  value: string;
  onValue: (v: string) => void;
}) {
  return (
    <label className="flex items-center gap-1 text-sm">
      {label}
      <TextInput
        type="datetime-local"
        step={1}
        size="md"
        value={value}
        onChange={(e) => onValue(e.target.value)}
      />
    </label>
  );
}

export function TimePanel({ id }: { id: string }) {
  const stores = useMapStores();
  const params = useUi((ui) => ui.params);
  const now = useLiveNow();
  const [hours, setHours] = useState<number>(6);
  const start = instantOf(Date.parse(now) - hours * 3_600_000);
  // From where history starts when it is younger than the window: no 410 to recover from.
  const { changes, error } = useChanges(start, now, true);
  const window = useMemo(
    () => timeWindow(now, hours, changes?.retainedSince),
    [now, hours, changes?.retainedSince],
  );
  // Until the first answer (or error) says where history starts, the window is a guess.
  const rangeKnown = changes !== undefined || error !== undefined;
  const markers = useMemo(
    () => markersOf(changes?.transitions ?? [], window, now),
    [changes, window, now],
  );
  const spanId = useId();
  const shown = params.at ?? params.to ?? null;
  const [typed, setTyped] = useState(toInputValue(shown ?? now));
  // The typed instant follows one picked elsewhere (slider, marker, link).
  const [lastShown, setLastShown] = useState(shown);
  if (shown !== lastShown) {
    setLastShown(shown);
    if (shown) setTyped(toInputValue(shown));
  }
  const [from, setFrom] = useState(toInputValue(params.from ?? start));
  const [to, setTo] = useState(toInputValue(params.to ?? now));
  const onShow = (e: FormEvent) => {
    e.preventDefault();
    const at = fromInputValue(typed);
    if (at) showInstant(stores, at);
  };
  const onCompare = (e: FormEvent) => {
    e.preventDefault();
    const [a, b] = [fromInputValue(from), fromInputValue(to)];
    if (a && b) showDiff(stores, a, b);
  };
  return (
    <div
      id={id}
      className="flex flex-col gap-2 border-b border-line bg-surface px-4 py-2"
      data-testid="time-panel"
    >
      <div className="flex flex-wrap items-center gap-2">
        <form
          onSubmit={onShow}
          className="flex flex-wrap items-center gap-2"
          aria-label="Show the map at an instant"
        >
          <InstantField label="Instant (UTC)" value={typed} onValue={setTyped} />
          <Button type="submit" data-testid="show-instant">
            Show this instant
          </Button>
        </form>
        <label className="flex items-center gap-1 text-sm">
          Slider window
          <Select size="md" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {WINDOWS.map((h) => (
              <option key={h} value={h}>
                {`the last ${hoursText(h)}`}
              </option>
            ))}
          </Select>
        </label>
        {/* What the slider really spans: the window chosen, or the history kept when younger. */}
        <span id={spanId} className="text-xs text-muted" data-testid="slider-span">
          {rangeKnown
            ? `Slider spans ${spanText(window, hours, now)}`
            : 'Reading how far back history goes…'}
          {changes?.retainedSince && !startsAtHistory(window, hours)
            ? `; history goes back to ${changes.retainedSince.replace('T', ' ').slice(0, 19)} UTC`
            : ''}
        </span>
        {error && <span className="text-xs text-bad">Markers unavailable: {error}</span>}
      </div>
      <IncompleteHistory changes={changes} />
      <TimeSlider
        window={window}
        value={shown}
        markers={markers}
        onPick={(at) => showInstant(stores, at)}
        onLive={() => backToLive(stores)}
        reference={now}
        describedBy={spanId}
        pending={!rangeKnown}
      />
      <form
        onSubmit={onCompare}
        className="flex flex-wrap items-center gap-2"
        aria-label="Compare two instants"
      >
        <InstantField label="Compare from (UTC)" value={from} onValue={setFrom} />
        <InstantField label="to (UTC)" value={to} onValue={setTo} />
        <Button type="submit" data-testid="compare">
          Compare
        </Button>
      </form>
    </div>
  );
}

/** The toggle that opens the time panel (the panel renders where the caller puts it). */
export function TimeControlToggle({
  open,
  onToggle,
  panelId,
}: {
  open: boolean;
  onToggle: () => void;
  panelId: string;
}) {
  return (
    <Button
      aria-expanded={open}
      aria-controls={panelId}
      onClick={onToggle}
      data-testid="time-travel"
    >
      <span aria-hidden="true">◷ </span>Time travel
    </Button>
  );
}
