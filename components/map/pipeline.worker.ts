/**
 * The map's dedicated Web Worker: runs the pipeline (lib/worker/pipeline.ts) off the main thread,
 * with the stream (EventSource works in a dedicated worker, so the JSON parsing happens here too)
 * and the server's DNS answers feeding its record store. The page (pipeline-connection.ts) starts
 * it with the server's first snapshot and its view, then sends view changes and pause/resume;
 * every pipeline update goes back as one message, its position buffer transferred.
 */
import { connectDnsAnswers } from '@/lib/store/dns-answers';
import { createRecordSelectors } from '@/lib/store/selectors';
import { connectStream } from '@/lib/store/stream-connection';
import { createPipeline, type Pipeline } from '@/lib/worker/pipeline';
import { connectionView } from './connection-view';
import type { PipelineCommand } from './pipeline-connection';

/** Batches arrive per ~frame; a worker has no frames of its own to wait for. */
const timerScheduler = (callback: () => void) => {
  const timer = setTimeout(callback, 16);
  return () => clearTimeout(timer);
};

const scope = globalThis as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<PipelineCommand>) => void) | null;
};

let pipeline: Pipeline | null = null;
let closers: (() => void)[] = [];

scope.onmessage = ({ data: command }) => {
  if (command.type === 'start') {
    for (const close of closers) close();
    pipeline = createPipeline(
      command.initial,
      command.view,
      (update, transfer) => scope.postMessage(update, transfer),
      {
        schedule: timerScheduler,
        isLive: (s) => connectionView(s.sync, s.stream).state === 'live',
      },
    );
    closers = [
      pipeline.close,
      connectStream(pipeline.store),
      connectDnsAnswers(pipeline.store, createRecordSelectors().externalNameKey),
    ];
  } else if (command.type === 'view') pipeline?.setView(command.view);
  else if (command.type === 'paused') pipeline?.setPaused(command.paused);
};
