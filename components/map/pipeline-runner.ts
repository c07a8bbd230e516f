/**
 * The map's pipeline (lib/worker/pipeline.ts) with what feeds it, started the same way in the
 * Web Worker (pipeline.worker.ts) and on the page's own thread (pipeline-connection.ts): the
 * records come from the live stream or, in history mode, from one past instant
 * (lib/worker/records-source.ts), chosen by the view's URL parameters; the server's DNS answers
 * go to the store too.
 *
 * Contract: `runPipeline(cluster, initial, view, post, pace, prepare?)` reads one cluster's stream, records and
 * DNS answers (lib/api/paths.ts) and posts the pipeline's updates and the source's
 * history status (`{ history }`) through `post`; `setView` also moves between live and an
 * instant when the view's instant changed; `close` ends the stream, any load and the pipeline.
 */
import { shownInstant } from '@/lib/history-view/shown-instant';
import { connectDnsAnswers } from '@/lib/store/dns-answers';
import { createRecordSelectors } from '@/lib/store/selectors';
import { connectStream, streamUrl } from '@/lib/store/stream-connection';
import { apiPath, type ClusterRef } from '@/lib/api/paths';
import {
  createPipeline,
  type InitialPipelineData,
  type PipelineUpdate,
  type PipelineView,
  type Post,
} from '@/lib/worker/pipeline';
import type { PacedScheduler } from '@/lib/worker/paced-scheduler';
import { createRecordsSource, type RecordsSource } from '@/lib/worker/records-source';
import { connectionView } from './connection-view';

export interface PipelineControl {
  setView(view: PipelineView): void;
  setPaused(paused: boolean): void;
  close(): void;
}

/**
 * A first picture this big goes in two (lib/worker/first-screen.ts): the blocks in its first 200
 * rows (several screens at the zoom a tall map opens with), then the rest.
 */
const FIRST_SCREEN = { minNodes: 4000, rows: 200 };

export function runPipeline(
  cluster: ClusterRef,
  initial: InitialPipelineData,
  view: PipelineView,
  post: Post,
  pace: PacedScheduler,
  /** Sees the rest of a big first picture as soon as it is made (lib/worker/pipeline.ts). */
  prepare?: (update: PipelineUpdate) => void,
): PipelineControl {
  let source: RecordsSource | null = null;
  // Work that can wait: on the page's own thread, for an idle moment; in a worker (which has
  // none), until the page has painted what was posted, whose decoding and paint need the CPU.
  const whenIdle =
    typeof requestIdleCallback === 'function'
      ? (work: () => void) => void requestIdleCallback(work, { timeout: 5000 })
      : (work: () => void) => pace.afterPaint(work);
  const pipeline = createPipeline(initial, view, post, {
    schedule: pace.schedule,
    whenIdle,
    prepare,
    // A big cluster's first picture: a screenful first, the rest once that is painted.
    firstScreen: FIRST_SCREEN,
    // The whole map behind a top drawn first: in a worker at once, beside the page's paint; on
    // the page's own thread once the top is painted.
    ...(typeof requestIdleCallback === 'function' ? { drawWhole: whenIdle } : {}),
    // A past instant is not live: the problems' "since" is not read off this clock then.
    isLive: (s) => !source?.inHistory() && connectionView(s.sync, s.stream).state === 'live',
    // …and its problems are "already broken" at that instant, not at the viewer's clock; a
    // recorded snapshot's instant is its own.
    instant: () => source?.shown() ?? initial.cluster.snapshot?.at ?? null,
  });
  const records = createRecordsSource(pipeline.store, (history) => post({ history }, []), {
    connect: (store) => connectStream(store, streamUrl(cluster)),
    fetch: (input, init) => fetch(input, init),
    recordsUrl: apiPath(cluster, '/records'),
  });
  source = records;
  records.show(shownInstant(view.params));
  // DNS answers come while a big map's first picture is still being decoded and painted. They
  // change only ExternalName Services' diagnoses: applied once the maintained model is made (in
  // idle time after the picture), they cost those Services; applied before, a build of every
  // Service from scratch (about a second of the worker at 25k pods, beside the page's rest);
  // and, as any work that can wait, when the page is not painting.
  const closeDns = connectDnsAnswers(pipeline.store, createRecordSelectors().externalNameKey, {
    cluster,
    defer: (apply) => pipeline.whenPrepared(() => whenIdle(apply)),
  });
  return {
    setView(next) {
      pipeline.setView(next);
      records.show(shownInstant(next.params));
    },
    setPaused: pipeline.setPaused,
    close() {
      pipeline.close();
      records.close();
      closeDns();
    },
  };
}
