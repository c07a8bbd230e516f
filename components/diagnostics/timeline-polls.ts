/**
 * The polls behind use-service-timeline.ts, free of React: one poll per timeline URL, shared by
 * every subscriber, re-read at once when asked (`refresh`) and every BACKSTOP_MS otherwise.
 *
 * Why `refresh`: the panel's diagnosis updates within about half a second of a change, while a
 * fixed poll would show its new reason without the trail's "Changed:" line for up to a poll
 * period. The panel asks for a re-read whenever its reasons change; the slow poll remains for
 * trail entries no reason reflects, and as a backstop. The server may not have recorded the
 * change yet when that read arrives, so while the trail has recorded nothing since the refresh
 * was asked it is read again after RETRY_FIRST_MS, doubling, at most RETRIES times (within
 * BACKSTOP_MS in all): prompt, never a hot loop. "Since" compares the trail with what it held
 * when the refresh was asked, not with a clock: the browser's and the server's clocks differ.
 *
 * Contract: a poll starts with the first subscriber and stops (timers cleared) with the last; one
 * read at a time per poll — a refresh asked during a read runs once after it, however many were
 * asked, so the state always ends on a read started after the last refresh; a new refresh starts
 * the retries again from what the trail holds then, and one retry is pending at most; a read
 * failing keeps the last good timeline beside the error text (errors are problem bodies,
 * lib/api/problem.ts). `fetch` and the timers are parameters so that a test can drive them.
 */
import type { ServiceTimeline } from '@/lib/api/diagnostics';
import { readProblem } from '@/lib/api/problem';
import { errorMessage } from '@/lib/error-message';

/** The slow poll: trail entries no diagnosis reason reflects (endpoint churn) still show. */
export const BACKSTOP_MS = 5000;
/** The first re-read after a refresh that found nothing new; each next one waits twice as long. */
export const RETRY_FIRST_MS = 250;
/** Re-reads after a refresh at most (250 + 500 + 1000 + 2000 ms: before the backstop's 5 s). */
export const RETRIES = 4;

export interface TimelineState {
  timeline?: ServiceTimeline;
  error?: string;
}

export interface TimelinePollsDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (timer: unknown) => void;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (timer: unknown) => void;
}

export interface TimelinePolls {
  subscribe(url: string, listener: () => void): () => void;
  /** The latest state of the URL's poll (the same object until it changes). */
  state(url: string): TimelineState;
  /** Re-read the URL's timeline now (after the read under way, if any); no-op when not polled. */
  refresh(url: string): void;
}

/** The newest moment a trail holds, and how many entries it holds at that moment. */
interface Newest {
  at: number;
  count: number;
}

function newestOf(timeline: ServiceTimeline | undefined): Newest {
  const entries = timeline?.entries ?? [];
  const last = entries[entries.length - 1];
  if (!last) return { at: -Infinity, count: 0 };
  const at = Date.parse(last.at);
  let count = 0;
  for (let i = entries.length - 1; i >= 0 && Date.parse(entries[i]!.at) === at; i--) count++;
  return { at, count };
}

/** Whether the trail recorded something after `before`: a later entry, or more at that moment. */
function recordedSince(timeline: ServiceTimeline | undefined, before: Newest): boolean {
  const now = newestOf(timeline);
  return now.at > before.at || (now.at === before.at && now.count > before.count);
}

/** The re-reads after a refresh, until the trail has recorded something since it was asked. */
interface Retry {
  since: Newest;
  done: number;
  timer: unknown;
}

interface Poll {
  state: TimelineState;
  listeners: Set<() => void>;
  timer: unknown;
  reading: boolean;
  again: boolean;
  retry?: Retry | undefined;
}

const EMPTY: TimelineState = {};

export function createTimelinePolls(deps: TimelinePollsDeps): TimelinePolls {
  const polls = new Map<string, Poll>();

  async function read(url: string, poll: Poll): Promise<void> {
    let next: TimelineState;
    try {
      const response = await deps.fetch(url, { cache: 'no-store' });
      if (!response.ok) throw new Error((await readProblem(response)).detail);
      next = { timeline: (await response.json()) as ServiceTimeline };
    } catch (err) {
      next = { ...poll.state, error: `timeline unavailable: ${errorMessage(err)}` };
    }
    if (polls.get(url) !== poll) return;
    poll.state = next;
    for (const listener of poll.listeners) listener();
  }

  async function load(url: string, poll: Poll): Promise<void> {
    if (poll.reading) {
      poll.again = true;
      return;
    }
    poll.reading = true;
    try {
      do {
        poll.again = false;
        await read(url, poll);
      } while (poll.again && polls.get(url) === poll);
    } finally {
      poll.reading = false;
    }
    retryIfBehind(url, poll);
  }

  function stopRetry(poll: Poll): void {
    if (poll.retry?.timer !== undefined) deps.clearTimeout(poll.retry.timer);
    poll.retry = undefined;
  }

  /** After a read: done once the trail has something new or the re-reads ran out, else one more. */
  function retryIfBehind(url: string, poll: Poll): void {
    const retry = poll.retry;
    if (!retry || polls.get(url) !== poll) return;
    if (recordedSince(poll.state.timeline, retry.since) || retry.done >= RETRIES) {
      stopRetry(poll);
      return;
    }
    if (retry.timer !== undefined) return;
    const delay = RETRY_FIRST_MS * 2 ** retry.done;
    retry.timer = deps.setTimeout(() => {
      retry.timer = undefined;
      retry.done++;
      void load(url, poll);
    }, delay);
  }

  return {
    subscribe(url, listener) {
      let poll = polls.get(url);
      if (!poll) {
        const created: Poll = {
          state: EMPTY,
          listeners: new Set(),
          timer: undefined,
          reading: false,
          again: false,
        };
        polls.set(url, created);
        created.timer = deps.setInterval(() => void load(url, created), BACKSTOP_MS);
        void load(url, created);
        poll = created;
      }
      poll.listeners.add(listener);
      const current = poll;
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0) {
          deps.clearInterval(current.timer);
          stopRetry(current);
          polls.delete(url);
        }
      };
    },
    state: (url) => polls.get(url)?.state ?? EMPTY,
    refresh(url) {
      const poll = polls.get(url);
      if (!poll) return;
      stopRetry(poll);
      poll.retry = { since: newestOf(poll.state.timeline), done: 0, timer: undefined };
      void load(url, poll);
    },
  };
}

/** What identifies a diagnosis's reasons for `refresh`: a code or its words changing. */
export function reasonsKey(reasons: readonly { code: string; summary: string }[]): string {
  return JSON.stringify(reasons.map((r) => [r.code, r.summary]));
}
