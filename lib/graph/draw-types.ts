/**
 * The drawn graph: what the renderers (SVG and Canvas) and the accessible outline both read, so
 * the outline lists exactly what the graph shows. Built by lib/graph/view-model.ts.
 *
 * Contract: node ids are topology ids (`svc:`, `ep:`, `pod:`, `ext:`, `dns:`); group nodes use
 * `grp:eps:<service id>` (a Service's collapsed endpoints) and `grp:ns:<namespace>` (a collapsed
 * namespace); ghosts (near-miss pods) use `ghost:<service id>:<namespace>/<name>`; workload nodes
 * `wl:<service id>:<workload uid>` (one per Service and top-level workload of its pods) and the
 * rows of an expanded one `wlrev:<service id>:<workload uid>:<n>`. Columns: Services │ endpoints
 * │ workloads │ Pods and external addresses. Types only.
 */
import type {
  EdgeKind,
  EndpointNode,
  ExternalNode,
  HealthState,
  PodNode,
  ServiceNode,
} from '../topology/model';
import type { NearMiss, ServiceDiagnosis } from '../topology/diagnosis';
import type { DrawCondition } from './serving';
import type { DrawnEndpoint, DrawnPod, DrawnService } from './drawn-node';
import type { WorkloadInfo, WorkloadLookup, WorkloadRevision } from './workloads';

export type DrawKind =
  | 'service'
  | 'endpoint'
  | 'pod'
  | 'external'
  | 'endpoint-group'
  | 'namespace-group'
  /** A near-miss pod: one the selector almost matches (lib/graph/ghosts.ts). */
  | 'ghost'
  /** The workload (Deployment, StatefulSet, …) of some of a Service's pods (lib/graph/workloads.ts). */
  | 'workload'
  /** One row of an expanded workload's breakdown (a ReplicaSet revision, a StatefulSet revision). */
  | 'workload-revision';

/** Services │ endpoints │ workloads │ Pods and external addresses. */
export type DrawColumn = 0 | 1 | 2 | 3;

/** A ghost's pod and how it misses the selector. */
export interface GhostInfo {
  namespace: string;
  name: string;
  /** The pod's own map id (`pod:<uid>`). */
  podId: string;
  match: NearMiss['match'];
  /** The differing label, as the edge shows it: `app: nginx ≠ ngnix` (pod's, then selector's). */
  label: string;
}

export interface GroupSummary {
  count: number;
  ready: number;
  notReady: number;
  terminating: number;
  /** Endpoint groups: endpoints that serve nothing for want of a port (lib/graph/serving.ts). */
  noPort?: number;
  /** Namespace groups: Services with a problem. */
  problems?: number;
  /** Namespace groups: the namespace's Services with a problem are drawn outside the group. */
  healthyRest?: boolean;
}

export interface DrawNode {
  id: string;
  kind: DrawKind;
  column: DrawColumn;
  /** The block (Service, or collapsed namespace) this node is laid out in. */
  block: string;
  /** Cut down to what is drawn when it crosses to the page (lib/graph/drawn-node.ts). */
  service?: DrawnService;
  endpoint?: DrawnEndpoint;
  pod?: DrawnPod;
  external?: ExternalNode;
  ghost?: GhostInfo;
  group?: GroupSummary;
  /** For namespace groups. */
  namespace?: string;
  health?: HealthState;
  /** Endpoints: the condition as drawn and listed (lib/graph/serving.ts), never the raw one. */
  condition?: DrawCondition;
  /** Services: how many of their endpoints carry no port, so serve nothing. */
  noPort?: number;
  /** A pod the selector matches that is not an endpoint. */
  overlay?: boolean;
  /** Workload nodes and their breakdown rows (their `service` is the Service they sit beside). */
  workload?: WorkloadInfo;
  /** Workload nodes: whether the breakdown is shown. */
  expanded?: boolean;
  /** Breakdown rows. */
  revision?: WorkloadRevision;
}

/**
 * `near-miss`: Service → ghost, dashed, labelled with the differing label. `owns`: workload →
 * its pods (and its breakdown rows): ownership, not traffic.
 */
export type DrawEdgeKind = EdgeKind | 'group' | 'near-miss' | 'owns';

export interface DrawEdge {
  id: string;
  source: string;
  target: string;
  kind: DrawEdgeKind;
  condition?: DrawCondition;
  /** Text drawn along the edge (near-miss edges). */
  label?: string;
}

export interface DrawBlock {
  id: string;
  /** Node ids per column, in display order. */
  columns: [string[], string[], string[], string[]];
  /** Pods laid out in this block → their workload node here: laid out next to it, together. */
  owners?: Map<string, string>;
}

/** One outline entry: the tree mirrors blocks → endpoints → targets. */
export interface OutlineEntry {
  /**
   * Unique per tree position (a shared pod appears under each Service that routes to it): the
   * path of node ids from the root (lib/graph/outline-entry.ts).
   */
  key: string;
  nodeId: string;
  level: number;
  parentKey?: string;
  children: OutlineEntry[];
}

export interface DrawGraph {
  nodes: Map<string, DrawNode>;
  edges: DrawEdge[];
  blocks: DrawBlock[];
  outline: OutlineEntry[];
  /** Services after filtering (before aggregation), for counts shown in the toolbar. */
  matchedServices: number;
  totalServices: number;
  collapsedNamespaces: string[];
}

export interface ViewOptions {
  /** Namespaces to show; empty means all. */
  namespaces?: readonly string[];
  query?: string;
  problemsOnly?: boolean;
  /** Group ids the user expanded (`grp:eps:…`, `grp:ns:…`). */
  expanded?: ReadonlySet<string>;
  /** Draw everything, no aggregation (the user's explicit choice). */
  drawAll?: boolean;
  /** A Service above this many endpoints collapses them into one group node. */
  maxEndpointsPerService?: number;
  /** Drawn-node budget above which whole namespaces collapse. */
  maxDrawnNodes?: number;
  /** Never collapse the namespace of this Service id (the focused one). */
  keepServiceId?: string;
  /** Diagnoses by Service id: their near misses are drawn as ghosts. */
  diagnoses?: ReadonlyMap<string, ServiceDiagnosis>;
  /** Pods' workloads: each Service's are drawn between its endpoints and its pods. */
  workloads?: WorkloadLookup;
}

/** One Service that passed the filters, with what is drawn beside it. */
export interface ServiceContext {
  service: ServiceNode;
  /** Sorted by address. */
  endpoints: EndpointNode[];
  /** Pods the selector matches that are not endpoints, sorted by namespace/name. */
  overlayPods: PodNode[];
  /** Pods the selector almost matches (drawn as ghosts), closest first. */
  nearMisses?: NearMiss[];
  /** The workloads of its endpoints' pods and overlay pods, in first-seen order. */
  workloads?: WorkloadInfo[];
}
