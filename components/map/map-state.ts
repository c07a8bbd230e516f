/**
 * The map page's state, in two external stores shared by every part of the page through
 * MapContext (map-context.tsx): the mirror of the map pipeline (status, drawn graph, Service rows,
 * the selected Service, problems: lib/worker/mirror.ts), which the pipeline — in a Web Worker,
 * owning the records, topology, diagnosis, view model and layout — keeps current with diffs
 * (pipeline-connection.ts); and the UI store (what the user chose: filters mirrored into the URL,
 * expanded groups, the focused node, theme), whose drawing inputs go to the pipeline. A third
 * holds what the stored history said of when the listed Services broke (problem-history.ts).
 *
 * Contract: `createMapStores()` is called once per page; the returned object never changes
 * identity, so the context never re-renders its consumers; each consumer subscribes to the slice
 * it reads. No DOM access here (connect-map.ts does that).
 */
import type { ClusterRef } from '@/lib/api/paths';
import type { PageSnapshot } from '@/lib/stream/protocol';
import type { ReplayOverride } from '@/lib/diagnostics/replay-topology';
import type { MapParams } from '@/lib/graph/url-state';
import { createValueStore, type ValueStore } from '@/lib/store/value-store';
import { applyUpdate, initialMirror, type MapMirror } from '@/lib/worker/mirror';
import { createPipeline, type PipelineUpdate } from '@/lib/worker/pipeline';
import { firstRecords, shownInstant } from '@/lib/history-view/shown-instant';
import { connectionView } from './connection-view';
import type { PipelineControl } from './pipeline-runner';
import type { HistoryAsked } from './problem-history';

/** What the server page hands the island (lib/k8s/server.ts). */
export type InitialMapData = PageSnapshot;

export type Theme = 'system' | 'light' | 'dark';

export interface MapUiState {
  /** Filters and selection, mirrored into the URL (lib/graph/url-state.ts). */
  params: MapParams;
  /** Group nodes the user opened (`grp:eps:…`, `grp:ns:…`) and workloads showing revisions. */
  expanded: ReadonlySet<string>;
  /** The node with keyboard focus in graph and outline; null follows the selected Service. */
  focusedNodeId: string | null;
  /** Bumped to re-fit the graph view (filters changed). */
  fitSignal: number;
  theme: Theme;
  /** The system's colour scheme, for `theme: 'system'`. */
  systemDark: boolean;
  /** A confirmation shown until dismissed: what the user's last write did. */
  notice: string | null;
  /** Below 1200 px the outline (and problems rail) is a drawer: is it open? */
  outlineOpen: boolean;
  /** On a phone the graph opens full-screen on demand: is it open? */
  graphOpen: boolean;
  /** One Service drawn as it was at a past time (the timeline's replay); null: all live. */
  replay: ReplayOverride | null;
  /** Diff mode: the Services that changed (`namespace/name`), marked on the graph; else null. */
  changed: ReadonlySet<string> | null;
  /**
   * The Service (`namespace/name`) the user's last write made or changed, until the map holds it
   * (connect-map.ts): the watch brings it a moment after the write answers, and until then its
   * absence from the map says nothing.
   */
  awaitedWrite: string | null;
}

export interface MapStores {
  /** What the pipeline (in a worker, or in the page where workers are unavailable) last said. */
  mirror: ValueStore<MapMirror>;
  /** The mirror as the page last committed it (map-context.tsx `MirrorShown`). */
  shown: ValueStore<MapMirror>;
  ui: ValueStore<MapUiState>;
  /** The server's first snapshot: what the pipeline starts from. */
  initial: InitialMapData;
  /** Whose map this is: the stream and DNS answers come from this cluster (lib/api/paths.ts). */
  cluster: ClusterRef;
  /** Pause and resume, and the view, go to the running pipeline (pipeline-connection.ts). */
  pipeline: { current: PipelineControl | null };
  /** What the stored history said of when Services broke, once asked (problem-history.ts). */
  history: ValueStore<HistoryAsked | null>;
}

/**
 * The first picture, computed here once from the server's snapshot (the same pipeline, run to its
 * first message and dropped), so the server render and the first client render show the map
 * before the worker has started; the worker's first message then replaces it with the same.
 */
function firstPicture(initial: InitialMapData, ui: MapUiState): MapMirror {
  let first: PipelineUpdate | null = null;
  const pipeline = createPipeline(
    initial,
    { params: ui.params, expanded: [], replay: null, fitSignal: ui.fitSignal },
    (update) => (first ??= update),
    {
      schedule: () => () => {},
      isLive: (s) => connectionView(s.sync, s.stream).state === 'live',
    },
  );
  pipeline.close();
  const status = {
    cluster: initial.cluster,
    sync: initial.sync,
    stream: { state: 'connecting' as const },
    paused: false,
    pending: 0,
    arriving: initial.arriving ?? null,
    hasRecords: initial.records.length > 0,
  };
  // A link to a past instant: no records yet (createMapStores), loading until the instant loads.
  const at = shownInstant(ui.params);
  const mirror = initialMirror(status, at ? { mode: 'loading', at } : { mode: 'live' });
  return first ? applyUpdate(mirror, first) : mirror;
}

export function createMapStores(
  server: InitialMapData,
  params: MapParams,
  cluster: ClusterRef = null,
): MapStores {
  // The server's records are live: a link to a past instant starts from none of them.
  const initial = { ...server, records: firstRecords(params, server.records) };
  const ui: MapUiState = {
    params,
    expanded: new Set(),
    focusedNodeId: null,
    fitSignal: 0,
    theme: 'system',
    systemDark: false,
    notice: null,
    outlineOpen: false,
    graphOpen: false,
    replay: null,
    changed: null,
    awaitedWrite: null,
  };
  const first = firstPicture(initial, ui);
  return {
    mirror: createValueStore(first),
    shown: createValueStore(first),
    ui: createValueStore<MapUiState>(ui),
    initial,
    cluster,
    pipeline: { current: null },
    history: createValueStore<HistoryAsked | null>(null),
  };
}

export function resolvedTheme(ui: MapUiState): 'light' | 'dark' {
  if (ui.theme !== 'system') return ui.theme;
  return ui.systemDark ? 'dark' : 'light';
}
