/**
 * The page's mirror of the map pipeline (lib/worker/pipeline.ts): everything the page reads —
 * status, the drawn graph and its positions, a row per Service, the selected Service's detail,
 * the problems list — kept current by the pipeline's updates.
 *
 * Contract: `applyUpdate(mirror, update)` returns a new mirror in which only the parts the update
 * names are new objects (the same object when the update changes nothing), so a component
 * subscribed to one part re-renders only when that part changed. A `first` update replaces the
 * picture (the pipeline's first message is whole). Work per update is proportional to what it
 * carries, apart from copying the row table it touches (a row per Service); the drawing's node
 * and position tables are updated in place (lib/worker/drawing-diff.ts), so keep the returned
 * mirror only.
 */
import type { ProblemEntry } from '../graph/problems';
import type { StatusState } from '../store/selectors';
import { applyDrawingDiff, emptyMirror, type DrawingMirror } from './drawing-diff';
import type { PipelineUpdate } from './pipeline';
import type { HistoryStatus } from './records-source';
import { applyRows, type RowTable, type SelectedDetail } from './service-mirror';

export interface MapMirror {
  status: StatusState;
  namespaces: string[];
  drawing: DrawingMirror;
  rows: RowTable;
  selected: SelectedDetail | null;
  /** Null: not known yet (the top of a big map came before its Services were all diagnosed). */
  problems: ProblemEntry[] | null;
  /** The last `fitSignal` whose drawing has arrived: the graph re-fits when it changes. */
  fitSignal: number;
  /** The selection (`namespace/name`) that `selected` answers; undefined before any answer. */
  focus: string | null | undefined;
  /** Live, or the past instant shown (and whether it is still loading or was refused). */
  history: HistoryStatus;
  /** Services of the drawing still on their way (the top of a big first picture came first). */
  drawingRest: number;
}

export function initialMirror(
  status: StatusState,
  history: HistoryStatus = { mode: 'live' },
): MapMirror {
  return {
    status,
    namespaces: [],
    drawing: emptyMirror(),
    rows: new Map(),
    selected: null,
    problems: [],
    fitSignal: 0,
    focus: undefined,
    history,
    drawingRest: 0,
  };
}

export function applyUpdate(mirror: MapMirror, update: PipelineUpdate): MapMirror {
  const base: MapMirror = update.first
    ? { ...mirror, drawing: emptyMirror(), rows: new Map(), drawingRest: 0 }
    : mirror;
  const next: MapMirror = { ...base };
  let changed = !!update.first;
  if (update.status) {
    const { namespaces, ...status } = update.status;
    next.status = status;
    if (namespaces.join('\n') !== mirror.namespaces.join('\n')) next.namespaces = namespaces;
    changed = true;
  }
  if (update.drawing) {
    next.drawing = applyDrawingDiff(base.drawing, update.drawing);
    changed ||= next.drawing !== mirror.drawing;
  }
  if (update.rows) {
    next.rows = applyRows(base.rows, update.rows);
    changed ||= next.rows !== mirror.rows;
  }
  if (update.selected !== undefined) {
    next.selected = update.selected;
    changed = true;
  }
  if (update.problems !== undefined) {
    next.problems = update.problems;
    changed = true;
  }
  if (update.fitSignal !== undefined && update.fitSignal !== mirror.fitSignal) {
    next.fitSignal = update.fitSignal;
    changed = true;
  }
  if (update.focus !== undefined && update.focus !== mirror.focus) {
    next.focus = update.focus;
    changed = true;
  }
  if (update.history) {
    next.history = update.history;
    changed = true;
  }
  if (update.drawingRest !== undefined && update.drawingRest !== base.drawingRest) {
    next.drawingRest = update.drawingRest;
    changed = true;
  }
  return changed ? next : mirror;
}
