import 'server-only';
/**
 * An open stream follows its viewer's rights: every `recheckMs` (lib/access/settings.ts) the
 * scope is asked for again (cheap while cached), and a changed scope moves the stream to that
 * scope's frames with a fresh snapshot (Hub.rescope). A RoleBinding added or removed therefore
 * shows on an open stream within the access bound.
 *
 * Contract: nothing is checked for the dashboard acting as itself; the timer stops when the
 * stream closes (the returned function, or a failed move); a failing check keeps the last scope
 * (the resolver itself denies what it could not check) — except a cluster that no longer signs
 * the person in (their token expired or was revoked there; lib/auth/cluster-viewer.ts): that
 * stream is closed, and the page's reconnect is answered with the problem that says so. With
 * token sign-in the cluster that named the person (their session's) is asked too, as each of
 * their requests asks it (lib/auth/request-viewer.ts): a stream opened before the token was
 * revoked would otherwise go on serving them, since only a new request is refused (401).
 */
import { isClusterSignInError } from '../auth/cluster-viewer';
import { tokenStillAccepted } from '../auth/request-viewer';
import type { Viewer } from '../auth/viewer';
import type { Hub, Subscription } from '../k8s/hub';
import type { AccessScope } from './scope';
import { accessSettings, scopeOf } from './server';

export function keepScopeCurrent(
  hub: Hub,
  subscription: Subscription,
  viewer: Viewer,
  initial: AccessScope,
  options: {
    recheckMs?: number;
    scopeOf?: (viewer: Viewer) => Promise<AccessScope>;
    tokenStillAccepted?: typeof tokenStillAccepted;
  } = {},
): () => void {
  if (viewer.mode === 'none') return () => undefined;
  const ask = options.scopeOf ?? scopeOf;
  const accepted = options.tokenStillAccepted ?? tokenStillAccepted;
  let current = initial;
  let busy = false;
  const end = () => {
    clearInterval(timer);
    subscription.close();
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    // Only a refusal ends it: a cluster that cannot answer the review now keeps the stream.
    const signedIn =
      viewer.mode === 'token' ? accepted(viewer).catch(() => true) : Promise.resolve(true);
    signedIn
      .then((stillSignedIn) => {
        if (!stillSignedIn) {
          end();
          return;
        }
        return ask(viewer).then((scope) => {
          if (scope.key === current.key) return;
          current = scope;
          if (!hub.rescope(subscription, scope)) clearInterval(timer);
        });
      })
      .catch((error: unknown) => {
        if (isClusterSignInError(error) && error.problem.status === 403) end();
      })
      .finally(() => {
        busy = false;
      });
  }, options.recheckMs ?? accessSettings().recheckMs);
  timer.unref();
  return () => clearInterval(timer);
}
