'use client';
/**
 * Over the map, when its stream is refused after the page loaded (lib/store/stream-refusal.ts):
 * the message the page shows on load for the same refusal, so the person learns why updates
 * stopped instead of watching "reconnecting" forever.
 * - 401 (the session ended: it expired, or the cluster no longer accepts the token): the sign-in
 *   page's words (lib/auth/sign-in-path.ts `SESSION_ENDED_TEXT`) and a link to sign in again that
 *   brings them back to this view, as the page's own redirect does on load;
 * - 403 (this cluster does not sign them in): the notice the page shows in place of the map on
 *   load (components/clusters/cluster-refused-notice.tsx).
 *
 * Contract: an alert (announced once); keyboard reachable link; the colour is never the only cue.
 */
import { SESSION_ENDED_TEXT, signInHref } from '@/lib/auth/sign-in-path';
import type { StreamRefusal } from '@/lib/store/stream-refusal';
import { ClusterRefusedNotice } from '@/components/clusters/cluster-refused-notice';
import { useCluster } from '@/components/clusters/cluster-context';
import { Notice } from '@/components/ui/notice';

export function StreamRefused({
  refusal,
  clusterName,
}: {
  refusal: StreamRefusal;
  /** How the header names the cluster, when the page has not been told by its binding. */
  clusterName: string | undefined;
}) {
  const binding = useCluster();
  // The view to come back to after signing in. A refusal only ever happens in the browser (the
  // server renders the stream as connecting), so the address bar is there to read.
  const here =
    typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;
  if (refusal.status === 403)
    return (
      <ClusterRefusedNotice
        cluster={binding.name ?? clusterName ?? 'this cluster'}
        detail={refusal.detail}
        className="mx-4 my-2"
      />
    );
  return (
    <Notice tone="error" data-testid="session-ended" className="mx-4 my-2">
      <h2 className="font-semibold text-bad">Signed out: the map no longer updates</h2>
      <p className="mt-1 text-sm">{SESSION_ENDED_TEXT}</p>
      <p className="mt-1 text-sm">
        <a href={signInHref(here, true)} className="underline">
          Sign in again
        </a>
      </p>
    </Notice>
  );
}
