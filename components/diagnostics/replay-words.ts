/**
 * What the replay slider (replay-control.tsx) says about the moment it shows: counted back from
 * now on a live cluster, from the snapshot's instant on a recorded one — where nothing is live,
 * so nothing says "now (live)". Pure, so it is tested without a browser.
 */
import { formatClock } from '@/lib/graph/describe';

/** The slider's label and value text, `offsetMs` back from now or from the snapshot (`until`). */
export function replayWhen(offsetMs: number, until?: string): { label: string; value: string } {
  const minutes = Math.round(offsetMs / 60_000);
  if (until) {
    const at = `the snapshot, ${formatClock(until)}`;
    return offsetMs === 0
      ? { label: at, value: at }
      : { label: `${minutes} min before ${at}`, value: `${minutes} minutes before ${at}` };
  }
  return offsetMs === 0
    ? { label: 'now (live)', value: 'now' }
    : { label: `${minutes} min ago`, value: `${minutes} minutes ago` };
}
