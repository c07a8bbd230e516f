/**
 * What the REST handlers share, as one explicit context instead of a closure: the store, the
 * reported Kubernetes version, the admission plugins writes pass, the open watches and their
 * limits, Table conversion and the clock Tables read ages from. Each handler module is plain functions of (`RestContext`,
 * `RestRequest`); `handler.ts` resolves the route and verb and picks the function.
 */
import type { WatchLabels } from '../../api/metrics';
import type { Authorizer, UserInfo } from '../../auth/types';
import type { ResourceInfo } from '../../core/resources';
import type { CoreStore } from '../../core/store';
import type { KubeObject, ResourceName } from '../../core/types';
import type { ActiveWatch } from '../../core/watch';
import type { RbacWrite } from '../../auth/rbac/cluster-rbac';
import type { ApiError } from '../../core/errors';
import type { AdmissionPlugin } from '../admission/admission';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Objects → meta.k8s.io/v1 Table (emulator/api/tables buildTable). */
export type TableConvertor = (
  resource: ResourceName,
  objects: KubeObject[],
  listMeta: { resourceVersion: string; continue?: string },
  options: { includeObject: IncludeObject; now: Date },
) => Record<string, unknown>;

export interface WatchLimits {
  /** Interval of BOOKMARK events for allowWatchBookmarks=true. */
  bookmarkIntervalMs: number;
  /** Unsent events a watcher may hold for longer than slowGraceMs. */
  maxQueuedEvents: number;
  /** How long a watcher may stay over maxQueuedEvents before it is closed. */
  slowGraceMs: number;
}

export interface RestContext {
  store: CoreStore;
  /** Kubernetes minor version reported (27–33). */
  minorVersion: number;
  /** What every write passes before the store (../admission). */
  admission: AdmissionPlugin;
  /** Every open watch, so shutdown can end them and /metrics can count them. */
  watches: Map<ActiveWatch, WatchLabels>;
  /** Other open streams (a followed pod log), so shutdown can end them too. */
  streams: Set<{ close(): void }>;
  watchLimits: WatchLimits;
  /** How long a read at a future resourceVersion waits before 504. */
  futureResourceVersionWaitMs: number;
  convertToTable: TableConvertor;
  now: () => Date;
  /**
   * The registry's guard on a whole object about to be created or updated, after admission (the
   * escalation checks RBAC's policy-based storages make); returns the error that refuses it.
   */
  admit?: (write: RbacWrite) => ApiError | undefined;
  /**
   * The chain's authorizer, for the one check a handler makes itself: a PUT or an apply that
   * creates its object is also authorized as `create` (see write.ts `authorizeCreate`).
   */
  authorizer?: Authorizer;
}

/** The served resource a request addresses. `namespace` is unset for cluster-wide requests. */
export interface Route {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface RestRequest {
  request: Request;
  url: URL;
  route: Route;
  /** The request body (empty for GET). */
  body: Uint8Array;
  /** Who sent it (the authentication layer's answer). */
  user: UserInfo;
}
