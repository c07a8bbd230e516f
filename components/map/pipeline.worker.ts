/**
 * The map's dedicated Web Worker: runs the pipeline off the main thread (pipeline-runner.ts),
 * with the stream (EventSource works in a dedicated worker, so the JSON parsing happens here too),
 * or in history mode the records of a past instant, and the server's DNS answers feeding its
 * record store. The page (pipeline-connection.ts) starts it with the server's first snapshot and
 * its view, then sends view changes, pause/resume, and word of each update painted; every
 * pipeline update goes back as one message, its position buffer transferred, a big drawing's
 * nodes, edges and outline in the wire form of lib/worker/update-wire.ts.
 */
import type { PipelineCommand } from './pipeline-connection';
import { pacedScheduler } from '@/lib/worker/paced-scheduler';
import type { PipelineUpdate } from '@/lib/worker/pipeline';
import { pack, wireTransferables, type WorkerMessage } from '@/lib/worker/update-wire';
import { runPipeline, type PipelineControl } from './pipeline-runner';

/**
 * Batches are applied a few milliseconds after their first event, and not while the page is
 * still painting the last update (lib/worker/paced-scheduler.ts).
 */
const pace = pacedScheduler();

const scope = globalThis as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<PipelineCommand>) => void) | null;
};

let pipeline: PipelineControl | null = null;

/**
 * The rest of a big first picture, encoded as soon as it is made: the page decodes and paints
 * the top meanwhile, and this thread would otherwise wait for its word idle, then encode.
 */
const packedAhead = new WeakMap<PipelineUpdate, WorkerMessage>();

scope.onmessage = ({ data: command }) => {
  if (command.type === 'start') {
    pipeline?.close();
    pipeline = runPipeline(
      command.cluster,
      command.initial,
      command.view,
      (update, transfer) => {
        pace.posted();
        const message = packedAhead.get(update) ?? pack(update);
        scope.postMessage(message, [...transfer, ...wireTransferables(message)]);
      },
      pace,
      (update) => packedAhead.set(update, pack(update)),
    );
  } else if (command.type === 'view') pipeline?.setView(command.view);
  else if (command.type === 'paused') pipeline?.setPaused(command.paused);
  else if (command.type === 'painted') pace.painted();
};
