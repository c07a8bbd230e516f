/**
 * One Service's trail as the history keeps it: a baseline (its endpoints at `baselineAt`), its
 * entries in time order, its endpoints now — and what is derived from those alone: inserting
 * within the bounds (entries that fall out fold into the baseline), the endpoints at an instant,
 * the track rebuilt from stored facts and its baseline as a fact.
 *
 * Contract: plain functions over a plain object; service-history.ts owns the tracks and decides
 * what goes in. `stateAt` answers "no data" with its reason before the Service was created,
 * before it was observed, or before retained history — never a guess.
 */
import type { EndpointsAt, EndpointSnapshot, TimelineEntry } from '../api/diagnostics';
import type { BaselineFact } from '../history/facts';
import { foldEntry } from './endpoint-changes';
import type { EndpointSet } from './endpoint-sets';

export interface ServiceTrack {
  /** The endpoints at `baselineAt`: the first observation, or what trimmed entries folded into. */
  baseline: EndpointSet;
  baselineAt: number;
  /** True once entries were dropped: before `baselineAt` the history no longer knows. */
  trimmed: boolean;
  /** The Service's creationTimestamp, from its first record Switchboard saw. */
  createdAt?: number;
  entries: { time: number; entry: TimelineEntry }[];
  current: EndpointSet;
  /** Rebuilt from stored facts: the first sync's endpoints are changes, not the baseline. */
  restored?: boolean;
}

export interface TrackBounds {
  maxEntries: number;
  /** Entries older than this (epoch ms) fold into the baseline. */
  cutoff: number;
}

export function newTrack(at: number): ServiceTrack {
  return { baseline: new Map(), baselineAt: at, trimmed: false, entries: [], current: new Map() };
}

/** A track rebuilt from its stored baseline (or from nothing, when that was lost). */
export function restoredTrack(baseline: BaselineFact | undefined, firstEntryAt: number) {
  const track: ServiceTrack = baseline
    ? {
        baseline: new Map(baseline.endpoints.map((e) => [e.address, e])),
        baselineAt: baseline.at,
        trimmed: baseline.trimmed,
        ...(baseline.createdAt !== undefined ? { createdAt: baseline.createdAt } : {}),
        entries: [],
        current: new Map(),
      }
    : // Its baseline was lost: before its first entry the history cannot say.
      { ...newTrack(firstEntryAt), trimmed: true };
  track.restored = true;
  return track;
}

/** Once its entries are in: the endpoints now are the baseline with every entry folded in. */
export function settleRestored(track: ServiceTrack): void {
  track.current = new Map(track.baseline);
  for (const { entry } of track.entries) foldEntry(track.current, entry);
}

export function trimTrack(track: ServiceTrack, bounds: TrackBounds): void {
  while (
    track.entries.length > bounds.maxEntries ||
    (track.entries.length > 0 && (track.entries[0]?.time ?? 0) < bounds.cutoff)
  ) {
    const oldest = track.entries.shift();
    if (!oldest) break;
    foldEntry(track.baseline, oldest.entry);
    track.baselineAt = oldest.time;
    track.trimmed = true;
  }
}

/** Inserts in time order (an Event's own timestamp can be older than the last change). */
export function insertEntry(
  track: ServiceTrack,
  time: number,
  entry: TimelineEntry,
  bounds: TrackBounds,
): void {
  let index = track.entries.length;
  while (index > 0 && (track.entries[index - 1]?.time ?? 0) > time) index -= 1;
  track.entries.splice(index, 0, { time, entry });
  trimTrack(track, bounds);
}

export function trackStateAt(track: ServiceTrack | undefined, time: number): EndpointsAt {
  if (!track) return { endpoints: [], noData: { reason: 'not-observed' } };
  const since = (ms: number) => new Date(ms).toISOString();
  if (track.createdAt !== undefined && time < track.createdAt)
    return { endpoints: [], noData: { reason: 'not-created', since: since(track.createdAt) } };
  if (time < track.baselineAt) {
    const reason = track.trimmed ? 'before-retained-history' : 'not-observed';
    return { endpoints: [], noData: { reason, since: since(track.baselineAt) } };
  }
  const state = new Map<string, EndpointSnapshot>(track.baseline);
  for (const { time: entryTime, entry } of track.entries) {
    if (entryTime > time) break;
    foldEntry(state, entry);
  }
  const endpoints = [...state.values()].sort((a, b) => a.address.localeCompare(b.address));
  return { endpoints };
}

export function baselineFact(service: string, track: ServiceTrack): BaselineFact {
  return {
    kind: 'baseline',
    service,
    at: track.baselineAt,
    trimmed: track.trimmed,
    ...(track.createdAt !== undefined ? { createdAt: track.createdAt } : {}),
    endpoints: [...track.baseline.values()],
  };
}
