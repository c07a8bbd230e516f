import 'server-only';
/**
 * Compressing a checkpoint part's lines in blocks (the layout checkpoint-parts.ts describes), and
 * inflating the lines a rebuild needs, on a thread of its own (checkpoint-pack-worker.mjs).
 *
 * Why a thread: a part of 2,000 lines is ~250 blocks, each its own zlib call. On the thread pool
 * (one async call per block) each call cost the event loop a stream object and a callback:
 * packing a 68,688-record checkpoint took 3–4× the CPU of gzipping whole parts and held the loop
 * for up to a second; inflating on the loop (one sync call per block) cost a rebuild about a
 * second at large:50000. Here the server's loop only posts text and parses the lines it gets.
 *
 * Contract: `packBlocks(lines)` resolves to the part's base64 `records` and its block `offsets`;
 * `unpackLines(part, wanted)` to the lines `wanted` (ascending) of such a part, in that order;
 * either rejects with the thread's error. The thread starts on first use, is shared by the
 * process, and keeps it alive only while a request is waiting; if it dies, waiting requests
 * reject and the next one starts a new thread.
 */
import { Worker } from 'node:worker_threads';

/** Lines per compressed block after the first (which is the part's first line, alone). */
export const BLOCK_LINES = 8;

interface Reply {
  id: number;
  records?: string;
  offsets?: number[];
  text?: string;
  error?: string;
}

interface Waiting {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

let thread: { worker: Worker; waiting: Map<number, Waiting> } | undefined;
let nextId = 1;

function start(): NonNullable<typeof thread> {
  const worker = new Worker(new URL('./checkpoint-pack-worker.mjs', import.meta.url), {
    name: 'switchboard-checkpoint-packer',
  });
  const started = { worker, waiting: new Map<number, Waiting>() };
  const fail = (error: Error) => {
    if (thread === started) thread = undefined;
    for (const waiting of started.waiting.values()) waiting.reject(error);
    started.waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const waiting = started.waiting.get(reply.id);
    if (!waiting) return;
    started.waiting.delete(reply.id);
    if (reply.error !== undefined) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
    if (started.waiting.size === 0) worker.unref();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the checkpoint packer stopped (exit code ${code})`)));
  return started;
}

function request(message: Record<string, unknown>): Promise<Reply> {
  thread ??= start();
  const { worker, waiting } = thread;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ ...message, id });
  });
}

export async function packBlocks(
  lines: readonly string[],
): Promise<{ records: string; offsets: number[] }> {
  const reply = await request({ op: 'pack', lines, blockLines: BLOCK_LINES });
  return { records: reply.records!, offsets: reply.offsets! };
}

/** A part in blocks as stored: its base64 `records`, block `offsets` and lines per block. */
export interface BlockPart {
  records: string;
  offsets: number[];
  lines: number;
}

export async function unpackLines(part: BlockPart, wanted: readonly number[]): Promise<string[]> {
  const reply = await request({
    op: 'unpack',
    records: part.records,
    offsets: part.offsets,
    blockLines: part.lines,
    wanted,
  });
  return reply.text!.split('\n');
}
