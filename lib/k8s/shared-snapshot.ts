import 'server-only';
/**
 * One snapshot encoding shared by every stream of a fan-out that starts from the same sequence
 * number (lib/k8s/fanout.ts): pieces are encoded once, on demand, as the fastest reader needs
 * them, and handed to every reader as the same bytes.
 *
 * Contract:
 * - a reader joins only while the first piece is still held (it must read the frame from its
 *   start); each reader has its own position; `next()` hands it its next piece, encoding one
 *   more only when it is the first to get that far;
 * - while the fan-out is still at this snapshot's sequence number, pieces are kept for readers
 *   joining later; once `retire()`d (the sequence moved on) no one joins, and every piece all
 *   remaining readers are past is released at once;
 * - a reader that leaves (done, reset, gone) no longer holds anything; with no reader left,
 *   everything is released (`idle`), the encoder included;
 * - at most `maxHeldBytes` are held ahead of the slowest reader: a reader that far behind is
 *   dropped (`next()` answers `'behind'`) and its fan-out sends it a fresh snapshot later, so a
 *   stalled tab never pins a whole cluster's encoding.
 */

const encoder = new TextEncoder();

export type SnapshotPiece = Uint8Array | 'done' | 'behind';

export class SharedSnapshot {
  private pieces: Uint8Array[] = [];
  /** Index (from the snapshot's start) of `pieces[0]`. */
  private first = 0;
  private heldBytes = 0;
  private finished = false;
  private retired = false;
  private source: Iterator<string> | undefined;
  private readonly readers = new Map<object, number>();

  constructor(
    /** The fan-out's sequence number this snapshot stands at. */
    readonly seq: number,
    source: Iterator<string>,
    // 16 MiB (about 1.8 MiB of gzip on the wire): with 64, 50 tabs starting together at 150,000
    // pods held all of it at the server's peak; with 16 the peak was 34 MiB lower and the same
    // one tab of the 50 fell behind (bench/server-memory.ts).
    private readonly maxHeldBytes = 16 * 1024 * 1024,
  ) {
    this.source = source;
  }

  /** A new reader may start here: the first piece is still held and the sequence has not moved. */
  get joinable(): boolean {
    return !this.retired && this.first === 0 && !this.idle;
  }

  /** Nobody reads it any more: it holds nothing. */
  get idle(): boolean {
    return this.readers.size === 0 && this.pieces.length === 0 && !this.source;
  }

  get readerCount(): number {
    return this.readers.size;
  }

  get bytesHeld(): number {
    return this.heldBytes;
  }

  join(reader: object): void {
    if (this.first !== 0) throw new Error('a snapshot can only be joined from its first piece');
    this.readers.set(reader, 0);
  }

  /** The reader's next piece; `'done'` at the end (it has left), `'behind'` if dropped. */
  next(reader: object): SnapshotPiece {
    const at = this.readers.get(reader);
    if (at === undefined) return 'behind';
    let piece = this.pieces[at - this.first];
    if (!piece) {
      if (this.finished || !this.source) {
        this.leave(reader);
        return 'done';
      }
      const next = this.source.next();
      if (next.done) {
        this.finished = true;
        this.source = undefined;
        this.leave(reader);
        return 'done';
      }
      piece = encoder.encode(next.value);
      this.pieces.push(piece);
      this.heldBytes += piece.byteLength;
    }
    this.readers.set(reader, at + 1);
    if (this.heldBytes > this.maxHeldBytes) this.dropSlowest(reader);
    if (this.retired) this.trim();
    return piece;
  }

  leave(reader: object): void {
    if (!this.readers.delete(reader)) return;
    if (this.readers.size === 0) this.release();
    else if (this.retired) this.trim();
  }

  /** The fan-out's sequence moved on: nobody joins any more, and read pieces go. */
  retire(): void {
    this.retired = true;
    if (this.readers.size === 0) this.release();
    else this.trim();
  }

  private release(): void {
    this.pieces = [];
    this.heldBytes = 0;
    this.source = undefined;
    this.retired = true;
  }

  /** Drops the readers furthest behind `keep` until what is held fits again. */
  private dropSlowest(keep: object): void {
    this.retired = true; // its start is about to go: nobody can join any more
    while (this.heldBytes > this.maxHeldBytes && this.readers.size > 1) {
      let slowest: object | undefined;
      let min = Infinity;
      for (const [r, at] of this.readers) {
        if (r !== keep && at < min) {
          min = at;
          slowest = r;
        }
      }
      if (!slowest) break;
      this.readers.delete(slowest);
      this.trim();
    }
  }

  /** Releases every piece all readers are past. */
  private trim(): void {
    let min = Infinity;
    for (const at of this.readers.values()) min = Math.min(min, at);
    if (!Number.isFinite(min)) return;
    while (this.first < min && this.pieces.length > 0) {
      this.heldBytes -= this.pieces.shift()!.byteLength;
      this.first++;
    }
  }
}
