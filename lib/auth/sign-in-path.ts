/**
 * The link to the sign-in page that brings a person back where they were going:
 * `/sign-in?next=<path and query>`. Only a local path is ever put in `next` (lib/auth/local-path.ts),
 * so the link can never become an open redirect. Isomorphic; no runtime imports but that rule.
 */
import { localPath } from './local-path';

type Search = Record<string, string | string[] | undefined>;

/** `path` with the page's search parameters, as the address bar showed them. */
export function pathWithSearch(path: string, search: Search = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      query.append(name, one);
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * `ended`: the visitor had a session that no longer signs them in (the proxy clears that cookie
 * on the way, so the sign-in page could not tell otherwise).
 */
export function signInHref(next: string, ended = false): string {
  const query = new URLSearchParams();
  const target = localPath(next);
  if (target !== '/') query.set('next', target);
  if (ended) query.set('ended', '1');
  const text = query.toString();
  return text ? `/sign-in?${text}` : '/sign-in';
}

export const SESSION_ENDED_TEXT =
  'Your session has ended (it expired, or the cluster no longer accepts its token). Sign in again.';
