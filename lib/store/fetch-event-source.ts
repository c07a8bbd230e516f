/**
 * The browser's EventSource, read through `fetch`: what the map's stream (stream-connection.ts)
 * opens, in the map's worker or on the page.
 *
 * Why: a big cluster's first snapshot is one event of tens of megabytes (27.5 MB of JSON at
 * `large:25000`). Chromium's own EventSource handed it to the worker 300–650 ms later than
 * `fetch` and a `TextDecoder` over the same gzip-compressed bytes (660–1,050 ms against
 * 360–390 ms, a plain worker reading a Node server: bench/README.md), time the first picture
 * waited for. The parsing is lib/stream/sse.ts's (eventsource-parser's), which joins a line that
 * spans many chunks once, when it ends.
 *
 * Contract: the part of EventSource (WHATWG HTML, "Server-sent events") that
 * stream-connection.ts uses, with the same behaviour:
 * - `new FetchEventSource(url)` connects at once (`readyState` CONNECTING), asking for
 *   `text/event-stream` with no cache, cookies sent as for the page's own origin;
 * - a 200 answer of type `text/event-stream` opens it (`readyState` OPEN, `onopen`); any other
 *   answer fails it for good (`readyState` CLOSED, `onerror`), as does an answer without a body;
 * - a network error, or the end of an open stream, re-establishes it: `readyState` CONNECTING,
 *   `onerror`, then after the reconnection time (3 s, or what the stream's last `retry:` said)
 *   the same request again, with `Last-Event-ID` when the stream has given an id;
 * - each event goes to the listeners of its type (`message` when it names none) as
 *   `{ data, lastEventId }`; a block with no `data:` line is not an event;
 * - `close()` ends it (`readyState` CLOSED): no event, open or error after that.
 */
import { SseParser } from '../stream/sse';

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 2;
export type ReadyState = typeof CONNECTING | typeof OPEN | typeof CLOSED;

/** What a listener is given: the parts of a MessageEvent the stream reads. */
export interface StreamMessage {
  data: string;
  lastEventId: string;
}

/** The EventSource surface the stream uses, met by FetchEventSource (and by test stand-ins). */
export interface EventStream {
  readonly readyState: ReadyState;
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  addEventListener(type: string, listener: (message: StreamMessage) => void): void;
  close(): void;
}

/** Chromium's default reconnection time, before the stream says otherwise with `retry:`. */
const DEFAULT_RETRY_MS = 3000;

const isEventStream = (response: Response) =>
  (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() ===
  'text/event-stream';

export class FetchEventSource implements EventStream {
  readyState: ReadyState = CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((message: StreamMessage) => void)[]>();
  private readonly abort = new AbortController();
  private lastEventId = '';
  private retryMs = DEFAULT_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly url: string) {
    void this.connect();
  }

  addEventListener(type: string, listener: (message: StreamMessage) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.readyState = CLOSED;
    clearTimeout(this.retryTimer);
    this.abort.abort();
  }

  private async connect() {
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
    };
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
    let response: Response;
    try {
      response = await fetch(this.url, {
        headers,
        cache: 'no-store',
        credentials: 'same-origin',
        signal: this.abort.signal,
      });
    } catch {
      this.reestablish();
      return;
    }
    if (this.readyState === CLOSED) return;
    if (response.status !== 200 || !isEventStream(response) || !response.body) {
      void response.body?.cancel().catch(() => undefined);
      this.fail();
      return;
    }
    this.readyState = OPEN;
    this.onopen?.();
    await this.read(response.body);
    this.reestablish();
  }

  /** Feeds the body to the parser until it ends, fails or this source is closed. */
  private async read(body: ReadableStream<Uint8Array>) {
    const parser = new SseParser(this.lastEventId);
    // Decoded as it comes, a character split across two chunks held until the next.
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.readyState === CLOSED) break;
        for (const { event, data, lastEventId } of parser.push(
          decoder.decode(value, { stream: true }),
        )) {
          for (const listener of this.listeners.get(event) ?? []) {
            // A listener may close it: nothing after that is dispatched.
            if (this.isClosed()) return;
            listener({ data, lastEventId });
          }
        }
        // An `id:` without data sets it too: a resumed stream starts after it.
        this.lastEventId = parser.lastEventId;
        if (parser.retry !== undefined) this.retryMs = parser.retry;
      }
    } catch {
      // A dropped connection or a closed source: either way the stream ends here.
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  }

  /** Read afresh, not narrowed: a listener or the page may have closed it meanwhile. */
  private isClosed() {
    return this.readyState === CLOSED;
  }

  private reestablish() {
    if (this.readyState === CLOSED) return;
    this.readyState = CONNECTING;
    this.onerror?.();
    // The error listener may have closed it.
    if (this.readyState !== CONNECTING) return;
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
  }

  private fail() {
    this.readyState = CLOSED;
    this.onerror?.();
  }
}
