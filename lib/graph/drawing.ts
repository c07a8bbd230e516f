/**
 * The drawn graph and its layout for the current topology and view, shared by every part of the
 * page that reads them (graph, outline, toolbar counts) and built once per change.
 *
 * Contract: `createDrawing()` returns `draw(inputs)`; the same inputs (each field compared by
 * identity) return the same `Drawing` object. A new graph is laid out starting from the previous
 * layout, so positions survive updates (lib/graph/layout.ts), and from the previous build's blocks,
 * so a Service the change did not touch is the same objects (lib/graph/block-memo.ts). One
 * instance per page.
 */
import type { ServiceDiagnosis } from '../topology/diagnosis';
import type { Topology } from '../topology/model';
import type { DrawGraph } from './draw-types';
import { createBlockMemo } from './block-memo';
import { layoutGraph, type Layout } from './layout';
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

export interface Drawing {
  graph: DrawGraph;
  layout: Layout;
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

export function createDrawing(): (inputs: DrawInputs) => Drawing {
  let last: { inputs: DrawInputs; drawing: Drawing } | null = null;
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
    const drawing = { graph, layout: layoutGraph(graph, last?.drawing.layout ?? null) };
    last = { inputs, drawing };
    return drawing;
  };
}
