/**
 * The drawn graph: what the renderers (SVG and Canvas) and the accessible outline both read, so
 * the outline lists exactly what the graph shows. Built by lib/graph/view-model.ts.
 *
 * Contract: node ids are topology ids (`svc:`, `ep:`, `pod:`, `ext:`, `dns:`); group nodes use
 * `grp:eps:<service id>` (a Service's collapsed endpoints) and `grp:ns:<namespace>` (a collapsed
 * namespace). Types only.
 */
import type {
  EdgeKind,
  EndpointCondition,
  EndpointNode,
  ExternalNode,
  HealthState,
  PodNode,
  ServiceNode,
} from '../topology/model';

export type DrawKind =
  'service' | 'endpoint' | 'pod' | 'external' | 'endpoint-group' | 'namespace-group';

export interface GroupSummary {
  count: number;
  ready: number;
  notReady: number;
  terminating: number;
  /** Namespace groups: Services with a problem. */
  problems?: number;
  /** Namespace groups: the namespace's Services with a problem are drawn outside the group. */
  healthyRest?: boolean;
}

export interface DrawNode {
  id: string;
  kind: DrawKind;
  column: 0 | 1 | 2;
  /** The block (Service, or collapsed namespace) this node is laid out in. */
  block: string;
  service?: ServiceNode;
  endpoint?: EndpointNode;
  pod?: PodNode;
  external?: ExternalNode;
  group?: GroupSummary;
  /** For namespace groups. */
  namespace?: string;
  health?: HealthState;
  condition?: EndpointCondition;
  /** A pod the selector matches that is not an endpoint. */
  overlay?: boolean;
}

export type DrawEdgeKind = EdgeKind | 'group';

export interface DrawEdge {
  id: string;
  source: string;
  target: string;
  kind: DrawEdgeKind;
  condition?: EndpointCondition;
}

export interface DrawBlock {
  id: string;
  /** Node ids per column, in display order. */
  columns: [string[], string[], string[]];
}

/** One outline entry: the tree mirrors blocks → endpoints → targets. */
export interface OutlineEntry {
  /** Unique per tree position (a shared pod appears under each Service that routes to it). */
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
}

/** One Service that passed the filters, with what is drawn beside it. */
export interface ServiceContext {
  service: ServiceNode;
  /** Sorted by address. */
  endpoints: EndpointNode[];
  /** Pods the selector matches that are not endpoints, sorted by namespace/name. */
  overlayPods: PodNode[];
}
