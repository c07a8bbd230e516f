/**
 * The browser end of `GET /api/stream` (lib/stream/protocol.ts): one EventSource per tab whose
 * events go into the record store's per-frame queue. The EventSource is read through `fetch`
 * (fetch-event-source.ts: the same behaviour, a big snapshot sooner).
 *
 * Contract: `connectStream(store, url, open?)` returns a `close()`; `open` makes each EventSource
 * (FetchEventSource by default). EventSource resumes by itself with
 * Last-Event-ID after a dropped connection; if the browser gives up (readyState CLOSED, e.g. the
 * dashboard server was down and answered with an error), we open a new one with jittered backoff.
 * The stream's own health is reported to the store (`setStreamStatus`) so the page can say
 * "reconnecting" even when the server cannot send a `status` event. A `reconnect` frame (the
 * server drains before it exits) closes this stream and opens a new one within `retry:`, spread
 * so a replica's tabs do not all arrive at once; wherever it lands it starts with a snapshot.
 * The stream asks for protocol version 2. When the store could not apply a patch (`resync`: a
 * frame was missed), a new EventSource is opened — a new one sends no Last-Event-ID, so it
 * starts with a fresh snapshot. A `protocol` frame (the server does not speak this version)
 * closes the stream for good: the `status` before it says to reload, and the page shows it.
 * When the browser gives up, the status of the answer is learnt first (stream-refusal.ts): a
 * 401 or 403 — the person's session ended, or the cluster no longer accepts their token — would
 * be refused on every retry, so the stream stops for good and the store says `refused` with the
 * server's words (the page shows the sign-in or forbidden message it shows on load); a network
 * error or a 5xx is retried as before. When another tab of this browser signs out
 * (lib/auth/sign-out-signal.ts) the open stream is closed and its answer learnt the same way:
 * the server cannot end it, as the session lives only in the cookie that tab cleared.
 */
import { apiPath, type ClusterRef } from '../api/paths';
import { onSignedOut } from '../auth/sign-out-signal';
import { RECONNECT_RETRY_MS, STREAM_PROTOCOL_VERSION, type StreamEvent } from '../stream/protocol';
import { CLOSED, FetchEventSource, type EventStream } from './fetch-event-source';
import type { RecordStore } from './record-store';
import { learnRefusal } from './stream-refusal';

const EVENT_TYPES = ['snapshot', 'delta', 'upsert', 'delete', 'status'] as const;

/** The stream of one cluster (lib/api/paths.ts); `STREAM_URL` is the first cluster's. */
export const streamUrl = (cluster: ClusterRef) =>
  apiPath(cluster, `/stream?v=${STREAM_PROTOCOL_VERSION}`);

export const STREAM_URL = streamUrl(null);

export function connectStream(
  store: RecordStore,
  url = STREAM_URL,
  open: (url: string) => EventStream = (at) => new FetchEventSource(at),
): () => void {
  let source: EventStream | null = null;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  // A patch did not fit: replace the stream once per occurrence (the snapshot clears the flag).
  let resyncing = false;
  const unsubscribe = store.subscribe(() => {
    const resync = store.getState().resync;
    const start = resync && !resyncing;
    resyncing = resync;
    if (!start || closed) return;
    source?.close();
    clearTimeout(retryTimer);
    connect();
  });

  const markDown = () => {
    const prev = store.getState().stream;
    store.setStreamStatus({
      state: 'error',
      downSince:
        prev.state === 'error' && prev.downSince ? prev.downSince : new Date().toISOString(),
    });
  };

  const connect = () => {
    if (closed) return;
    const es = open(url);
    source = es;
    es.onopen = () => {
      attempt = 0;
      store.setStreamStatus({ state: 'open' });
    };
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (message) => {
        let event: StreamEvent;
        try {
          event = { type, ...JSON.parse(message.data) } as StreamEvent;
        } catch {
          return; // a malformed frame is dropped; the next snapshot/delta repairs the picture
        }
        if (type !== 'status') store.setStreamStatus({ state: 'open' });
        store.push(event);
      });
    }
    es.addEventListener('reconnect', () => {
      es.close();
      if (source === es) source = null;
      retryTimer = setTimeout(connect, RECONNECT_RETRY_MS * Math.random());
    });
    es.addEventListener('protocol', () => {
      // This page cannot follow the server any more; the status frame before this said so.
      es.close();
      if (source === es) source = null;
      store.flush();
      markDown();
    });
    es.onerror = () => {
      markDown();
      if (es.readyState === CLOSED) gaveUp(es);
    };
  };

  /** `es` is closed for good: stop when the server refuses the person, else retry with backoff. */
  const gaveUp = (es: EventStream) => {
    es.close();
    void learnRefusal(url).then((refusal) => {
      // Closed meanwhile, or replaced (a resync opened another): this one has no say.
      if (closed || source !== es) return;
      if (refusal) {
        source = null;
        const { downSince } = store.getState().stream;
        store.setStreamStatus({
          state: 'refused',
          refusal,
          ...(downSince ? { downSince } : {}),
        });
        return;
      }
      const delay = Math.min(30_000, 800 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt++;
      retryTimer = setTimeout(connect, delay);
    });
  };

  const stopListening = onSignedOut(() => {
    if (closed || !source) return;
    markDown();
    gaveUp(source);
  });
  connect();

  return () => {
    closed = true;
    stopListening();
    unsubscribe();
    clearTimeout(retryTimer);
    source?.close();
  };
}
