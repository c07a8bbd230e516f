/**
 * The drawn graph and its layout for the current topology and view, shared by every part of the
 * page that reads them (graph, outline, toolbar counts) and built once per change.
 *
 * Contract: `createDrawing()` returns `draw(inputs)`; the same inputs (each field compared by
 * identity) return the same `Drawing` object. A new graph is laid out starting from the previous
 * layout, so positions survive updates (lib/graph/layout.ts), and from the previous build's blocks,
 * so a Service the change did not touch is the same objects (lib/graph/block-memo.ts). One
 * instance per page.
 *
 * The node table (`graph.nodes`) and the position table (`layout.positions`) are kept across
 * builds and updated in place, so a batch that touched one Service costs that Service, not the
 * map: each drawing's `changes` says which ids the build set or removed and what they held
 * before, and the drawing diff (lib/worker/drawing-diff.ts) reads only those. A drawing is
 * therefore read (and diffed, against the drawing made just before it) before the next build;
 * after it, it is `superseded` and its tables read as the newer drawing's.
 */
import type { ServiceDiagnosis } from '../topology/diagnosis';
import type { Topology } from '../topology/model';
import type { DrawGraph, DrawNode } from './draw-types';
import { createBlockMemo } from './block-memo';
import {
  layoutGraph,
  relayout,
  type Layout,
  type NodePosition,
  type PositionsBefore,
} from './layout';
import { buildDrawGraph } from './view-model';
import type { WorkloadLookup } from './workloads';

export interface DrawInputs {
  topology: Topology;
  namespaces: readonly string[];
  query: string;
  problemsOnly: boolean;
  drawAll: boolean;
  expanded: ReadonlySet<string>;
  /** The selected Service: its namespace never collapses. */
  keepServiceId: string | null;
  /** Diagnoses by Service id: near misses become ghosts. */
  diagnoses?: ReadonlyMap<string, ServiceDiagnosis>;
  /** Pods' workloads (lib/graph/workloads.ts): drawn between endpoints and pods. */
  workloads?: WorkloadLookup;
}

/** What one build changed in the kept tables, relative to the drawing made just before it. */
export interface DrawingChanges {
  /** The drawing before it (null: the first build), until this one is superseded. */
  since: RetainedDrawing | null;
  /** Each node id the build set or removed, with its value before (undefined: absent). */
  nodes: ReadonlyMap<string, DrawNode | undefined>;
  /** Each id whose position was set or removed other than as its block moved whole. */
  positions: ReadonlyMap<string, NodePosition | undefined>;
  /** A newer drawing has been built: these tables read as its, not as this drawing's. */
  superseded: boolean;
}

export interface Drawing {
  graph: DrawGraph;
  layout: Layout;
}

/** A drawing whose tables are kept and updated by the next build (see the contract above). */
export interface RetainedDrawing extends Drawing {
  changes: DrawingChanges;
}

const KEYS = [
  'topology',
  'namespaces',
  'query',
  'problemsOnly',
  'drawAll',
  'expanded',
  'keepServiceId',
  'diagnoses',
  'workloads',
] as const satisfies readonly (keyof DrawInputs)[];

export function createDrawing(): (inputs: DrawInputs) => RetainedDrawing {
  let last: { inputs: DrawInputs; drawing: RetainedDrawing } | null = null;
  const memo = createBlockMemo();
  return (inputs) => {
    if (last && KEYS.every((key) => last!.inputs[key] === inputs[key])) return last.drawing;
    const graph = buildDrawGraph(
      inputs.topology,
      {
        namespaces: inputs.namespaces,
        query: inputs.query,
        problemsOnly: inputs.problemsOnly,
        drawAll: inputs.drawAll,
        expanded: inputs.expanded,
        keepServiceId: inputs.keepServiceId ?? undefined,
        ...(inputs.diagnoses ? { diagnoses: inputs.diagnoses } : {}),
        ...(inputs.workloads ? { workloads: inputs.workloads } : {}),
      },
      memo,
    );
    const previous = last?.drawing ?? null;
    let layout: Layout;
    let positions: PositionsBefore = new Map();
    if (previous) {
      const gone: string[] = [];
      for (const [id, value] of memo.before) if (value && !graph.nodes.has(id)) gone.push(id);
      ({ layout, before: positions } = relayout(graph, previous.layout, gone));
      // Only the latest link is kept, so the chain never holds older drawings alive.
      previous.changes = { since: null, nodes: new Map(), positions: new Map(), superseded: true };
    } else layout = layoutGraph(graph, null);
    const drawing: RetainedDrawing = {
      graph,
      layout,
      changes: { since: previous, nodes: memo.before, positions, superseded: false },
    };
    last = { inputs, drawing };
    return drawing;
  };
}
