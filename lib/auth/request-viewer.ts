import 'server-only';
/**
 * The viewer of one request (lib/auth/viewer.ts), for route handlers and server components alike:
 * both have the request's headers (a route its `Request`, a page `headers()` from next/headers).
 *
 * Contract: `viewerOf(headers)` never throws for a person who is not signed in; it answers the
 * problem to send instead (401 `unauthenticated`, which the page turns into the sign-in screen).
 * With `--auth none` every request is the dashboard itself.
 */
import { problem, type Problem } from '../api/problem';
import { authSettings } from './settings';
import type { Viewer } from './viewer';

export type ViewerAnswer = { ok: true; viewer: Viewer } | { ok: false; problem: Problem };

export async function viewerOf(headers: Headers): Promise<ViewerAnswer> {
  const { mode } = authSettings();
  if (mode === 'none') return { ok: true, viewer: { mode: 'none' } };
  void headers;
  return {
    ok: false,
    problem: problem('unauthenticated', `Sign-in mode "${mode}" is not available yet.`),
  };
}
