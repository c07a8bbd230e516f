import 'server-only';
/**
 * The hub's fan-out: every open `/api/stream` as a client with its own bounded queue, the
 * resume buffer of recent frames, and the ids that tie them together.
 *
 * Contract:
 * - frames that change state get ids `<epoch>.<seq>`: `epoch` is random per process and `seq`
 *   increases; each frame is encoded once and the same bytes go to every client; the last frames
 *   are kept in a bounded buffer (frames and bytes) for `Last-Event-ID` resume. An id of another
 *   process (an earlier run, another replica behind the same Service) never resumes here — its
 *   numbers mean nothing to this one — and gets a fresh snapshot;
 * - `drain()` (SIGTERM): every client gets a `reconnect` frame (with `retry:`) and is closed, a
 *   snapshot being sent is cut at a frame boundary first; clients arriving later get the same at
 *   once;
 * - a resumed client gets the frames it missed, else a fresh `snapshot`, encoded once per
 *   sequence number and shared by every client starting from it (lib/k8s/shared-snapshot.ts:
 *   pieces encoded on demand, released once every reader is past them; a status broadcast
 *   starts a new one, so a snapshot never carries an older sync state than a frame sent since);
 * - each client has a bounded queue; one that overflows (a stalled tab) loses its queue and gets
 *   a fresh snapshot when it reads again, without ever blocking the fan-out to others;
 * - a client is released (no queue, no listener) as soon as it goes;
 * - bytes handed to clients, overflow resets and disconnects are counted (lib/ops/metrics.ts).
 */
import { randomBytes } from 'node:crypto';
import { opsMetrics } from '../ops/metrics';
import type { StreamEvent } from '../stream/protocol';
import { encodeStreamEvent } from '../stream/sse';
import { SharedSnapshot } from './shared-snapshot';

export interface FanoutOptions {
  /** The cluster's id: the `cluster` label of the stream metrics (lib/ops/metrics.ts). */
  cluster?: string;
  /** Resume buffer bounds. */
  bufferFrames?: number;
  bufferBytes?: number;
  /** Per-client queue bounds (default 1,000 frames or 4 MiB: a stalled tab costs no more). */
  clientQueueFrames?: number;
  clientQueueBytes?: number;
  /** Bytes a client's ReadableStream buffers before the hub's own queue takes over. */
  streamHighWaterMark?: number;
  /** Most snapshot bytes held ahead of the slowest reader of a shared snapshot (16 MiB). */
  snapshotHeldBytes?: number;
}

export interface Subscription {
  stream: ReadableStream<Uint8Array>;
  /** Whether the stream resumed from the buffer (true) or starts with a snapshot. */
  resumed: boolean;
  close(): void;
  /**
   * Hand this stream to another fan-out (the viewer's scope changed): it starts again from that
   * one's snapshot; nothing queued for it here is sent. False once the stream is closed.
   */
  moveTo(target: Fanout): boolean;
}

/** The snapshot pieces a new or reset client starts from, with the id they stand at. */
export type SnapshotSource = (id: string) => Iterator<string>;

interface BufferedFrame {
  seq: number;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

class Client {
  queue: Uint8Array[] = [];
  queuedBytes = 0;
  /** The snapshot this client is reading, if it is in the middle of one. */
  snap: SharedSnapshot | undefined;
  closed = false;
  controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  constructor(
    public needsSnapshot: boolean,
    /** The fan-out this client is fed by (it changes when its viewer's scope does). */
    public owner: Fanout,
  ) {}
}

export class Fanout {
  private readonly clients = new Set<Client>();
  private readonly buffer: BufferedFrame[] = [];
  private bufferBytes = 0;
  private seq = 0;
  private readonly epoch = randomBytes(6).toString('hex');
  /** Set once draining: what every client, present or new, gets before its stream closes. */
  private drainBytes: Uint8Array | undefined;
  /** The snapshot new readers join while the sequence number stays where it is. */
  private shared: SharedSnapshot | undefined;
  resets = 0;
  /** Snapshot encodings started (one per sequence number however many clients read it). */
  snapshotsEncoded = 0;
  framesSent = 0;

  constructor(
    private readonly opts: FanoutOptions,
    private readonly snapshot: SnapshotSource,
    /**
     * Sends the changes the cache already has but has not yet published (the coalescer's), so a
     * snapshot taken now stands exactly at its sequence number: a later frame's patch then
     * applies to the version the snapshot carries.
     */
    private readonly settle: () => void = () => undefined,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** The sequence number of the last frame (increases by one per frame or new window). */
  get lastId(): string {
    return String(this.seq);
  }

  private idOf(seq: number): string {
    return `${this.epoch}.${seq}`;
  }

  get bufferedFrames(): number {
    return this.buffer.length;
  }

  /** A state-changing frame: numbered, kept for resume, sent to every client. */
  publish(event: StreamEvent): void {
    this.retireShared();
    const seq = ++this.seq;
    const bytes = encoder.encode(encodeStreamEvent(event, this.idOf(seq)));
    this.buffer.push({ seq, bytes });
    this.bufferBytes += bytes.byteLength;
    const maxFrames = this.opts.bufferFrames ?? 10_000;
    const maxBytes = this.opts.bufferBytes ?? 32 * 1024 * 1024;
    while (
      this.buffer.length > maxFrames ||
      (this.bufferBytes > maxBytes && this.buffer.length > 1)
    ) {
      this.bufferBytes -= this.buffer.shift()!.bytes.byteLength;
    }
    for (const c of this.clients) this.send(c, bytes);
  }

  /** Forget the resume buffer and start a new id window: older ids get a fresh snapshot. */
  newWindow(): void {
    this.retireShared();
    this.buffer.length = 0;
    this.bufferBytes = 0;
    this.seq++;
  }

  /**
   * Every client starts again from a fresh snapshot, and older ids stop resuming: what the
   * snapshot describes beyond the records (the cluster's description) changed. A snapshot being
   * sent is finished first, so no frame is cut.
   */
  resnapshotAll(): void {
    this.newWindow();
    for (const c of this.clients) {
      c.queue = [];
      c.queuedBytes = 0;
      c.needsSnapshot = true;
      this.pump(c);
    }
  }

  /** A frame without an id (status), to every client. */
  broadcast(bytes: Uint8Array): void {
    // A snapshot started before this status would carry the older sync state to later joiners.
    this.retireShared();
    for (const c of this.clients) this.send(c, bytes);
  }

  /** A keep-alive, only to clients with nothing else on the way. */
  heartbeat(bytes: Uint8Array): void {
    for (const c of this.clients) {
      if (c.queue.length === 0 && !c.snap) this.send(c, bytes);
    }
  }

  /** Tell every client to reconnect elsewhere and close it; later clients get the same. */
  drain(reconnect: Uint8Array): void {
    this.drainBytes = reconnect;
    for (const c of [...this.clients]) {
      const controller = c.controller;
      try {
        // A snapshot cut mid-frame ends as one malformed frame the browser drops.
        if (c.snap) controller?.enqueue(encoder.encode('\n\n'));
        controller?.enqueue(reconnect);
      } catch {
        // Already closed by the client.
      }
      this.release(c, true, 'server');
    }
  }

  /** A new client: the frames after `lastEventId` then `status`, or a snapshot. */
  subscribe(lastEventId: string | null | undefined, status: () => Uint8Array): Subscription {
    const draining = this.drainBytes;
    if (draining) {
      const stream = new ReadableStream<Uint8Array>({
        start: (controller) => {
          controller.enqueue(draining);
          controller.close();
        },
      });
      return { stream, resumed: false, close: () => undefined, moveTo: () => false };
    }
    const replay = this.framesAfter(lastEventId);
    const client = new Client(replay === undefined, this);
    this.clients.add(client);
    if (replay) {
      for (const f of replay) this.enqueue(client, f.bytes);
      this.enqueue(client, status());
    }
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          client.controller = controller;
          controller.enqueue(encoder.encode('retry: 1000\n: open\n\n'));
        },
        pull: () => client.owner.pump(client),
        cancel: () => client.owner.release(client, false),
      },
      {
        highWaterMark: this.opts.streamHighWaterMark ?? 64 * 1024,
        size: (chunk) => chunk.byteLength,
      },
    );
    // `close` is how the route lets go when the request aborts: the client went.
    return {
      stream,
      resumed: replay !== undefined,
      close: () => client.owner.release(client, true, 'client'),
      moveTo: (target) => client.owner.handOver(client, target),
    };
  }

  private handOver(client: Client, target: Fanout): boolean {
    if (client.closed) return false;
    if (target === this) return true;
    this.clients.delete(client);
    if (client.snap) {
      // A snapshot cut mid-frame ends as one malformed frame the browser drops.
      try {
        client.controller?.enqueue(encoder.encode('\n\n'));
      } catch {
        // Already closed by the client; released below on its next pull.
      }
    }
    client.snap?.leave(client);
    client.snap = undefined;
    client.queue = [];
    client.queuedBytes = 0;
    client.needsSnapshot = true;
    client.owner = target;
    if (target.drainBytes) {
      try {
        client.controller?.enqueue(target.drainBytes);
      } catch {
        // Already closed by the client.
      }
      target.release(client, true, 'server');
      return false;
    }
    target.clients.add(client);
    target.pump(client);
    return true;
  }

  closeAll(): void {
    for (const c of [...this.clients]) this.release(c, true, 'server');
  }

  /** Frames after `lastEventId` if the buffer still holds all of them, else undefined. */
  private framesAfter(lastEventId: string | null | undefined): BufferedFrame[] | undefined {
    const match = lastEventId ? /^([0-9a-f]+)\.(\d+)$/.exec(lastEventId) : null;
    if (!match || match[1] !== this.epoch) return undefined;
    const last = Number(match[2]);
    if (!Number.isSafeInteger(last) || last > this.seq) return undefined;
    if (last === this.seq) return [];
    const first = this.buffer[0];
    if (!first || first.seq > last + 1) return undefined;
    return this.buffer.filter((f) => f.seq > last);
  }

  private send(client: Client, bytes: Uint8Array): void {
    if (client.closed || client.needsSnapshot) return;
    this.enqueue(client, bytes);
  }

  private enqueue(client: Client, bytes: Uint8Array): void {
    client.queue.push(bytes);
    client.queuedBytes += bytes.byteLength;
    if (
      client.queue.length > (this.opts.clientQueueFrames ?? 1000) ||
      client.queuedBytes > (this.opts.clientQueueBytes ?? 4 * 1024 * 1024)
    ) {
      // A stalled client: drop what it missed; it gets a fresh snapshot when it reads again.
      client.queue = [];
      client.queuedBytes = 0;
      client.needsSnapshot = true;
      this.resets++;
      opsMetrics().sseResets.inc({ cluster: this.opts.cluster ?? '' });
      return;
    }
    this.pump(client);
  }

  pump(client: Client): void {
    const c = client.controller;
    if (!c || client.closed) return;
    try {
      while ((c.desiredSize ?? 0) > 0) {
        if (!client.snap && client.needsSnapshot) {
          // Frames this publishes skip this client (it still needs its snapshot).
          this.settle();
          if (client.closed || client.owner !== this) return;
          client.needsSnapshot = false;
          client.snap = this.joinSnapshot(client);
        }
        if (client.snap) {
          const piece = client.snap.next(client);
          if (piece === 'done') client.snap = undefined;
          else if (piece === 'behind') this.fellBehind(client);
          else {
            c.enqueue(piece);
            this.framesSent++;
            opsMetrics().sseTextBytes.inc({ cluster: this.opts.cluster ?? '' }, piece.byteLength);
          }
          continue;
        }
        const bytes = client.queue.shift();
        if (!bytes) break;
        client.queuedBytes -= bytes.byteLength;
        c.enqueue(bytes);
        this.framesSent++;
        opsMetrics().sseTextBytes.inc({ cluster: this.opts.cluster ?? '' }, bytes.byteLength);
      }
    } catch {
      // The stream was closed under us (the client went): release it.
      this.release(client, false);
    }
  }

  /** The shared snapshot at this sequence number, joined (a new one when none can be). */
  private joinSnapshot(client: Client): SharedSnapshot {
    if (!this.shared?.joinable || this.shared.seq !== this.seq) {
      this.retireShared();
      this.shared = new SharedSnapshot(
        this.seq,
        this.snapshot(this.idOf(this.seq)),
        this.opts.snapshotHeldBytes,
      );
      this.snapshotsEncoded++;
    }
    this.shared.join(client);
    return this.shared;
  }

  private retireShared(): void {
    this.shared?.retire();
    this.shared = undefined;
  }

  /**
   * The client fell so far behind the others reading its snapshot that it was dropped from it:
   * its frame is cut, what it queued is stale, and it starts again from a fresh snapshot.
   */
  private fellBehind(client: Client): void {
    client.snap = undefined;
    client.controller?.enqueue(encoder.encode('\n\n'));
    client.queue = [];
    client.queuedBytes = 0;
    client.needsSnapshot = true;
    this.resets++;
    opsMetrics().sseResets.inc({ cluster: this.opts.cluster ?? '' });
  }

  release(client: Client, closeStream: boolean, by: 'client' | 'server' = 'client'): void {
    if (client.closed) return;
    client.closed = true;
    opsMetrics().sseDisconnects.inc({ cluster: this.opts.cluster ?? '', by });
    client.queue = [];
    client.queuedBytes = 0;
    client.snap?.leave(client);
    client.snap = undefined;
    this.clients.delete(client);
    if (closeStream) {
      try {
        client.controller?.close();
      } catch {
        // Already closed or errored.
      }
    }
    client.controller = undefined;
  }
}
