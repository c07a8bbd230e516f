/**
 * The polls behind use-service-timeline.ts, free of React: one poll per timeline URL, shared by
 * every subscriber, re-read at once when asked (`refresh`) and every BACKSTOP_MS otherwise.
 *
 * Why `refresh`: the panel's diagnosis updates within about half a second of a change, while a
 * fixed poll would show its new reason without the trail's "Changed:" line for up to a poll
 * period. The panel asks for a re-read whenever its reasons change; the slow poll remains for
 * trail entries no reason reflects, and as a backstop.
 *
 * Contract: a poll starts with the first subscriber and stops (timer cleared) with the last; one
 * read at a time per poll — a refresh asked during a read runs once after it, however many were
 * asked, so the state always ends on a read started after the last refresh; a read failing keeps
 * the last good timeline beside the error text (errors are problem bodies, lib/api/problem.ts).
 * `fetch` and the interval timer are parameters so that a test can drive them.
 */
import type { ServiceTimeline } from '@/lib/api/diagnostics';
import { readProblem } from '@/lib/api/problem';
import { errorMessage } from '@/lib/error-message';

/** The slow poll: trail entries no diagnosis reason reflects (endpoint churn) still show. */
export const BACKSTOP_MS = 5000;

export interface TimelineState {
  timeline?: ServiceTimeline;
  error?: string;
}

export interface TimelinePollsDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (timer: unknown) => void;
}

export interface TimelinePolls {
  subscribe(url: string, listener: () => void): () => void;
  /** The latest state of the URL's poll (the same object until it changes). */
  state(url: string): TimelineState;
  /** Re-read the URL's timeline now (after the read under way, if any); no-op when not polled. */
  refresh(url: string): void;
}

interface Poll {
  state: TimelineState;
  listeners: Set<() => void>;
  timer: unknown;
  reading: boolean;
  again: boolean;
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
          polls.delete(url);
        }
      };
    },
    state: (url) => polls.get(url)?.state ?? EMPTY,
    refresh(url) {
      const poll = polls.get(url);
      if (poll) void load(url, poll);
    },
  };
}

/** What identifies a diagnosis's reasons for `refresh`: a code or its words changing. */
export function reasonsKey(reasons: readonly { code: string; summary: string }[]): string {
  return JSON.stringify(reasons.map((r) => [r.code, r.summary]));
}
