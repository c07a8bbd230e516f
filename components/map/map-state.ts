/**
 * The map page's state, in two external stores shared by every part of the page through
 * MapContext (map-context.tsx): the record store (what the cluster holds, fed by the SSE stream;
 * lib/store/record-store.ts) and the UI store (what the user chose: filters mirrored into the
 * URL, expanded groups, the focused node, theme). Everything else is derived from those two by
 * memoised selectors, once per change, however many components read it.
 *
 * Contract: `createMapStores()` is called once per page; the returned object never changes
 * identity, so the context never re-renders its consumers; each consumer subscribes to the slice
 * it reads. No DOM access here (connect-map.ts does that).
 */
import type { ClusterInfo, SyncState } from '@/lib/stream/protocol';
import type { ServiceNode, Topology } from '@/lib/topology/model';
import type { ClusterSnapshot, SlimRecord } from '@/lib/topology/records';
import { replayTopology, type ReplayOverride } from '@/lib/diagnostics/replay-topology';
import { createDrawing, type Drawing, type DrawInputs } from '@/lib/graph/drawing';
import type { MapParams } from '@/lib/graph/url-state';
import {
  rankProblemEntries,
  trackHealthSince,
  type ProblemEntry,
  type SinceTable,
} from '@/lib/graph/problems';
import { indexWorkloads, type WorkloadLookup } from '@/lib/graph/workloads';
import { memoizeLast } from '@/lib/store/memo';
import { initialRecordStoreState } from '@/lib/store/record-state';
import { createRecordStore, type RecordStore } from '@/lib/store/record-store';
import { createRecordSelectors, type RecordSelectors } from '@/lib/store/selectors';
import { createValueStore, type ValueStore } from '@/lib/store/value-store';

/** What the server page hands the island: the first snapshot from the server's cache. */
export interface InitialMapData {
  cluster: ClusterInfo;
  sync: SyncState;
  records: SlimRecord[];
}

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
}

export interface MapStores {
  records: RecordStore;
  ui: ValueStore<MapUiState>;
  selectors: RecordSelectors;
  draw: (inputs: DrawInputs) => Drawing;
  /** Pods' workloads, once per snapshot (lib/graph/workloads.ts). */
  workloads: (snapshot: ClusterSnapshot) => WorkloadLookup;
  /** Every Service with a problem, in the rail's order, with since when (lib/graph/problems.ts). */
  problems: (topology: Topology, live: boolean) => ProblemEntry[];
  /** The Service named by `params.focus` (`namespace/name`), if it exists. */
  selectedService: (topology: Topology, focus: string | null) => ServiceNode | undefined;
  /** The topology with the replayed Service as it was (lib/diagnostics/replay-topology.ts). */
  replay: (topology: Topology, replay: ReplayOverride) => Topology;
}

function findService(topology: Topology, focus: string | null): ServiceNode | undefined {
  if (!focus) return undefined;
  const [ns, name] = focus.split('/');
  return topology.services.find((s) => s.namespace === ns && s.name === name);
}

/**
 * The rail's entries, remembering across topologies when each Service's health last changed.
 * The clock is read here, once per new topology, so "since" is when this tab saw the change.
 */
function createProblemTracker(): (topology: Topology, live: boolean) => ProblemEntry[] {
  let table: SinceTable | null = null;
  return memoizeLast((topology: Topology, live: boolean) => {
    table = trackHealthSince(table, topology, new Date().toISOString(), live);
    return rankProblemEntries(topology, table);
  });
}

export function createMapStores(
  initial: InitialMapData,
  params: MapParams,
  notice: string | null = null,
): MapStores {
  return {
    records: createRecordStore(initialRecordStoreState(initial)),
    ui: createValueStore<MapUiState>({
      params,
      expanded: new Set(),
      focusedNodeId: null,
      fitSignal: 0,
      theme: 'system',
      systemDark: false,
      notice,
      outlineOpen: false,
      graphOpen: false,
      replay: null,
    }),
    selectors: createRecordSelectors(),
    draw: createDrawing(),
    workloads: memoizeLast(indexWorkloads),
    problems: createProblemTracker(),
    selectedService: memoizeLast(findService),
    replay: memoizeLast(replayTopology),
  };
}

export function resolvedTheme(ui: MapUiState): 'light' | 'dark' {
  if (ui.theme !== 'system') return ui.theme;
  return ui.systemDark ? 'dark' : 'light';
}
