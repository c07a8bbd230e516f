/**
 * The embedded cluster's internal contract between its object store (emulator/core) and its
 * controllers, kubelet and scenarios (emulator/controllers, emulator/scenarios).
 *
 * Everything in emulator/ is the emulator's own: nothing here is imported by app/, components/
 * or lib/; the dashboard reaches it only over HTTP.
 *
 * Resources are named by their plural ("pods", "services", "endpointslices", …; the registry of
 * served resources is emulator/core/resources.ts). Objects are plain JSON as served
 * on the wire (with kind and apiVersion). Objects handed out by the store are frozen: clone
 * (structuredClone) before changing them.
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type ResourceName =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'services'
  | 'endpoints'
  | 'endpointslices'
  | 'events'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'daemonsets'
  | 'controllerrevisions'
  | 'configmaps'
  | 'serviceaccounts'
  | 'roles'
  | 'clusterroles'
  | 'rolebindings'
  | 'clusterrolebindings'
  | 'networkpolicies'
  | 'poddisruptionbudgets'
  | 'leases'
  | 'customresourcedefinitions';

/** A committed change, delivered synchronously to subscribers after the write is stored. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceName;
  /** The object as stored after the change (for DELETED: as it was, with the deletion's RV). */
  object: KubeObject;
  /** For MODIFIED and DELETED: the object before the change. */
  previous?: KubeObject;
}

export interface WriteOptions {
  /** dryRun=All: validate and default, return the result, store nothing, emit nothing. */
  dryRun?: boolean;
  fieldManager?: string;
  /** A write made through the /scale subresource (recorded as such in managedFields). */
  subresource?: 'scale';
  /**
   * Server-side apply already computed the object's managedFields (fields the strategy then
   * defaults are nobody's, as upstream): the store keeps them as given.
   */
  appliedManagedFields?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  /** Pods: seconds of graceful termination; 0 deletes at once. Defaults to the pod's spec value. */
  gracePeriodSeconds?: number;
  /** 'Background' (default for most kinds), 'Foreground' or 'Orphan'. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * The object store every controller works through. All writes go through the same validation,
 * defaulting, resourceVersion and watch machinery as HTTP requests do, and throw `ApiError`
 * (emulator/core/errors.ts) with the apiserver's Status on failure.
 */
export interface ClusterStore {
  /** The current global resourceVersion (one counter across kinds). */
  currentResourceVersion(): string;
  get(resource: ResourceName, namespace: string, name: string): KubeObject | undefined;
  /** Sorted by namespace/name. `namespace` undefined = all namespaces. */
  list(resource: ResourceName, namespace?: string): KubeObject[];
  create(resource: ResourceName, object: KubeObject, options?: WriteOptions): KubeObject;
  /** Optimistic concurrency: a metadata.resourceVersion that is not current → 409 Conflict. */
  update(resource: ResourceName, object: KubeObject, options?: WriteOptions): KubeObject;
  /** Writes only `.status` (the /status subresource). */
  updateStatus(resource: ResourceName, object: KubeObject, options?: WriteOptions): KubeObject;
  /** Pods with a grace period get a deletionTimestamp first; the kubelet (or the store when
   *  there is none) finishes the deletion. Returns the object as after the call. */
  delete(
    resource: ResourceName,
    namespace: string,
    name: string,
    options?: DeleteOptions,
  ): KubeObject;
  /** Subscribe to committed changes; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
}

/** A background loop inside the emulator (controller, kubelet, garbage collector, flapper). */
export interface Controller {
  readonly name: string;
  start(): void;
  stop(): void;
  /** Resolves when the controller has no queued work (for tests and benchmarks). */
  idle(): Promise<void>;
}

/** One entry of a 422 Invalid Status's `details.causes`, as the apiserver writes it. */
export interface FieldCause {
  reason:
    | 'FieldValueInvalid'
    | 'FieldValueRequired'
    | 'FieldValueNotSupported'
    | 'FieldValueDuplicate'
    | 'FieldValueForbidden'
    | 'FieldValueNotFound'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'InternalError';
  /** The full apiserver message, e.g. `Invalid value: "Bad_Name": a lowercase RFC 1123 …`. */
  message: string;
  /** e.g. `metadata.name`, `spec.ports[0].port`, `subsets[0].addresses[0].ip`. */
  field: string;
}

/** What a strategy may read while defaulting and validating. */
export interface StrategyContext {
  store: ClusterStore;
  /** Allocate a free ClusterIP from the service CIDR (10.96.0.0/12), or undefined when exhausted. */
  allocateClusterIP(): string | undefined;
  /** Allocate a free NodePort from 30000–32767. */
  allocateNodePort(): number | undefined;
  isClusterIPInUse(ip: string): boolean;
  isNodePortInUse(port: number): boolean;
  /** The Kubernetes minor version the cluster reports (27–33), for version-dependent rules. */
  minorVersion?: number;
}

/**
 * Per-resource apiserver behaviour plugged into the store (emulator/api/strategies): the
 * defaults the apiserver applies and its validation. The store calls `default` on a clone, then
 * `validate`; any causes make the write fail with 422 Invalid and nothing is stored.
 */
export interface ResourceStrategy {
  default?(object: KubeObject, previous: KubeObject | undefined, ctx: StrategyContext): void;
  validate?(
    object: KubeObject,
    previous: KubeObject | undefined,
    ctx: StrategyContext,
  ): FieldCause[];
  /**
   * A /status write (the registry's status strategy): prepares `object` from the stored one and
   * returns its validation causes. Without it a status write runs `default` and `validate`.
   */
  statusUpdate?(object: KubeObject, previous: KubeObject, ctx: StrategyContext): FieldCause[];
  /** Release allocations (ClusterIP, NodePort) when an object is deleted. */
  release?(object: KubeObject, ctx: StrategyContext): void;
  /**
   * upstream's WarningsOnCreate: texts for `Warning` headers on a create (POST, a PUT that
   * creates, a server-side-apply create) of the stored object, as the served minor sends them.
   */
  warningsOnCreate?(object: KubeObject, minorVersion: number): string[];
  /** upstream's WarningsOnUpdate: the same for an update of `previous` (not /status). */
  warningsOnUpdate?(object: KubeObject, previous: KubeObject, minorVersion: number): string[];
}
