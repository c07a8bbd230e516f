/**
 * The topology model: what the map draws and the outline lists.
 *
 * Contract: `buildTopology(snapshot)` (lib/topology/index.ts) returns a `Topology` — pure,
 * deterministic (sorted by namespace/name), and computed the same way on the server (`/api/graph`)
 * and in the browser (from the store). Ids are stable across updates so layout positions survive.
 *
 * Columns: Services │ endpoints │ targets (Pods and external addresses).
 * Edges come from what routes (EndpointSlices, or legacy Endpoints where a Service has no slices);
 * the selector overlay adds the difference (pods the selector matches that are not endpoints).
 */
import type { NotJudged } from './judgeable';
import type { ServicePortRecord } from './records';

export type EndpointCondition = 'ready' | 'serving' | 'terminating' | 'not-ready';

/** Where an endpoint came from. */
export type EndpointOrigin =
  /** EndpointSlice written by the EndpointSlice controller for a Service with a selector. */
  | 'controller'
  /** EndpointSlice mirrored from a hand-written v1 Endpoints by the mirroring controller. */
  | 'mirrored'
  /** EndpointSlice written by someone else (a person, Switchboard's form, another controller). */
  | 'manual'
  /** Only a v1 Endpoints object exists for this Service (no slices). */
  | 'legacy-endpoints';

export type HealthState = 'healthy' | 'warning' | 'broken' | 'unknown';

export interface ServiceNode {
  type: 'service';
  /** `svc:<uid>` */
  id: string;
  uid: string;
  namespace: string;
  name: string;
  serviceType: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  clusterIP?: string;
  headless: boolean;
  externalName?: string;
  selector?: Record<string, string>;
  selectorless: boolean;
  ports: ServicePortRecord[];
  labels: Record<string, string>;
  endpointCount: number;
  readyCount: number;
  /**
   * Its endpoints cannot be judged (judgeable.ts `endpointsNotJudged`): what would hold them is
   * not visible to the viewer or not read yet, so its counts (0 of 0) prove nothing and are never
   * shown as a fact (lib/graph/describe.ts `endpointCountText`). Absent when they can be judged.
   */
  endpointsNotJudged?: NotJudged;
  health: HealthState;
}

export interface EndpointNode {
  type: 'endpoint';
  /** `ep:<service uid>:<address>` — one node per address of a Service, merged over its slices. */
  id: string;
  serviceId: string;
  namespace: string;
  address: string;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  ports: { name?: string; port?: number; protocol?: string }[];
  condition: EndpointCondition;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  zone?: string;
  hostname?: string;
  origin: EndpointOrigin;
  /** Names of the EndpointSlices (or the Endpoints) that list this address. */
  sources: string[];
  /** The target node id (`pod:<uid>` or `ext:<address>`), when known. */
  targetId?: string;
  /**
   * The pod this endpoint names cannot be judged (judgeable.ts): one the viewer may not see
   * (`not-visible`: drawn as "pod not visible to you") or pods the dashboard has not read yet
   * (`not-read`: "pod not read yet"). It has no target node and is never diagnosed as missing.
   */
  targetHidden?: NotJudged;
  targetRef?: { kind: string; namespace?: string; name: string; uid?: string };
}

export interface PodNode {
  type: 'pod';
  /** `pod:<uid>` */
  id: string;
  uid: string;
  namespace: string;
  name: string;
  ip?: string;
  nodeName?: string;
  phase: string;
  ready: boolean;
  terminating: boolean;
  labels: Record<string, string>;
  owner?: { kind: string; name: string };
}

export interface ExternalNode {
  type: 'external';
  /** `ext:<address>` (IP or FQDN), or `dns:<externalName>` for ExternalName Services. */
  id: string;
  address: string;
  kind: 'ip' | 'fqdn' | 'external-name';
}

export type EdgeKind =
  /** Service → endpoint: the Service routes to this address (condition says how well). */
  | 'routes'
  /** endpoint → Pod or external address. */
  | 'targets'
  /** Service → Pod: the selector matches the pod but it is not an endpoint (overlay). */
  | 'selected-not-endpoint'
  /** endpoint → Pod whose labels the selector no longer matches (overlay). */
  | 'endpoint-not-selected'
  /** ExternalName Service → its DNS name. */
  | 'external-name';

export interface TopologyEdge {
  /** `<source>-><target>` */
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  condition?: EndpointCondition;
}

export interface Topology {
  services: ServiceNode[];
  endpoints: EndpointNode[];
  pods: PodNode[];
  externals: ExternalNode[];
  edges: TopologyEdge[];
}
