'use client';
/**
 * "Signed in as alice (team-a, …)" with "Sign out": who the page is shown to, from the layout's
 * `ViewerInfo` (components/auth/viewer-context.tsx). Nothing without sign-in.
 *
 * Contract: a labelled group, so a screen reader announces it as the sign-in; the groups are in
 * the text (a long list is cut visually, whole in the title and to assistive technology). "Sign
 * out" is a native button: POST /api/auth/logout (same origin, JSON, as the CSRF guard asks),
 * then the page goes where the answer says. In proxy mode signing out is the proxy's, so there is
 * no button, only the words.
 */
import { useState } from 'react';
import { readProblem } from '@/lib/api/problem';
import { announceSignedOut } from '@/lib/auth/sign-out-signal';
import { Button } from '@/components/ui/button';
import { useViewerInfo } from './viewer-context';

async function signOut(): Promise<string> {
  const response = await fetch('/api/auth/logout', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw new Error((await readProblem(response)).detail);
  // The server cannot end this browser's other tabs' open streams: tell them.
  announceSignedOut();
  const body = (await response.json()) as { next?: unknown };
  return typeof body.next === 'string' ? body.next : '/sign-in';
}

export function SignedInAs() {
  const info = useViewerInfo();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (info.mode === 'none' || !info.username) return null;
  const groups = info.groups?.length ? info.groups.join(', ') : 'no groups';
  return (
    <div role="group" aria-label="Sign-in" className="flex min-w-0 items-center gap-2 text-sm">
      <span className="min-w-0 truncate" title={`${info.username} (${groups})`}>
        Signed in as <strong>{info.username}</strong> <span className="text-muted">({groups})</span>
      </span>
      {info.mode === 'proxy' ? (
        <span className="text-muted">through your sign-in proxy</span>
      ) : (
        <Button
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            signOut().then(
              (next) => window.location.assign(next),
              (err: Error) => {
                setBusy(false);
                setError(`Sign-out failed: ${err.message}`);
              },
            );
          }}
        >
          Sign out
        </Button>
      )}
      {error ? (
        <span role="alert" className="text-bad">
          {error}
        </span>
      ) : null}
    </div>
  );
}
