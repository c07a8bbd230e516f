/**
 * The map's pipeline, runnable in a dedicated Web Worker or (where workers are unavailable, e.g.
 * a CSP that forbids them) on the main thread: it owns the record store fed by the stream, the
 * derivation (topology, diagnoses, workloads, problems) and the drawing (view model + layout),
 * and posts to the painting side only what changed: draw-ready geometry diffs
 * (lib/worker/drawing-diff.ts), changed Service rows and the selected Service's detail
 * (lib/worker/service-mirror.ts), the problems list when it changed, and the connection status.
 *
 * Contract: `createPipeline(initial, view, post)` posts a first full picture at once, then one
 * message per applied batch or view change that changed something (none for a batch that
 * changed nothing the page shows). With `firstScreen`, a drawing of many nodes going to a page
 * that shows none is posted in two (lib/worker/first-screen.ts): the top of the map with
 * `drawingRest` saying how many Services are still to come, then, in idle time, the rest with
 * `drawingRest: 0` (or with the next update, whichever is first); `prepare` sees that rest's
 * update as soon as it is made, the same object `post` is later given (or never, when the next
 * update carries the rest). Where the view allows (early-top.ts: "Draw all", no search, not
 * "only problems"), that top is drawn before the map is — only its Services built, diagnosed
 * and laid out — and posted with their rows and `problems: null` (not known yet); the whole map
 * is then derived and drawn (`drawWhole`) and posted, as the rest with the problems, once the
 * page has painted the top (`whenIdle`). The painting side says what
 * it shows with `setView` (filters, expanded groups, the selection, the replayed Service) and
 * pauses with `setPaused`. Isomorphic: the stream and DNS connections are attached by the
 * caller to `store`.
 */
import { replayTopology, type ReplayOverride } from '../diagnostics/replay-topology';
import { createDrawing, type Drawing } from '../graph/drawing';
import {
  healthPending,
  rankProblemEntries,
  trackHealthSince,
  type ProblemEntry,
  type SinceTable,
} from '../graph/problems';
import type { MapParams } from '../graph/url-state';
import { createWorkloadIndex } from '../graph/workloads';
import { namespacesOf, type DerivedView } from '../store/derive';
import { memoizeLast } from '../store/memo';
import { initialRecordStoreState, type RecordStoreState } from '../store/record-state';
import { createRecordStore, type RecordStore, type Scheduler } from '../store/record-store';
import { createRecordSelectors, type StatusState } from '../store/selectors';
import type { PageSnapshot } from '../stream/protocol';
import type { DnsResults } from '../topology/diagnosis';
import type { ServiceNode, Topology } from '../topology/model';
import type { HistoryStatus } from './records-source';
import {
  diffDrawing,
  diffTransferables,
  isEmptyDiff,
  type DrawingDiff,
  type DrawingSource,
} from './drawing-diff';
import { drawnNodesEstimate, drawsTopFirst, earlyTop } from './early-top';
import { firstScreen, plainDrawing, restAfter } from './first-screen';
import {
  diffRows,
  serviceSlice,
  type RowsDiff,
  type RowTable,
  type SelectedDetail,
} from './service-mirror';

/** What the painting side shows: the inputs of the drawing that are the user's. */
export interface PipelineView {
  params: MapParams;
  expanded: readonly string[];
  replay: ReplayOverride | null;
  /** The page's re-fit request; echoed once the drawing for this view is posted. */
  fitSignal: number;
}

/** What the page must always know about the data, whatever the drawing. */
export interface PipelineStatus extends StatusState {
  namespaces: string[];
}

/** One message to the painting side; absent parts did not change. */
export interface PipelineUpdate {
  /** The first message: a whole picture, to replace whatever the page showed before. */
  first?: true;
  /** The view's `fitSignal`, when the drawing posted (now or before) is the one for it. */
  fitSignal?: number;
  /** The view's `focus`, when `selected` (now or before) is the answer for it. */
  focus?: string | null;
  status?: PipelineStatus;
  drawing?: DrawingDiff;
  rows?: RowsDiff;
  /** Null: nothing selected (or the selected Service is gone). */
  selected?: SelectedDetail | null;
  /**
   * Null: not known yet (the top of a big map went before its Services were all diagnosed:
   * lib/worker/early-top.ts); the entries follow with the rest.
   */
  problems?: ProblemEntry[] | null;
  /** Live, or which past instant the records are of (lib/worker/records-source.ts). */
  history?: HistoryStatus;
  /** Services of the drawing not posted yet (the top of a big first picture went first); 0: none. */
  drawingRest?: number;
}

export type Post = (update: PipelineUpdate, transfer: ArrayBuffer[]) => void;

export interface Pipeline {
  store: RecordStore;
  /**
   * Runs `work` once the maintained model of the records shown is made (at once if it is): what
   * only re-diagnoses a few Services, a DNS answer, then costs those Services, not a build of
   * every Service from scratch.
   */
  whenPrepared(work: () => void): void;
  setView(view: PipelineView): void;
  setPaused(paused: boolean): void;
  close(): void;
}

export type InitialPipelineData = PageSnapshot;

function findService(topology: Topology, focus: string | null): ServiceNode | undefined {
  if (!focus) return undefined;
  const [ns, name] = focus.split('/');
  return topology.services.find((s) => s.namespace === ns && s.name === name);
}

/** The rail's entries, with since when; the clock is read once per new topology. */
function createProblemTracker(instant: () => string | null) {
  let table: SinceTable | null = null;
  let shown: string | null = null;
  return memoizeLast((topology: Topology, live: boolean, dns: DnsResults | undefined) => {
    // Another instant (or back to live) starts a new table: "since" belongs to one timeline.
    if (instant() !== shown) {
      shown = instant();
      table = null;
    }
    const now = shown ?? new Date().toISOString();
    table = trackHealthSince(table, topology, now, live, (s) => healthPending(s, dns));
    return rankProblemEntries(topology, table);
  });
}

/**
 * How long one slice of idle-time preparation runs: short enough that a batch arriving meanwhile
 * (or, on the page's own thread, input) waits little for it.
 */
const PREPARE_SLICE_MS = 12;

const statusKey = (s: PipelineStatus) => JSON.stringify(s);
const problemsKey = (entries: readonly ProblemEntry[]) =>
  JSON.stringify(entries.map((e) => [e.service.id, e.service.health, e.since]));

/** The per-update context: what was last posted, to diff against. */
interface Posted {
  status: string;
  /** The last drawing built and diffed; while `top` is set, the page has only `top` of it. */
  drawing: Drawing | null;
  /** The top of a first picture, posted without the rest (first-screen.ts). */
  top: DrawingSource | null;
  /** The page's drawing had no nodes (read when posted: kept tables change with the next build). */
  empty: boolean;
  rows: RowTable;
  selectedKey: string;
  problems: string;
  fitSignal: number;
  focus: string | null | undefined;
}

export function createPipeline(
  initial: InitialPipelineData,
  firstView: PipelineView,
  post: Post,
  options: {
    schedule?: Scheduler;
    /**
     * Runs work that can wait until the thread has nothing better to do: making the maintained
     * model after the first picture (lib/store/derive.ts `prepare`). Default: a timer.
     */
    whenIdle?: (work: () => void) => void;
    /**
     * Given the rest of a first picture when it is made, before it waits for `whenIdle`: the
     * worker encodes it then (update-wire.ts), while the page decodes and paints the top.
     */
    prepare?: (update: PipelineUpdate) => void;
    isLive?: (state: RecordStoreState) => boolean;
    /** The past instant the records are of (history mode), or null when live. */
    instant?: () => string | null;
    /**
     * Post a first picture of at least `minNodes` nodes in two: the blocks in its first `rows`
     * rows, then the rest in idle time (first-screen.ts). Off by default: the server render
     * takes the first message as the whole picture.
     */
    firstScreen?: { minNodes: number; rows: number };
    /**
     * Runs the whole map's derive and drawing after a top drawn before them (early-top.ts).
     * Default: at once, as in a worker, beside the page's paint of the top; on the page's own
     * thread, pass something that waits for the paint. What it posts waits for `whenIdle`
     * either way, so the page paints the top first.
     */
    drawWhole?: (work: () => void) => void;
  } = {},
): Pipeline {
  const store = createRecordStore(
    initialRecordStoreState(initial),
    options.schedule ? { schedule: options.schedule } : {},
  );
  const selectors = createRecordSelectors();
  const draw = createDrawing();
  const workloads = createWorkloadIndex();
  const problems = createProblemTracker(options.instant ?? (() => null));
  const replay = memoizeLast(replayTopology);
  const isLive = options.isLive ?? ((s: RecordStoreState) => s.stream.state === 'open');
  let view = firstView;
  let first = true;
  let preparing = false;
  /** Work waiting for the maintained model (`whenPrepared`). */
  let afterPrepared: (() => void)[] = [];
  let closed = false;
  /** A drawing whose top is being posted: its rest is diffed right after. */
  let restOf: Drawing | null = null;
  const whenIdle = options.whenIdle ?? ((work: () => void) => void setTimeout(work, 0));
  let expanded: ReadonlySet<string> = new Set(view.expanded);
  const posted: Posted = {
    status: '',
    drawing: null,
    top: null,
    empty: true,
    rows: new Map(),
    selectedKey: '',
    problems: '',
    fitSignal: Number.NaN,
    focus: undefined,
  };

  /** Posts that wait for the page to paint an early top (null: none waits). */
  let held: [PipelineUpdate, ArrayBuffer[]][] | null = null;
  const send: Post = (out, transfer) => {
    if (!held) return post(out, transfer);
    options.prepare?.(out);
    held.push([out, transfer]);
  };
  const drawWhole = options.drawWhole ?? ((work: () => void) => work());

  const postStatus = (state: RecordStoreState, namespaces: string[], out: PipelineUpdate) => {
    const status: PipelineStatus = {
      cluster: state.cluster,
      sync: state.sync,
      stream: state.stream,
      paused: state.paused,
      pending: state.pending,
      arriving: state.arriving,
      hasRecords: state.records.size > 0,
      namespaces,
    };
    const sKey = statusKey(status);
    if (sKey !== posted.status) {
      posted.status = sKey;
      out.status = status;
    }
  };

  /**
   * The top of a big map drawn before the map (early-top.ts), to a page that shows nothing: posted
   * with its Services' rows and the problems not known yet; the whole map is then derived and
   * drawn, and posted (as the rest of this top) once the page has painted it. False when the view
   * or the records do not call for it.
   */
  const postedEarlyTop = (state: RecordStoreState): boolean => {
    const screen = options.firstScreen;
    if (!screen || !posted.empty) return false;
    const { params } = view;
    const asked = { ...params, replaying: view.replay !== null };
    // A map of fewer records than half the nodes it would take cannot draw that many.
    if (!drawsTopFirst(asked) || state.records.size * 2 < screen.minNodes) return false;
    // Indexed once: the whole map's derive, right after, builds from the same index.
    const indexed = selectors.indexed(state);
    const { snapshot } = indexed;
    if (drawnNodesEstimate(snapshot) < screen.minNodes) return false;
    const early = earlyTop(
      indexed,
      { ...asked, expanded, dnsResults: state.dns, workloads: workloads(snapshot) },
      screen.rows,
    );
    if (!early) return false;
    const out: PipelineUpdate = {};
    if (first) {
      first = false;
      out.first = true;
    }
    postStatus(state, namespacesOf(snapshot), out);
    out.drawing = diffDrawing(null, early.top);
    out.drawingRest = early.rest;
    posted.drawing = null;
    posted.top = early.top;
    posted.empty = false;
    const pending = (s: ServiceNode) => healthPending(s, state.dns);
    const rows = diffRows(posted.rows, early.topology, early.diagnoses, pending);
    posted.rows = rows.table;
    out.rows = rows.diff;
    // The page now holds no problems: the whole map's update posts them whatever they are.
    out.problems = null;
    posted.problems = '';
    if (view.fitSignal !== posted.fitSignal) {
      posted.fitSignal = view.fitSignal;
      out.fitSignal = view.fitSignal;
    }
    post(out, diffTransferables(out.drawing));
    held = [];
    whenIdle(() => {
      const waiting = held ?? [];
      held = null;
      if (!closed) for (const [u, t] of waiting) post(u, t);
    });
    drawWhole(() => {
      if (!closed) update();
    });
    return true;
  };

  const update = () => {
    const state = store.getState();
    if (postedEarlyTop(state)) return;
    const derived: DerivedView = selectors.view(state);
    const out: PipelineUpdate = {};
    const transfer: ArrayBuffer[] = [];
    postStatus(state, derived.namespaces, out);

    const selected = findService(derived.topology, view.params.focus);
    const drawing = draw({
      topology: view.replay ? replay(derived.topology, view.replay) : derived.topology,
      namespaces: view.params.namespaces,
      query: view.params.query,
      problemsOnly: view.params.problemsOnly,
      drawAll: view.params.drawAll,
      expanded,
      keepServiceId: selected?.id ?? null,
      diagnoses: derived.diagnoses,
      workloads: workloads(derived.snapshot),
    });
    if (drawing !== posted.drawing) {
      const screen = posted.empty ? topOf(drawing) : null;
      // The page holds only the top of the last picture: the rest comes with this diff.
      const diff = screen
        ? diffDrawing(null, screen.top)
        : posted.top
          ? (restAfter(posted.top, drawing) ?? diffDrawing(posted.top, plainDrawing(drawing)))
          : diffDrawing(posted.drawing, drawing);
      if (posted.top) out.drawingRest = 0;
      posted.drawing = drawing;
      posted.top = screen?.top ?? null;
      posted.empty = drawing.graph.nodes.size === 0;
      if (screen) {
        out.drawingRest = screen.rest;
        restOf = drawing;
      }
      if (!isEmptyDiff(diff)) {
        out.drawing = diff;
        transfer.push(...diffTransferables(diff));
      }
    }

    const pending = (s: ServiceNode) => healthPending(s, state.dns);
    const rows = diffRows(posted.rows, derived.topology, derived.diagnoses, pending);
    posted.rows = rows.table;
    if (rows.diff.set.length > 0 || rows.diff.removed.length > 0) out.rows = rows.diff;

    const detail = selected
      ? serviceSlice(
          selected,
          derived.topology,
          derived.snapshot,
          derived.diagnoses.get(selected.id),
        )
      : null;
    const dKey = JSON.stringify(detail);
    if (dKey !== posted.selectedKey) {
      posted.selectedKey = dKey;
      out.selected = detail;
    }

    const entries = problems(derived.topology, isLive(state), state.dns);
    const pKey = problemsKey(entries);
    if (pKey !== posted.problems) {
      posted.problems = pKey;
      out.problems = entries;
    }

    if (view.fitSignal !== posted.fitSignal) {
      posted.fitSignal = view.fitSignal;
      out.fitSignal = view.fitSignal;
    }
    if (view.params.focus !== posted.focus) {
      posted.focus = view.params.focus;
      out.focus = view.params.focus;
    }
    if (first) {
      first = false;
      out.first = true;
    }
    if (Object.keys(out).length > 0) send(out, transfer);
    // The rest of a first picture is diffed while the page decodes and paints its top, and
    // posted once that is painted, unless a change posts it first.
    if (restOf) {
      const rest = restOf;
      restOf = null;
      const top = posted.top!;
      const diff = restAfter(top, rest) ?? diffDrawing(top, plainDrawing(rest));
      const restUpdate: PipelineUpdate = { drawing: diff, drawingRest: 0 };
      options.prepare?.(restUpdate);
      whenIdle(() => postRest(rest, restUpdate));
    }
    // The picture is out: the model the next small batch would make, and its answers, are made
    // now in slices of idle time, so the first change after a snapshot does not wait for them.
    if (!preparing && !selectors.prepared()) {
      preparing = true;
      const slice = () => {
        if (closed) return;
        const until = performance.now() + PREPARE_SLICE_MS;
        if (!selectors.prepare(() => performance.now() < until)) return whenIdle(slice);
        preparing = false;
        const waiting = afterPrepared;
        afterPrepared = [];
        for (const work of waiting) work();
        // The view is now the model's objects: drawn once more here (the same picture, so
        // nothing or next to nothing is posted), the next change redraws only what it touched.
        update();
      };
      whenIdle(slice);
    }
  };

  /** A big first picture whose top alone went to a page that showed nothing (first-screen.ts). */
  const topOf = (drawing: Drawing) =>
    options.firstScreen && drawing.graph.nodes.size >= options.firstScreen.minNodes
      ? firstScreen(drawing, options.firstScreen.rows)
      : null;

  /** The rest of `drawing` after its top, unless a newer update already posted it. */
  const postRest = (drawing: Drawing, restUpdate: PipelineUpdate) => {
    if (closed || !posted.top || posted.drawing !== drawing) return;
    posted.top = null;
    post(restUpdate, diffTransferables(restUpdate.drawing!));
  };

  const unsubscribe = store.subscribe(update);
  update();
  return {
    store,
    whenPrepared(work) {
      if (closed) return;
      if (!preparing && selectors.prepared()) work();
      else afterPrepared.push(work);
    },
    setView(next) {
      view = next;
      expanded = new Set(next.expanded);
      update();
    },
    setPaused: (paused) => store.setPaused(paused),
    close() {
      closed = true;
      afterPrepared = [];
      unsubscribe();
    },
  };
}
