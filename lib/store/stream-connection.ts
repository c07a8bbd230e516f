/**
 * The browser end of `GET /api/stream` (lib/stream/protocol.ts): one EventSource per tab whose
 * events go into the record store's per-frame queue.
 *
 * Contract: `connectStream(store, url)` returns a `close()`. EventSource resumes by itself with
 * Last-Event-ID after a dropped connection; if the browser gives up (readyState CLOSED, e.g. the
 * dashboard server was down and answered with an error), we open a new one with jittered backoff.
 * The stream's own health is reported to the store (`setStreamStatus`) so the page can say
 * "reconnecting" even when the server cannot send a `status` event. A `reconnect` frame (the
 * server drains before it exits) closes this stream and opens a new one within `retry:`, spread
 * so a replica's tabs do not all arrive at once; wherever it lands it starts with a snapshot.
 */
import { RECONNECT_RETRY_MS, type StreamEvent } from '../stream/protocol';
import type { RecordStore } from './record-store';

const EVENT_TYPES = ['snapshot', 'upsert', 'delete', 'status'] as const;

export function connectStream(store: RecordStore, url = '/api/stream'): () => void {
  let source: EventSource | null = null;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const open = () => {
    if (closed) return;
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      attempt = 0;
      store.setStreamStatus({ state: 'open' });
    };
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (message) => {
        let event: StreamEvent;
        try {
          event = { type, ...JSON.parse((message as MessageEvent<string>).data) } as StreamEvent;
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
      retryTimer = setTimeout(open, RECONNECT_RETRY_MS * Math.random());
    });
    es.onerror = () => {
      const prev = store.getState().stream;
      store.setStreamStatus({
        state: 'error',
        downSince:
          prev.state === 'error' && prev.downSince ? prev.downSince : new Date().toISOString(),
      });
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        const delay = Math.min(30_000, 800 * 2 ** attempt) * (0.5 + Math.random() / 2);
        attempt++;
        retryTimer = setTimeout(open, delay);
      }
    };
  };
  open();

  return () => {
    closed = true;
    clearTimeout(retryTimer);
    source?.close();
  };
}
