/**
 * Server-Sent Events framing: a pure encoder for the `/api/stream` wire format and a parser
 * (WHATWG "event stream interpretation") for the browser's stream, tests and benchmarks.
 *
 * Contract: frames are `id:` / `event:` / `data:` lines ending in a blank line, as
 * lib/stream/protocol.ts describes; event names and ids may not contain CR or LF (they would
 * split the frame), data containing newlines is spread over several `data:` lines. Big snapshots
 * are produced as a sequence of string pieces of one frame, so no single string ever holds the
 * whole cluster (a 150,000-pod snapshot would be hundreds of MiB). Isomorphic: the parser is what
 * the browser's stream reads with too (lib/store/fetch-event-source.ts).
 */
import { createParser } from 'eventsource-parser';
import {
  OUTDATED_PAGE_MESSAGE,
  RECONNECT_RETRY_MS,
  REFUSED_RETRY_MS,
  STREAM_PROTOCOL_VERSION,
  type ClusterInfo,
  type ProtocolRefusal,
  type ReconnectEvent,
  type StreamEvent,
  type SyncState,
} from './protocol';
import type { SlimRecord } from '../topology/records';

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  /** Reconnection time for EventSource, in ms. */
  retry?: number;
  comment?: string;
}

function assertSingleLine(what: string, value: string): void {
  if (/[\r\n]/.test(value))
    throw new Error(`SSE ${what} may not contain a newline: ${JSON.stringify(value)}`);
}

export function encodeSseFrame(frame: SseFrame): string {
  let out = '';
  if (frame.comment !== undefined) {
    for (const line of frame.comment.split(/\r\n|\r|\n/)) out += `: ${line}\n`;
  }
  if (frame.retry !== undefined) {
    if (!Number.isInteger(frame.retry) || frame.retry < 0)
      throw new Error('SSE retry must be a non-negative integer');
    out += `retry: ${frame.retry}\n`;
  }
  if (frame.id !== undefined) {
    assertSingleLine('id', frame.id);
    if (frame.id.includes('\0')) throw new Error('SSE id may not contain NUL');
    out += `id: ${frame.id}\n`;
  }
  if (frame.event !== undefined) {
    assertSingleLine('event name', frame.event);
    out += `event: ${frame.event}\n`;
  }
  if (frame.data !== undefined) {
    for (const line of frame.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  }
  return out + '\n';
}

/** One StreamEvent as one frame; `event:` is its type. */
export function encodeStreamEvent(event: StreamEvent, id?: string): string {
  return encodeSseFrame({ id, event: event.type, data: JSON.stringify(event) });
}

/** The drain's last frame: `retry:` for EventSource, then the `reconnect` event (no id). */
export function encodeReconnect(reason: string): string {
  const event: ReconnectEvent = { type: 'reconnect', reason };
  return encodeSseFrame({
    retry: RECONNECT_RETRY_MS,
    event: event.type,
    data: JSON.stringify(event),
  });
}

/**
 * The whole answer to a page that asked for another protocol version (lib/stream/protocol.ts):
 * a long `retry:`, a `status` saying to reload (a page from before version 2 shows its
 * `lastError`), and the `protocol` frame a page that knows it acts on. No id: nothing to resume.
 */
export function encodeRefusal(now = new Date()): string {
  const sync: SyncState = {
    kinds: {},
    connection: 'reconnecting',
    staleSince: now.toISOString(),
    lastError: OUTDATED_PAGE_MESSAGE,
  };
  const refusal: ProtocolRefusal = {
    type: 'protocol',
    version: STREAM_PROTOCOL_VERSION,
    message: OUTDATED_PAGE_MESSAGE,
  };
  return (
    encodeSseFrame({ retry: REFUSED_RETRY_MS }) +
    encodeStreamEvent({ type: 'status', sync }) +
    encodeSseFrame({ event: refusal.type, data: JSON.stringify(refusal) })
  );
}

export function encodeHeartbeat(): string {
  return ': hb\n\n';
}

/**
 * A snapshot frame as pieces: the head, records joined `perPiece` at a time, the tail. The
 * concatenation is exactly `encodeStreamEvent({type:'snapshot',…}, id)`.
 */
export function* encodeSnapshotPieces(
  cluster: ClusterInfo,
  sync: SyncState,
  records: readonly SlimRecord[],
  id: string | undefined,
  perPiece = 500,
): Generator<string> {
  const head = encodeSseFrame({ id, event: 'snapshot' }).slice(0, -1);
  yield `${head}data: {"type":"snapshot","cluster":${JSON.stringify(cluster)},"sync":${JSON.stringify(sync)},"records":[`;
  for (let i = 0; i < records.length; i += perPiece) {
    let piece = i === 0 ? '' : ',';
    const end = Math.min(records.length, i + perPiece);
    for (let j = i; j < end; j++) piece += (j > i ? ',' : '') + JSON.stringify(records[j]);
    yield piece;
  }
  yield ']}\n\n';
}

export interface SseMessage {
  /** The `event:` field, or 'message' when absent. */
  event: string;
  data: string;
  /** The last event id in effect when this message was dispatched. */
  lastEventId: string;
}

/**
 * Incremental event-stream parser; feed it text as it arrives. The interpretation is
 * eventsource-parser's, which joins a line that spans many pieces once, when it ends: a big
 * snapshot is one line of tens of megabytes, arriving in thousands of pieces.
 */
export class SseParser {
  /** Comments seen (heartbeats), counted for tests. */
  comments = 0;
  /** The last `retry:` the stream gave, in ms. */
  retry: number | undefined;
  private parsed: SseMessage[] = [];
  private readonly parser = createParser({
    onEvent: ({ event, data }) =>
      this.parsed.push({ event: event ?? 'message', data, lastEventId: this.lastEventId }),
    onId: (id) => {
      this.lastEventId = id;
    },
    onRetry: (ms) => {
      this.retry = ms;
    },
    onComment: () => {
      this.comments++;
    },
  });

  /**
   * `lastEventId`: the id in effect before this text (a stream resumed keeps its last one); then
   * the last `id:` seen, with or without data.
   */
  constructor(public lastEventId = '') {}

  /** The messages the text completes, in order. */
  push(text: string): SseMessage[] {
    this.parser.feed(text);
    const out = this.parsed;
    this.parsed = [];
    return out;
  }
}
