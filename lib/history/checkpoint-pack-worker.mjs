/**
 * The checkpoint packer's own thread (started by checkpoint-packer.ts): compresses a checkpoint
 * part's JSON lines in blocks, so that this CPU work — and the thousands of small zlib calls it
 * takes — never holds the event loop that carries the watch → cache → stream path.
 *
 * Contract (one message per part): `{ id, lines, blockLines }` → `{ id, records, offsets }`:
 * block 0 is `lines[0]` alone, raw-deflated; each later block is the next `blockLines` lines
 * joined by newlines, raw-deflated with `lines[0]` as its preset dictionary; `records` is the
 * blocks back to back in base64 and `offsets` each block's first byte and the end. On failure
 * `{ id, error }` with the message. Plain JavaScript: Node loads a thread's entry as it is, and
 * the server build as its own chunk.
 */
import { parentPort } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';

parentPort.on('message', ({ id, lines, blockLines }) => {
  try {
    const dictionary = Buffer.from(lines[0] ?? '');
    const blocks = [deflateRawSync(dictionary)];
    for (let i = 1; i < lines.length; i += blockLines) {
      blocks.push(deflateRawSync(lines.slice(i, i + blockLines).join('\n'), { dictionary }));
    }
    const offsets = [0];
    for (const block of blocks) offsets.push(offsets[offsets.length - 1] + block.length);
    parentPort.postMessage({ id, records: Buffer.concat(blocks).toString('base64'), offsets });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
