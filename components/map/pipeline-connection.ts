/**
 * Connects the page to the map's pipeline (lib/worker/pipeline.ts): in a dedicated Web Worker
 * (pipeline.worker.ts) where the browser allows one, else on the main thread (a CSP that forbids
 * workers, or a worker that fails to start) — the same pipeline either way. Its updates go into
 * the page's mirror (lib/worker/mirror.ts, `stores.mirror`); the UI state the drawing depends on
 * (filters, selection, expanded groups, replay, re-fit) goes to it whenever it changes.
 *
 * Contract: `connectPipeline(stores)` returns one cleanup that ends the worker (or the in-page
 * pipeline with its stream and DNS connections); meanwhile `stores.pipeline.current` takes pause
 * and resume. An update counts as painted (what paces the pipeline) in the frame after the page
 * has committed it (`stores.shown`): React renders it as a transition, after the task that
 * brought it.
 */
import type { ClusterRef } from '@/lib/api/paths';
import { applyUpdate } from '@/lib/worker/mirror';
import { pacedScheduler } from '@/lib/worker/paced-scheduler';
import type { InitialPipelineData, PipelineUpdate, PipelineView } from '@/lib/worker/pipeline';
import { unpack, type WorkerMessage } from '@/lib/worker/update-wire';
import type { MapStores, MapUiState } from './map-state';
import { runPipeline, type PipelineControl } from './pipeline-runner';
import { whenShown } from './when-shown';

export type PipelineCommand =
  | { type: 'start'; initial: InitialPipelineData; view: PipelineView; cluster: ClusterRef }
  | { type: 'view'; view: PipelineView }
  | { type: 'paused'; paused: boolean }
  /** The page has applied and painted one of the worker's updates (lib/worker/paced-scheduler.ts). */
  | { type: 'painted' };

export function pipelineView(ui: MapUiState): PipelineView {
  return {
    params: ui.params,
    expanded: [...ui.expanded],
    replay: ui.replay,
    fitSignal: ui.fitSignal,
  };
}

/**
 * On the page's own thread, paced as the worker is (lib/worker/paced-scheduler.ts): the next
 * batch waits until the page has painted the last update, and each update is applied in a task
 * of its own, after the one that made it. Made and applied in one task, an update of a 50k-node
 * map was one long task (pipeline and render together), and unpaced, batches ran every frame
 * whatever the page had left to paint.
 */
/** Calls `then` once the page shows everything the mirror holds, in the task after its frame. */
type AfterShown = (then: () => void) => void;

function inPage(
  cluster: ClusterRef,
  initial: InitialPipelineData,
  view: PipelineView,
  onUpdate: (u: PipelineUpdate) => void,
  afterShown: AfterShown,
): PipelineControl {
  const pace = pacedScheduler();
  let closed = false;
  const control = runPipeline(
    cluster,
    initial,
    view,
    (update) => {
      pace.posted();
      setTimeout(() => {
        if (closed) return;
        onUpdate(update);
        afterShown(() => pace.painted());
      }, 0);
    },
    pace,
  );
  return {
    ...control,
    close() {
      closed = true;
      control.close();
    },
  };
}

function inWorker(
  cluster: ClusterRef,
  initial: InitialPipelineData,
  view: PipelineView,
  onUpdate: (u: PipelineUpdate) => void,
  afterShown: AfterShown,
  onFail: () => void,
): PipelineControl | null {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./pipeline.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  let heard = false;
  const send = (command: PipelineCommand) => worker.postMessage(command);
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    heard = true;
    onUpdate(unpack(event.data));
    // The worker holds its next update until then.
    afterShown(() => send({ type: 'painted' }));
  };
  // A worker that cannot load (blocked, or its script failed) says so before its first message.
  worker.onerror = () => {
    if (heard) return;
    worker.terminate();
    onFail();
  };
  send({ type: 'start', initial, view, cluster });
  return {
    setView: (next) => send({ type: 'view', view: next }),
    setPaused: (paused) => send({ type: 'paused', paused }),
    close: () => worker.terminate(),
  };
}

export function connectPipeline(stores: MapStores): () => void {
  const onUpdate = (update: PipelineUpdate) =>
    stores.mirror.update((mirror) => applyUpdate(mirror, update));
  const afterShown: AfterShown = (then) =>
    whenShown(stores, () => requestAnimationFrame(() => setTimeout(then, 0)));
  let current = stores.ui.getState();
  const view = () => pipelineView(stores.ui.getState());
  const { cluster, initial } = stores;
  const fallBack = () => {
    stores.pipeline.current = inPage(cluster, initial, view(), onUpdate, afterShown);
  };
  stores.pipeline.current =
    typeof Worker === 'function'
      ? (inWorker(cluster, initial, view(), onUpdate, afterShown, fallBack) ??
        inPage(cluster, initial, view(), onUpdate, afterShown))
      : inPage(cluster, initial, view(), onUpdate, afterShown);
  const stopWatching = stores.ui.subscribe(() => {
    const ui = stores.ui.getState();
    const same =
      ui.params === current.params &&
      ui.expanded === current.expanded &&
      ui.replay === current.replay &&
      ui.fitSignal === current.fitSignal;
    current = ui;
    if (!same) stores.pipeline.current?.setView(pipelineView(ui));
  });
  return () => {
    stopWatching();
    stores.pipeline.current?.close();
    stores.pipeline.current = null;
  };
}
