/**
 * A write made on a form's own page, handed to the map page the form goes to next, in the same
 * browser tab: the map confirms a write because this tab made it, never because a link says so
 * (a URL parameter could be shared, bookmarked or typed, and confirm a write nobody made).
 *
 * Contract: `handOffWrite(storage, cluster, done, now)` keeps one write per tab (the next one
 * replaces it). `takeHandedOffWrite(storage, cluster, now)` returns it once and forgets it,
 * if it was made in that cluster (null: the default cluster) at most HANDOFF_MS before `now`;
 * anything else there is forgotten and answers null. Storage that is missing or refuses (site
 * data blocked, a full quota) means no confirmation, never an error. Pure apart from the storage
 * given; the browser passes its session storage (lib/browser-storage.ts), per tab and origin.
 */
import { readStored, writeStored, type StorageLike } from '../browser-storage';
import type { WriteDone } from './write-results';

export const HANDOFF_KEY = 'switchboard.write-handoff';
/** Longer than a navigation to the map takes, short enough that an old write is not confirmed. */
export const HANDOFF_MS = 30_000;

interface HandedOff {
  cluster: string | null;
  at: number;
  done: WriteDone;
}

export function handOffWrite(
  storage: StorageLike | undefined,
  cluster: string | null,
  done: WriteDone,
  now: number,
): void {
  const handed: HandedOff = { cluster, at: now, done };
  writeStored(storage, HANDOFF_KEY, JSON.stringify(handed));
}

export function takeHandedOffWrite(
  storage: StorageLike | undefined,
  cluster: string | null,
  now: number,
): WriteDone | null {
  const text = readStored(storage, HANDOFF_KEY);
  if (!text) return null;
  writeStored(storage, HANDOFF_KEY, null);
  let handed: Partial<HandedOff> | null;
  try {
    handed = JSON.parse(text) as Partial<HandedOff> | null;
  } catch {
    return null;
  }
  const done = handed?.done;
  if (
    !handed ||
    handed.cluster !== cluster ||
    typeof handed.at !== 'number' ||
    now - handed.at < 0 ||
    now - handed.at > HANDOFF_MS ||
    !done ||
    typeof done.focus !== 'string' ||
    (done.status !== 'created' && done.status !== 'updated' && done.status !== 'deleted')
  )
    return null;
  return done;
}
