/**
 * The shapes of the multi-cluster API — `GET /api/clusters`, `GET /api/search`,
 * `GET /api/compare` — and the paths of the per-cluster routes, as the browser and scripts read
 * them. One definition: the server builds these, the pages import them.
 *
 * Contract: isomorphic and free of runtime imports beyond types. A cluster's id is its kubeconfig
 * context name (stable across restarts); in a path it is always percent-encoded
 * (`clusterApiPath`), so a context named `arn:aws:eks:…/prod` is one path segment.
 */
import type { NotJudged } from '../topology/judgeable';
import type { HealthState } from '../topology/model';
import type { SyncState } from '../stream/protocol';

/**
 * How the dashboard reaches one cluster right now: `syncing` before its first complete read,
 * `live` while every watch is open, `unreachable` while any is reconnecting (down, slow,
 * refusing), `unconfigured` when its kubeconfig entry cannot be used at all, `signed-out` when
 * the cluster does not accept the signed-in person (token mode: their token is not valid there;
 * lib/auth/cluster-viewer.ts) — nothing of it is shown to them; `snapshot` when the map is a
 * recorded incident snapshot (`switchboard view FILE`): no cluster, nothing changes.
 */
export type ClusterState =
  'syncing' | 'live' | 'unreachable' | 'unconfigured' | 'signed-out' | 'snapshot';

/**
 * Whether what the dashboard holds of a cluster is the cluster's answer now — one decision
 * (lib/clusters/answer.ts) that the overview, search and compare share:
 * - `current`: read, and every watch open (or a recorded snapshot): presented as it is;
 * - `stale`: read once, but its watches have been reconnecting since `staleSince`: what is held is
 *   last-known — search and compare leave it out and list the cluster among those they could not
 *   ask; the overview shows it labelled "last known";
 * - `unread`: never read completely (first read under way, or the cluster never answered):
 *   nothing is known of it, never "not found" nor "no problems";
 * - `none`: nothing can be shown at all (`unconfigured`, `signed-out`).
 */
export type ClusterAnswer = 'current' | 'stale' | 'unread' | 'none';

/** One of a cluster's worst Services, for the overview's links. */
export interface ClusterProblem {
  namespace: string;
  name: string;
  health: Exclude<HealthState, 'healthy' | 'unknown'>;
  /** The first (cause-first) reason's one-line summary. */
  summary: string;
}

export interface ServiceHealthCounts {
  total: number;
  healthy: number;
  warning: number;
  broken: number;
}

export interface ClusterSummary {
  /** The kubeconfig context name; the `<cluster>` of `/api/clusters/<cluster>/…` and `/c/<cluster>`. */
  id: string;
  /** What to call it (the context name today). */
  name: string;
  /** True for the cluster the old, cluster-less paths mean. */
  isDefault: boolean;
  state: ClusterState;
  /** The hub's own connection word (absent when unconfigured). */
  connection?: SyncState['connection'];
  /** ISO time since which some watch has been disconnected. */
  staleSince?: string;
  lastError?: string;
  /** Whether `services` and `problems` are the cluster now, last-known, or not known at all. */
  answer: ClusterAnswer;
  /** The viewer may see nothing in this cluster (lib/access/): zero Services says nothing. */
  nothingVisible?: true;
  /** Absent when not known (the cluster could not be read for this viewer). */
  simulated?: boolean;
  /** Absent when not known (the cluster could not be read for this viewer). */
  readOnly?: boolean;
  /** Services by health, of what the viewer may see (zero while `answer` is `unread`/`none`). */
  services: ServiceHealthCounts;
  /** Up to `MAX_CLUSTER_PROBLEMS`, broken before warning, then by namespace/name. */
  problems: ClusterProblem[];
}

export const MAX_CLUSTER_PROBLEMS = 5;

/** `GET /api/clusters`: ordered by trouble (unreachable, then most broken, most warnings), then id. */
export interface ClustersAnswer {
  clusters: ClusterSummary[];
  defaultCluster: string;
}

/**
 * `GET /api/clusters?view=ids`: only the clusters' ids, in the dashboard's order (the default
 * first) — what the header's chooser polls, at no cost to the clusters.
 */
export interface ClusterIdsAnswer {
  ids: string[];
  defaultCluster: string;
}

export const CLUSTER_IDS_PATH = '/api/clusters?view=ids';

/** Why a Service matched a cross-cluster search token. */
export type SearchMatchKind = 'name' | 'label' | 'ip';

export interface SearchMatch {
  cluster: string;
  namespace: string;
  name: string;
  type: string;
  health: HealthState;
  /** What matched, once per kind: e.g. `endpoint 10.30.0.15 (pod web-1)`, `label app=web`. */
  matched: { kind: SearchMatchKind; detail: string }[];
}

/** A cluster the search or comparison could not ask, and why. */
export interface ClusterError {
  cluster: string;
  error: string;
  /** Why there is no answer: its data is last-known, never read, or cannot be shown at all. */
  answer?: Exclude<ClusterAnswer, 'current'>;
  /** With `stale`: ISO time since which its watches have been disconnected. */
  staleSince?: string;
}

/** `GET /api/search?q=`: matches in every cluster, grouped by cluster in the registry's order. */
export interface SearchAnswer {
  query: string;
  matches: SearchMatch[];
  /** Matches left out past the limit. */
  truncated: boolean;
  errors: ClusterError[];
  /**
   * Clusters searched where the viewer may see Services in some namespaces only: a query that
   * finds nothing there is no answer about the rest. Absent when there is none.
   */
  limited?: string[];
}

export interface ComparedPort {
  name?: string;
  port: number;
  protocol: string;
  targetPort?: string | number;
}

/** One cluster's column of `GET /api/compare`. */
export interface ComparedService {
  cluster: string;
  found: boolean;
  /**
   * Set when the cluster could not be asked (then `found` is false and, but for `answer` and
   * `staleSince` as in `ClusterError`, nothing else is set).
   */
  error?: string;
  answer?: Exclude<ClusterAnswer, 'current'>;
  staleSince?: string;
  /**
   * The viewer may not see Services in this namespace there (then `found` is false and nothing
   * else is set): not a difference, and it tells nothing the viewer does not know.
   */
  hidden?: true;
  type?: string;
  ports?: ComparedPort[];
  /** null: no selector (endpoints managed by hand or ExternalName). */
  selector?: Record<string, string> | null;
  /** `notJudged`: they cannot be judged there (model.ts `endpointsNotJudged`): the counts prove nothing. */
  endpoints?: { ready: number; total: number; notJudged?: NotJudged };
  health?: HealthState;
  /** The first reason's summary, or `healthy`. */
  diagnosis?: string;
}

export type ComparedField = 'found' | 'type' | 'ports' | 'selector' | 'endpoints' | 'diagnosis';

/** `GET /api/compare?namespace=&name=`. */
export interface CompareAnswer {
  namespace: string;
  name: string;
  clusters: ComparedService[];
  /** The fields whose values are not the same in every cluster that answered (`answered`). */
  differs: ComparedField[];
}

/** Whether a column is the cluster's answer: asked, current, and of a namespace the viewer sees. */
export function answered(column: ComparedService): boolean {
  return !column.error && !column.hidden;
}

/** `/api/clusters/<id>` + `rest` (rest starts with `/`, e.g. `/graph`). */
export function clusterApiPath(id: string, rest = ''): string {
  return `/api/clusters/${encodeURIComponent(id)}${rest}`;
}
