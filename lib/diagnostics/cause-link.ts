/**
 * The join between a diagnosis (computed in the browser from records) and the change trail
 * (kept on the server): for a reason code, the latest trail entry that can explain it — so the
 * panel says "selector changed app=nginx → app=ngnix at 12:19:30 by kubectl-edit (Update)" under
 * the reason, not only what is wrong now.
 *
 * Contract: pure and isomorphic. Each code maps to the kinds of change that cause it, and the
 * answer is the newest such entry; a code with no known cause, or a trail with no such entry
 * (it happened before Switchboard was watching), gets nothing — never a guess. A rollout the
 * trail later records as finished (and the image change that started it) explains nothing that
 * is wrong now: the pods it replaced are gone and its own are ready. Codes are plain strings so
 * the diagnosis's list can grow without a change here.
 */
import type { TimelineEntry } from '../api/diagnostics';
import { authorText, entryText } from './trail-text';

type Matcher = (entry: TimelineEntry) => boolean;

const selectorChanged: Matcher = (e) => e.type === 'spec' && e.field === 'selector';
const portsChanged: Matcher = (e) => e.type === 'spec' && e.field === 'ports';
const podLeft: Matcher = (e) => e.type === 'pod-labels' && e.move === 'left';
const scaledToZero: Matcher = (e) =>
  e.type === 'workload' && e.field === 'replicas' && e.to === '0';
const scaled: Matcher = (e) => e.type === 'workload' && e.field === 'replicas';
// Fewer replicas deletes pods; more never does, so a scale-up explains no terminating pod.
const scaledDown: Matcher = (e) =>
  scaled(e) && e.type === 'workload' && Number(e.to) < Number(e.from);
const workloadDeleted: Matcher = (e) => e.type === 'workload' && e.field === 'deleted';
const rolloutOrImage: Matcher = (e) =>
  (e.type === 'rollout' && e.phase !== 'finished') ||
  (e.type === 'workload' && e.field === 'image');

/** The workload a rollout or image entry belongs to; undefined for every other entry. */
function rolloutWorkload(e: TimelineEntry): string | undefined {
  if (e.type === 'rollout' || (e.type === 'workload' && e.field === 'image'))
    return `${e.workload.kind}/${e.workload.name}`;
  return undefined;
}
const templateLabels: Matcher = (e) => e.type === 'workload' && e.field === 'template-labels';

const any =
  (...matchers: Matcher[]): Matcher =>
  (e) =>
    matchers.some((m) => m(e));

/** What can cause each code, by the kinds of trail entry that explain it. */
const CAUSES: Record<string, Matcher> = {
  // Only a scale to 0: the trail is polled, so for a few seconds its newest scale can be the one
  // before ("replicas 0 → 4"), which would contradict the reason it stands under.
  'scaled-to-zero': scaledToZero,
  'rollout-stuck': rolloutOrImage,
  'rollout-in-progress': rolloutOrImage,
  'workload-missing': any(workloadDeleted, templateLabels),
  'selector-matches-no-pods': any(selectorChanged, podLeft, scaledToZero, workloadDeleted),
  'no-endpoints': any(selectorChanged, podLeft, scaledToZero, workloadDeleted),
  'no-ready-endpoints': rolloutOrImage,
  'pods-not-ready': rolloutOrImage,
  // Shown only when no rollout in the snapshot names the terminating pods (a Deployment's,
  // StatefulSet's or DaemonSet's does, and the pods sit under it): a rollout whose workload the
  // dashboard cannot see, or a scale-down deleting the surplus.
  'pods-terminating': any(rolloutOrImage, scaledDown),
  'target-port-not-served': portsChanged,
  'port-name-mismatch': portsChanged,
};

/**
 * The newest trail entry that explains `code`, if the trail holds one. Of entries recorded at the
 * same moment, a change someone made (it has an author) wins over what a controller did in answer
 * (an image edit over the rollout it started).
 */
export function causeChange(
  code: string,
  entries: readonly TimelineEntry[],
): TimelineEntry | undefined {
  const matches = CAUSES[code];
  if (!matches) return undefined;
  let best: TimelineEntry | undefined;
  // Workloads whose rollout finished after the entry being looked at (read newest first).
  const finished = new Set<string>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (!entry) continue;
    const workload = rolloutWorkload(entry);
    if (workload && entry.type === 'rollout' && entry.phase === 'finished') finished.add(workload);
    if (!matches(entry) || (workload !== undefined && finished.has(workload))) continue;
    if (best && entry.at !== best.at) break;
    if (!best || (!best.by && entry.by)) best = entry;
  }
  return best;
}

/**
 * The sentence the panel shows under a reason, with the time already formatted by the caller
 * (the browser's locale): `Service selector changed app=nginx → app=ngnix at 12:19:30 by
 * kubectl-edit (Update)`.
 */
export function causeText(entry: TimelineEntry, time: string): string {
  const by = entry.by ? ` by ${authorText(entry.by)}` : '';
  // A quoted message may end its own sentence ("… has timed out progressing."): the time follows
  // in the same sentence, so that full stop goes.
  const text = entryText(entry).text.replace(/(?<!\.)\.$/, '');
  return `${text} at ${time}${by}`;
}
