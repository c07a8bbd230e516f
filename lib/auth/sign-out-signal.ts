/**
 * "This browser signed out", told to its other tabs and to their maps' stream workers. A session
 * is a cookie with no store on the server, so when one tab signs out the server cannot end the
 * streams other tabs hold open: they would go on showing the person's map, live, until something
 * reconnected them. The tab that signs out says so here; each open stream then asks the server
 * again, which refuses it (401: the cookie is gone), and its page says it was signed out.
 *
 * Contract: isomorphic (pages and Web Workers); does nothing where BroadcastChannel does not
 * exist. The channel is this origin's only. A listener is not told of its own page's message.
 */

const CHANNEL = 'switchboard.session';
const SIGNED_OUT = 'signed-out';

export function announceSignedOut(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: SIGNED_OUT });
  channel.close();
}

/** Calls `listener` whenever another tab of this browser signs out; returns the unsubscribe. */
export function onSignedOut(listener: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (message: MessageEvent<unknown>) => {
    const data = message.data as { type?: unknown } | null;
    if (data?.type === SIGNED_OUT) listener();
  };
  return () => channel.close();
}
