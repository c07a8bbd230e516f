import 'server-only';
/**
 * Reading an instant of the past from a request, and the records at it, for the history routes
 * (`/api/records`, `/api/graph?at=`, `/api/changes`, `/api/snapshot`).
 *
 * Contract: an instant is an RFC 3339 time (lib/http/params.ts); one later than the server's
 * clock is a 400 naming the parameter (a time up to 1 s ahead is read as now: the browser's clock
 * and ours differ a little); an instant the journal cannot rebuild is the
 * `before-retained-history` problem (410) with `retainedSince`, saying how far back it goes.
 */
import type { RecordJournal } from './journal';
import type { SlimRecord } from '../topology/records';
import { fail } from '../http/api-route';
import { instantParam } from '../http/params';

const CLOCK_SKEW_MS = 1000;

/** The query parameter `name` as an instant no later than `now`; absent: `fallback`. */
export function pastInstant(url: URL, name: string, now: number): number | undefined {
  const at = instantParam(url, name);
  if (at === undefined) return undefined;
  if (at > now + CLOCK_SKEW_MS) {
    const message = `${new Date(at).toISOString()} is in the future (the server's time is ${new Date(now).toISOString()}).`;
    fail('bad-request', `Query parameter ${name}: ${message}`, {
      errors: [{ field: name, message }],
    });
  }
  return Math.min(at, now);
}

/** Like `pastInstant`, and a 400 when it is absent. */
export function requiredInstant(url: URL, name: string, now: number): number {
  const at = pastInstant(url, name, now);
  if (at === undefined) {
    const message = 'required: an RFC 3339 instant such as 2025-01-02T03:04:05Z.';
    fail('bad-request', `Query parameter ${name}: ${message}`, {
      errors: [{ field: name, message }],
    });
  }
  return at;
}

/** The records at `at`, or the problem that says how far back the history goes. */
export async function recordsAtOrFail(
  journal: RecordJournal,
  at: number,
): Promise<{ records: SlimRecord[]; retainedSince: number }> {
  const answer = await journal.recordsAt(at);
  if ('records' in answer) return answer;
  failBeforeRetained(at, answer.retainedSince);
}

/**
 * The same problem when `at` is no longer retained: for a read made of several (the records at
 * `at`, then the changes after it) that retention may have cut between or during them.
 */
export async function stillRetained(journal: RecordJournal, at: number): Promise<void> {
  const since = await journal.retainedSince();
  if (since === undefined || since > at) failBeforeRetained(at, since);
}

function failBeforeRetained(at: number, retainedSince: number | undefined): never {
  const asked = new Date(at).toISOString();
  if (retainedSince === undefined) {
    fail(
      'before-retained-history',
      `No history is kept yet: it starts once the cluster has been read (${asked} asked for).`,
    );
  }
  const since = new Date(retainedSince).toISOString();
  fail('before-retained-history', `History goes back to ${since}; ${asked} is before it.`, {
    retainedSince: since,
  });
}
