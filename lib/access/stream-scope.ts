import 'server-only';
/**
 * An open stream follows its viewer's rights: every `recheckMs` (lib/access/settings.ts) the
 * scope is asked for again (cheap while cached), and a changed scope moves the stream to that
 * scope's frames with a fresh snapshot (Hub.rescope). A RoleBinding added or removed therefore
 * shows on an open stream within the access bound.
 *
 * Contract: nothing is checked for the dashboard acting as itself; the timer stops when the
 * stream closes (the returned function, or a failed move); a failing check keeps the last scope
 * (the resolver itself denies what it could not check).
 */
import type { Viewer } from '../auth/viewer';
import type { Hub, Subscription } from '../k8s/hub';
import type { AccessScope } from './scope';
import { accessSettings, scopeOf } from './server';

export function keepScopeCurrent(
  hub: Hub,
  subscription: Subscription,
  viewer: Viewer,
  initial: AccessScope,
  options: { recheckMs?: number; scopeOf?: (viewer: Viewer) => Promise<AccessScope> } = {},
): () => void {
  if (viewer.mode === 'none') return () => undefined;
  const ask = options.scopeOf ?? scopeOf;
  let current = initial;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    ask(viewer)
      .then((scope) => {
        if (scope.key === current.key) return;
        current = scope;
        if (!hub.rescope(subscription, scope)) clearInterval(timer);
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, options.recheckMs ?? accessSettings().recheckMs);
  timer.unref();
  return () => clearInterval(timer);
}
