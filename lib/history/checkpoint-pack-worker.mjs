/**
 * The checkpoint thread (started by checkpoint-packer.ts): compresses a checkpoint part's JSON
 * lines in blocks, and inflates the blocks a rebuild needs, so that this CPU work — and the
 * thousands of small zlib calls it takes — never holds the event loop that carries the
 * watch → cache → stream path.
 *
 * Contract (one message per part, answered with its `id`; on failure `{ id, error }`):
 * - `{ op: 'pack', lines, blockLines }` → `{ records, offsets }`: block 0 is `lines[0]` alone,
 *   raw-deflated; each later block is the next `blockLines` lines joined by newlines,
 *   raw-deflated with `lines[0]` as its preset dictionary; `records` is the blocks back to back
 *   in base64 and `offsets` each block's first byte and the end;
 * - `{ op: 'unpack', records, offsets, blockLines, wanted }` → `{ text }`: the lines `wanted`
 *   (ascending line numbers) of such a part, joined by newlines, inflating only their blocks.
 * Plain JavaScript: Node loads a thread's entry as it is, and the server build as its own chunk.
 */
import { parentPort } from 'node:worker_threads';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

function pack({ lines, blockLines }) {
  const dictionary = Buffer.from(lines[0] ?? '');
  const blocks = [deflateRawSync(dictionary)];
  for (let i = 1; i < lines.length; i += blockLines) {
    blocks.push(deflateRawSync(lines.slice(i, i + blockLines).join('\n'), { dictionary }));
  }
  const offsets = [0];
  for (const block of blocks) offsets.push(offsets[offsets.length - 1] + block.length);
  return { records: Buffer.concat(blocks).toString('base64'), offsets };
}

function unpack({ records, offsets, blockLines, wanted }) {
  const bytes = Buffer.from(records, 'base64');
  const block = (k, options) => inflateRawSync(bytes.subarray(offsets[k], offsets[k + 1]), options);
  const dictionary = block(0, {});
  const out = [];
  let open = -1;
  let lines = [];
  for (const i of wanted) {
    if (i === 0) {
      out.push(dictionary.toString('utf8'));
      continue;
    }
    const k = 1 + Math.floor((i - 1) / blockLines);
    if (k !== open) {
      lines = block(k, { dictionary }).toString('utf8').split('\n');
      open = k;
    }
    out.push(lines[(i - 1) % blockLines]);
  }
  return { text: out.join('\n') };
}

parentPort.on('message', (message) => {
  try {
    parentPort.postMessage({ id: message.id, ...(message.op === 'pack' ? pack : unpack)(message) });
  } catch (error) {
    parentPort.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
