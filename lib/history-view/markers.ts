/**
 * The time control's scale: the window the slider spans (the last hours, never before the
 * retained history) and the markers where Services broke or recovered (from
 * `GET /api/changes`' transitions), each with where it sits on the slider and the words that say
 * what it is — a marker is a button whose text names the Service, the change and the time, so
 * colour and position are never the only cue — and where each marker is drawn so that markers of
 * changes at (nearly) the same instant sit side by side, each its own target, never on top of
 * one another (`markerLefts`); where more are too close than fit so, the closest become one
 * target that says how many changes it holds (`markerTargets`, `groupLabel`). Pure.
 */
import type { DiagnosisTransition } from '../api/history';
import { instantLabel, instantOf } from './instant';

export interface TimeWindow {
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
}

/** The last `hours` up to `now`, starting no earlier than the retained history. */
export function timeWindow(now: string, hours: number, retainedSince?: string): TimeWindow {
  const end = Date.parse(now);
  const since = retainedSince ? Date.parse(retainedSince) : Number.NaN;
  const start = end - hours * 3_600_000;
  return { start: Number.isNaN(since) ? start : Math.min(end, Math.max(start, since)), end };
}

/** Where `ms` sits in the window, 0 (start) to 1 (end), clamped. */
export function fractionOf(ms: number, window: TimeWindow): number {
  const span = window.end - window.start;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (ms - window.start) / span));
}

/**
 * The instant at `fraction` of the window, to the second, and always inside it: the window starts
 * where history does (to the millisecond), and an instant rounded down before that is one the
 * server refuses. So the first whole second at or after the start is the lowest value, the end
 * (a whole second: live time as the time control reads it) the highest.
 */
export function instantAt(fraction: number, window: TimeWindow): string {
  const ms = window.start + (window.end - window.start) * Math.min(1, Math.max(0, fraction));
  const first = Math.ceil(window.start / 1000) * 1000;
  return instantOf(Math.min(Math.max(Math.round(ms / 1000) * 1000, first), window.end));
}

/**
 * What the slider spans, in words: `the last 6 h`, or — when the history kept is younger than
 * the hours chosen, so the window starts where it does — `the history kept, since 06:24:48 UTC`.
 */
export function spanText(window: TimeWindow, hours: number, reference?: string): string {
  if (!startsAtHistory(window, hours)) return `the last ${hoursText(hours)}`;
  return `the history kept, since ${instantLabel(instantOf(window.start), reference)}`;
}

/** The window is shorter than the hours chosen: it starts where the history kept does. */
export function startsAtHistory(window: TimeWindow, hours: number): boolean {
  return window.end - window.start < hours * 3_600_000;
}

/** `6 h`, `1 d`, `7 d`. */
export function hoursText(hours: number): string {
  return hours < 24 ? `${hours} h` : `${hours / 24} d`;
}

export interface Marker {
  at: string;
  service: string;
  to: 'broken' | 'healthy';
  /** 0..1 along the slider. */
  fraction: number;
  /** A shape per direction: the glyph says it where colour would. */
  glyph: '▼' | '▲';
  /** `default/web broke at 03:12:05 UTC (no-endpoints)`, `… recovered at … (was no-endpoints)`. */
  label: string;
}

export function markersOf(
  transitions: readonly DiagnosisTransition[],
  window: TimeWindow,
  reference?: string,
): Marker[] {
  return transitions
    .filter((t) => {
      const ms = Date.parse(t.at);
      return ms >= window.start && ms <= window.end;
    })
    .map((t) => {
      const service = `${t.namespace}/${t.name}`;
      const verb = t.to === 'broken' ? 'broke' : 'recovered';
      // A recovery carries the codes it had while broken: "was", as the diff list says, or the
      // label reads as if the Service still had them.
      const was = t.to === 'broken' ? '' : 'was ';
      const reasons = t.reasons.length ? ` (${was}${t.reasons.join(', ')})` : '';
      return {
        at: t.at,
        service,
        to: t.to,
        fraction: fractionOf(Date.parse(t.at), window),
        glyph: t.to === 'broken' ? ('▼' as const) : ('▲' as const),
        label: `${service} ${verb} at ${instantLabel(t.at, reference)}${reasons}`,
      };
    });
}

/**
 * Where each marker is drawn, in pixels from the slider's left (`fractions` in the markers'
 * order), on a slider `width` wide, with targets `target` wide (WCAG 2.5.8: 24 px). A marker sits
 * at its instant unless that is closer than `target` to its neighbour — changes at the same
 * instant (one Deployment behind two Services) — then they are spread apart just enough, in time
 * order, each keeping its own button; its words still give its exact time. Only when more
 * markers than the slider can hold side by side are they packed closer (evenly).
 */
export function markerLefts(fractions: readonly number[], width: number, target: number): number[] {
  const order = fractions.map((f, i) => [f, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const n = order.length;
  const step = n > 1 ? Math.min(target, width / (n - 1)) : target;
  const xs = order.map(([f]) => Math.min(width, Math.max(0, f * width)));
  for (let i = 1; i < n; i++) xs[i] = Math.max(xs[i]!, xs[i - 1]! + step);
  for (let i = n - 1; i >= 0; i--) {
    const limit = i === n - 1 ? width : xs[i + 1]! - step;
    xs[i] = Math.max(0, Math.min(xs[i]!, limit));
  }
  const lefts = new Array<number>(n);
  order.forEach(([, index], k) => (lefts[index] = xs[k]!));
  return lefts;
}

/** A target on the slider: one change, or a group of changes too close to have a target each. */
export interface MarkerTarget {
  /** Indices into the markers given, in time order. */
  members: number[];
  /** px from the slider's left (its centre). */
  left: number;
}

/** How far (in targets) a marker may be drawn from its instant to keep a target of its own. */
const MAX_SHIFT_TARGETS = 2;

interface Run {
  lo: number;
  hi: number;
  members: number[];
}

/**
 * Merges the runs closest in time: the adjacent pair spanning least, with every neighbour that
 * joins it within that span (so changes at one instant become one group, never a group and some
 * singles).
 */
function mergeClosest(runs: Run[]): Run[] {
  let span = Infinity;
  for (let i = 0; i + 1 < runs.length; i++) span = Math.min(span, runs[i + 1]!.hi - runs[i]!.lo);
  const out: Run[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last && run.hi - last.lo <= span)
      out[out.length - 1] = { lo: last.lo, hi: run.hi, members: [...last.members, ...run.members] };
    else out.push(run);
  }
  return out;
}

/**
 * The slider's targets (`fractions` in the markers' order, a slider `width` px wide, targets
 * `target` px: WCAG 2.2 2.5.8's 24): every marker its own target, drawn as `markerLefts` draws
 * them, while they can all sit a target apart and none is moved more than two targets off its
 * instant (a few changes at one instant side by side). Beyond that — more markers than the slider
 * holds, or a crowd at one instant — the closest in time are grouped into one target, the
 * tightest first, until both hold: no two targets closer than `target`, each near its changes.
 */
export function markerTargets(
  fractions: readonly number[],
  width: number,
  target: number,
): MarkerTarget[] {
  let runs: Run[] = fractions
    .map((f, i) => [f, i] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([f, i]) => ({ lo: f, hi: f, members: [i] }));
  const capacity = Math.max(1, Math.floor(width / target) + 1);
  while (runs.length > capacity) runs = mergeClosest(runs);
  for (;;) {
    const at = runs.map((r) => (r.lo + r.hi) / 2);
    const lefts = markerLefts(at, width, target);
    const far = lefts.some((x, i) => Math.abs(x - at[i]! * width) > MAX_SHIFT_TARGETS * target);
    if (!far || runs.length < 2)
      return runs.map((r, i) => ({ members: r.members, left: lefts[i]! }));
    runs = mergeClosest(runs);
  }
}

/**
 * The words of a group of markers (in time order): how many changes, when, and how many broke
 * and recovered — `5 changes at 03:12:05 UTC: 3 broke, 2 recovered`, or `12 changes from
 * 03:12:05 UTC to 03:34:05 UTC: …`; each change's own words are in the list the group opens.
 */
export function groupLabel(markers: readonly Marker[], reference?: string): string {
  const first = markers[0];
  const last = markers[markers.length - 1];
  if (!first || !last) return '0 changes';
  const when =
    first.at === last.at
      ? `at ${instantLabel(first.at, reference)}`
      : `from ${instantLabel(first.at, reference)} to ${instantLabel(last.at, reference)}`;
  const broke = markers.filter((m) => m.to === 'broken').length;
  const counts = [
    broke ? `${broke} broke` : '',
    markers.length - broke ? `${markers.length - broke} recovered` : '',
  ].filter(Boolean);
  return `${markers.length} changes ${when}: ${counts.join(', ')}`;
}
