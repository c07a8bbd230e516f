import 'server-only';
/**
 * The viewer of a page (server components): who it is rendered for, or — for nobody signed in —
 * a redirect to the sign-in page that brings the person back to this page afterwards.
 *
 * Contract: `signedInViewer(path, search)` answers the `Viewer` (always, with `--auth none`) or
 * never returns (Next's `redirect` to `/sign-in?next=<path?search>`); the sign-in page says why
 * (lib/auth/request-viewer.ts's problem). `viewerInfoOfPage()` is what the layout shows: the
 * `ViewerInfo` of the signed-in person, or only the mode for nobody. Neither hands a page a
 * credential.
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { viewerOf } from './request-viewer';
import { cookieValue, SESSION_COOKIE } from './session';
import { authSettings } from './settings';
import { pathWithSearch, signInHref } from './sign-in-path';
import { viewerInfoOf, type Viewer, type ViewerInfo } from './viewer';

export async function signedInViewer(
  path: string,
  search: Record<string, string | string[] | undefined> = {},
): Promise<Viewer> {
  const requestHeaders = await headers();
  const who = await viewerOf(requestHeaders);
  if (who.ok) return who.viewer;
  const ended = cookieValue(requestHeaders, SESSION_COOKIE) !== undefined;
  redirect(signInHref(pathWithSearch(path, search), ended));
}

export async function viewerInfoOfPage(): Promise<ViewerInfo> {
  const who = await viewerOf(await headers());
  return who.ok ? viewerInfoOf(who.viewer) : { mode: authSettings().mode };
}
