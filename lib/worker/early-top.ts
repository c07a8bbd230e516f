/**
 * The top of a big map, drawn before the map is: the first Services in the map's order, built,
 * diagnosed and laid out alone, so the page paints a screenful without waiting for every
 * Service's topology, diagnosis and drawing (at 25k pods, ~1,800 Services and 53k drawn nodes,
 * those were most of the worker's first task). The pipeline posts this top, then the whole
 * drawing as its rest (lib/worker/pipeline.ts, `restAfter` in first-screen.ts).
 *
 * Contract: `earlyTop({ snapshot, index }, view, rows)` (`index` made of `snapshot`) is, for a
 * view that draws every node of every Service in the map's order — "Draw all", no search, not
 * "only problems", no replay (`drawsTopFirst`): the views whose blocks and their order need no
 * other Service's health — the same top as
 * `firstScreen(whole drawing, rows)` (first-screen.ts): the same nodes, edges, outline and
 * positions, and the whole map's counts (`matchedServices`, `totalServices`); its size is the
 * laid-out part's (the whole map's is not known yet), and `rest` the Services still to come;
 * with the model and diagnoses of the Services it drew (at least the top's).
 * Null for any other view, or when the Services it would have to draw are (nearly) all of them:
 * the whole drawing then costs little more. Pure; the snapshot is read, never changed.
 *
 * Why it holds: blocks are laid out one under another in namespace/name order, each from its own
 * Service's nodes (lib/graph/layout.ts), so the first blocks lie where the whole layout puts them
 * whatever comes after; and a Service's nodes, edges and diagnosis are read from the whole
 * snapshot's index, never from another Service's build (lib/topology/index.ts).
 */
import { buildDrawGraph, byNsName } from '../graph/view-model';
import { layoutGraph } from '../graph/layout';
import type { WorkloadLookup } from '../graph/workloads';
import { buildServicesWithDiagnoses } from '../topology';
import type { DnsResults, ServiceDiagnosis } from '../topology/diagnosis';
import type { Topology } from '../topology/model';
import type { ServiceRecord } from '../topology/records';
import type { Indexed } from '../store/derive';
import { servicesDrawn, topBlocks, type FirstScreen } from './first-screen';

/** The top, and the Services it drew with their diagnoses (the rows the page can have now). */
export interface EarlyTop extends FirstScreen {
  topology: Topology;
  diagnoses: Map<string, ServiceDiagnosis>;
}

export interface EarlyTopView {
  namespaces: readonly string[];
  query: string;
  problemsOnly: boolean;
  drawAll: boolean;
  expanded: ReadonlySet<string>;
  /** The view replays a change (lib/diagnostics/replay-topology.ts): its health is not the records'. */
  replaying: boolean;
  dnsResults?: DnsResults | undefined;
  workloads?: WorkloadLookup;
}

/**
 * How many Services to try first: a block is at least two rows (its Service, the gap), so this
 * many can fill `rows` only when the blocks are small; most maps need one or two doublings.
 */
const firstTry = (rows: number) => Math.max(8, Math.ceil(rows / 8));

const byRecordName = (a: ServiceRecord, b: ServiceRecord) =>
  byNsName(
    { namespace: a.meta.namespace, name: a.meta.name },
    { namespace: b.meta.namespace, name: b.meta.name },
  );

/** Whether the view's blocks, and their order, need no Service's health but their own. */
export function drawsTopFirst(view: Omit<EarlyTopView, 'expanded'>): boolean {
  return view.drawAll && !view.query.trim() && !view.problemsOnly && !view.replaying;
}

/**
 * About how many nodes "Draw all" draws for these records: an endpoint and its pod per pod, a
 * node per Service. An estimate, to tell a big map from a small one before drawing anything.
 */
export function drawnNodesEstimate(snapshot: { pods: unknown[]; services: unknown[] }): number {
  return 2 * snapshot.pods.length + snapshot.services.length;
}

export function earlyTop(
  { snapshot, index }: Indexed,
  view: EarlyTopView,
  rows: number,
): EarlyTop | null {
  if (!drawsTopFirst(view)) return null;
  const shown = view.namespaces.length ? new Set(view.namespaces) : null;
  const candidates = snapshot.services.filter((s) => !shown || shown.has(s.meta.namespace));
  let take = firstTry(rows);
  if (take * 2 >= candidates.length) return null;
  candidates.sort(byRecordName);
  for (;;) {
    const chosen = candidates.slice(0, take);
    const { topology, diagnoses } = buildServicesWithDiagnoses(snapshot, chosen, {
      index,
      dnsResults: view.dnsResults,
    });
    const byService = new Map<string, ServiceDiagnosis>();
    for (const d of diagnoses) byService.set(d.serviceId, d);
    const graph = buildDrawGraph(topology, {
      drawAll: true,
      expanded: view.expanded,
      diagnoses: byService,
      ...(view.workloads ? { workloads: view.workloads } : {}),
    });
    const layout = layoutGraph(graph);
    if (layout.rows >= rows) {
      const top = topBlocks(graph, layout, rows);
      // Counted as the whole map is: every candidate matches a view without search or filter.
      top.graph.matchedServices = candidates.length;
      top.graph.totalServices = snapshot.services.length;
      const rest = candidates.length - servicesDrawn(top.graph.nodes);
      return { top, rest, topology, diagnoses: byService };
    }
    // Not a screenful yet: twice as many, unless that is most of the map.
    take *= 2;
    if (take * 2 >= candidates.length) return null;
  }
}
