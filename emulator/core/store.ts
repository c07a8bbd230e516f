/**
 * The embedded apiserver's object store: the `ClusterStore` contract of ./types.ts, i.e. what
 * etcd + the generic registry (staging/src/k8s.io/apiserver/pkg/registry/generic/registry) and
 * the per-resource registry strategies do upstream. One global resourceVersion across kinds,
 * uid/creationTimestamp/generateName/generation, optimistic concurrency, status only through
 * /status, strategies' defaults + validation (422), dry-run, graceful and finalizer-driven
 * deletion, namespace lifecycle admission, and a bounded event history for watch resume.
 *
 * Writes are synchronous; committed events are delivered to subscribers in commit order (a write
 * made from inside a subscriber is queued and delivered after the current event finishes).
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
  forbidden,
  invalid,
  notFound,
  OBJECT_MODIFIED,
} from './errors';
import { IMMORTAL_NAMESPACES, RESOURCES, RESOURCE_NAMES, SYSTEM_NAMESPACES } from './resources';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue, regexError } from './selectors';
import type {
  ClusterStore,
  DeleteOptions,
  FieldCause,
  KubeObject,
  ResourceName,
  ResourceStrategy,
  StoreEvent,
  StrategyContext,
  WriteOptions,
} from './types';

export interface ClusterStoreOptions {
  /** Per-resource defaults + validation (emulator/api STRATEGIES). */
  strategies?: Partial<Record<ResourceName, ResourceStrategy>>;
  /** Events kept for watch resume; older resourceVersions get 410 Expired. Default 10,000. */
  historySize?: number;
  /**
   * Pods with a node and a grace period are deleted in two steps (deletionTimestamp, then the
   * kubelet's grace-0 delete), exactly like upstream. Default true. With false every pod delete
   * is immediate (a convenience, not upstream behaviour).
   */
  gracefulPodDeletion?: boolean;
  /**
   * The core garbage collector runs (emulator/core/garbage-collector.ts), so Orphan and
   * Foreground deletes add the `orphan` / `foregroundDeletion` finalizers it resolves. Without
   * it they behave as Background, so nothing is stuck on a finalizer nobody removes. Default true.
   */
  garbageCollection?: boolean;
  /** Kubernetes minor version served (27–33); 33+ maintains metadata.generation on pods. */
  minorVersion?: number;
  /** Create default, kube-system, kube-public and kube-node-lease at start. Default true. */
  bootstrapNamespaces?: boolean;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface DeleteResult {
  /** The object after the call: still present with deletionTimestamp, or as deleted. */
  object: KubeObject;
  /** True when the object was removed from storage (or would be, for dry-run). */
  deleted: boolean;
}

/** The store as the router, watch and core controllers use it (a superset of ClusterStore). */
export interface CoreStore extends ClusterStore {
  readonly minorVersion: number;
  readonly strategyContext: StrategyContext;
  /** Like delete(), but says whether the object is gone. */
  deleteDetailed(
    resource: ResourceName,
    namespace: string,
    name: string,
    options?: DeleteOptions,
  ): DeleteResult;
  /** The namespaces/{name}/finalize subresource: writes only spec.finalizers. */
  finalizeNamespace(object: KubeObject, options?: WriteOptions): KubeObject;
  /** The pods/{name}/binding subresource: sets spec.nodeName once, PodScheduled=True. */
  bindPod(namespace: string, name: string, nodeName: string, options?: WriteOptions): KubeObject;
  /** Committed events with resourceVersion > rv, oldest first; undefined when rv is compacted. */
  eventsSince(rv: number): StoreEvent[] | undefined;
  /** The newest resourceVersion no longer in the history (0 while nothing was evicted). */
  compactedResourceVersion(): number;
  /** Resolves true once the current RV reaches rv, false after timeoutMs. */
  waitForResourceVersion(rv: number, timeoutMs: number): Promise<boolean>;
  /** Number of stored objects of a resource (all namespaces). */
  count(resource: ResourceName, namespace?: string): number;
  /** Sorted keys (`ns/name` or `name`) for paging; shared, do not mutate. */
  sortedKeys(resource: ResourceName): readonly string[];
  getByKey(resource: ResourceName, key: string): KubeObject | undefined;
  /** Deep-frozen objects handed out by this store. */
  objectKey(resource: ResourceName, namespace: string | undefined, name: string): string;
}

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    return a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ak = Object.keys(a as object).filter(
    (k) => (a as Record<string, unknown>)[k] !== undefined,
  );
  const bk = Object.keys(b as object).filter(
    (k) => (b as Record<string, unknown>)[k] !== undefined,
  );
  if (ak.length !== bk.length) return false;
  return ak.every((k) =>
    deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

type Obj = Record<string, unknown>;

function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta validation (apimachinery ValidateObjectMeta), used when no strategy validates.

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';

function nameErrors(resource: ResourceName, name: string): string[] {
  if (resource === 'namespaces') {
    const errs: string[] = [];
    if (name.length > 63) errs.push('must be no more than 63 characters');
    if (!new RegExp(`^${DNS1123_LABEL_FMT}$`).test(name)) {
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
    }
    return errs;
  }
  if (resource === 'services') {
    const errs: string[] = [];
    if (name.length > 63) errs.push('must be no more than 63 characters');
    if (!new RegExp(`^${DNS1035_LABEL_FMT}$`).test(name)) {
      errs.push(
        regexError(
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
          DNS1035_LABEL_FMT,
          'my-name',
          'abc-123',
        ),
      );
    }
    return errs;
  }
  return isDNS1123Subdomain(name);
}

/** ObjectMeta checks every registry applies (name format, labels, annotation keys). */
export function validateObjectMeta(resource: ResourceName, object: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const meta = object.metadata;
  if (meta.name) {
    const errs = nameErrors(resource, meta.name);
    if (errs.length) causes.push(fieldInvalid('metadata.name', meta.name, errs.join('; ')));
  }
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    const keyErrs = isQualifiedName(k);
    if (keyErrs.length) causes.push(fieldInvalid('metadata.labels', k, keyErrs.join('; ')));
    const valueErrs = typeof v === 'string' ? isValidLabelValue(v) : ['must be a string'];
    if (valueErrs.length) causes.push(fieldInvalid('metadata.labels', v, valueErrs.join('; ')));
  }
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    const keyErrs = isQualifiedName(k.toLowerCase());
    if (keyErrs.length) causes.push(fieldInvalid('metadata.annotations', k, keyErrs.join('; ')));
    annotationBytes += k.length + String(v).length;
  }
  if (annotationBytes > 256 * 1024) {
    causes.push({
      reason: 'FieldValueTooLong',
      field: 'metadata.annotations',
      message: `Too long: may not be more than 262144 bytes`,
    });
  }
  return causes;
}

function podQosClass(pod: KubeObject): string {
  const spec = asObj(pod.spec);
  const containers = [
    ...((spec?.containers as Obj[] | undefined) ?? []),
    ...((spec?.initContainers as Obj[] | undefined) ?? []),
  ];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const resources = asObj(c.resources);
    const requests = asObj(resources?.requests) ?? {};
    const limits = asObj(resources?.limits) ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const limit = limits[r];
      const request = requests[r] ?? limit;
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** What PrepareForCreate does to status for resources with a status subresource. */
function initialStatus(resource: ResourceName, object: KubeObject): unknown {
  switch (resource) {
    case 'pods':
      return { phase: 'Pending', qosClass: podQosClass(object) };
    case 'services':
      return { loadBalancer: {} };
    case 'namespaces':
      return { phase: 'Active' };
    case 'deployments':
    case 'replicasets':
      return {};
    default:
      return object.status;
  }
}

// ---------------------------------------------------------------------------------------------

const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16); // 10.96.0.0/12
const SERVICE_CIDR_SIZE = 1 << 20;

function ipFromOffset(offset: number): string {
  const n = SERVICE_CIDR_BASE + offset;
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function serviceIPs(svc: KubeObject | undefined): string[] {
  const spec = asObj(svc?.spec);
  if (!spec) return [];
  const ips = new Set<string>();
  if (typeof spec.clusterIP === 'string' && spec.clusterIP && spec.clusterIP !== 'None') {
    ips.add(spec.clusterIP);
  }
  for (const ip of (spec.clusterIPs as unknown[] | undefined) ?? []) {
    if (typeof ip === 'string' && ip && ip !== 'None') ips.add(ip);
  }
  return [...ips];
}

function serviceNodePorts(svc: KubeObject | undefined): number[] {
  const spec = asObj(svc?.spec);
  if (!spec) return [];
  const ports: number[] = [];
  for (const p of (spec.ports as Obj[] | undefined) ?? []) {
    if (typeof p.nodePort === 'number' && p.nodePort > 0) ports.push(p.nodePort);
  }
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0) {
    ports.push(spec.healthCheckNodePort);
  }
  return ports;
}

export function createClusterStore(options: ClusterStoreOptions = {}): CoreStore {
  const strategies = options.strategies ?? {};
  const historySize = Math.max(1, options.historySize ?? 10_000);
  const gracefulPodDeletion = options.gracefulPodDeletion ?? true;
  const garbageCollection = options.garbageCollection ?? true;
  const minorVersion = options.minorVersion ?? 33;
  const now = options.now ?? (() => new Date());

  const data = new Map<ResourceName, Map<string, KubeObject>>();
  const sorted = new Map<ResourceName, string[] | undefined>();
  for (const r of RESOURCE_NAMES) data.set(r, new Map());

  let rv = 0;
  let compacted = 0;
  const ring: (StoreEvent | undefined)[] = new Array<StoreEvent | undefined>(historySize);
  let ringStart = 0;
  let ringCount = 0;
  const listeners = new Set<(event: StoreEvent) => void>();
  const pending: StoreEvent[] = [];
  let dispatching = false;
  const rvWaiters = new Set<{ rv: number; resolve: (ok: boolean) => void }>();

  const usedIPs = new Set<string>();
  const usedNodePorts = new Set<number>();
  const pendingIPs = new Set<string>();
  const pendingNodePorts = new Set<number>();

  const strategyContext: StrategyContext = {
    store: undefined as unknown as ClusterStore,
    allocateClusterIP() {
      const free = (offset: number) => {
        const ip = ipFromOffset(offset);
        return !usedIPs.has(ip) && !pendingIPs.has(ip) ? ip : undefined;
      };
      // Offset 0 is the network address, 1 belongs to default/kubernetes, the last to broadcast.
      for (let i = 0; i < 64; i++) {
        const ip = free(randomInt(2, SERVICE_CIDR_SIZE - 1));
        if (ip) {
          pendingIPs.add(ip);
          return ip;
        }
      }
      for (let offset = 2; offset < SERVICE_CIDR_SIZE - 1; offset++) {
        const ip = free(offset);
        if (ip) {
          pendingIPs.add(ip);
          return ip;
        }
      }
      return undefined;
    },
    allocateNodePort() {
      const free = (p: number) => !usedNodePorts.has(p) && !pendingNodePorts.has(p);
      for (let i = 0; i < 64; i++) {
        const p = randomInt(30000, 32768);
        if (free(p)) {
          pendingNodePorts.add(p);
          return p;
        }
      }
      for (let p = 30000; p <= 32767; p++) {
        if (free(p)) {
          pendingNodePorts.add(p);
          return p;
        }
      }
      return undefined;
    },
    isClusterIPInUse: (ip) => usedIPs.has(ip) || pendingIPs.has(ip),
    isNodePortInUse: (port) => usedNodePorts.has(port) || pendingNodePorts.has(port),
  };

  const objectKey = (resource: ResourceName, namespace: string | undefined, name: string) =>
    RESOURCES[resource].namespaced ? `${namespace ?? ''}/${name}` : name;

  const table = (resource: ResourceName) => data.get(resource)!;

  function pushHistory(event: StoreEvent) {
    if (ringCount === historySize) {
      const evicted = ring[ringStart];
      compacted = Number(evicted?.object.metadata.resourceVersion ?? compacted);
      ring[ringStart] = event;
      ringStart = (ringStart + 1) % historySize;
    } else {
      ring[(ringStart + ringCount) % historySize] = event;
      ringCount++;
    }
  }

  function dispatch(event: StoreEvent) {
    pending.push(event);
    if (dispatching) return;
    dispatching = true;
    try {
      while (pending.length) {
        const next = pending.shift()!;
        for (const listener of [...listeners]) {
          try {
            listener(next);
          } catch (error) {
            console.error('emulator store: a subscriber threw', error);
          }
        }
      }
    } finally {
      dispatching = false;
    }
  }

  function trackAllocations(resource: ResourceName, before?: KubeObject, after?: KubeObject) {
    if (resource !== 'services') return;
    for (const ip of serviceIPs(before)) usedIPs.delete(ip);
    for (const p of serviceNodePorts(before)) usedNodePorts.delete(p);
    for (const ip of serviceIPs(after)) usedIPs.add(ip);
    for (const p of serviceNodePorts(after)) usedNodePorts.add(p);
  }

  /** Stores the object with a new RV and emits the event. */
  function commit(
    resource: ResourceName,
    type: StoreEvent['type'],
    object: KubeObject,
    previous: KubeObject | undefined,
  ): KubeObject {
    rv++;
    object.metadata.resourceVersion = String(rv);
    deepFreeze(object);
    const key = objectKey(resource, object.metadata.namespace, object.metadata.name ?? '');
    const t = table(resource);
    if (type === 'DELETED') {
      t.delete(key);
      sorted.set(resource, undefined);
      trackAllocations(resource, previous, undefined);
    } else {
      if (!t.has(key)) sorted.set(resource, undefined);
      t.set(key, object);
      trackAllocations(resource, previous, object);
    }
    const event: StoreEvent = previous
      ? { type, resource, object, previous }
      : { type, resource, object };
    pushHistory(event);
    for (const waiter of [...rvWaiters]) {
      if (rv >= waiter.rv) {
        rvWaiters.delete(waiter);
        waiter.resolve(true);
      }
    }
    dispatch(event);
    return object;
  }

  function withPendingAllocations<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      pendingIPs.clear();
      pendingNodePorts.clear();
    }
  }

  function runStrategy(
    resource: ResourceName,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): void {
    const strategy = strategies[resource];
    strategy?.default?.(object, previous, strategyContext);
    const causes: FieldCause[] = [];
    if (previous && object.metadata.deletionTimestamp) {
      const before = new Set(previous.metadata.finalizers ?? []);
      const added = (object.metadata.finalizers ?? []).filter((f) => !before.has(f));
      if (added.length) {
        causes.push(
          fieldForbidden(
            'metadata.finalizers',
            `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
          ),
        );
      }
    }
    if (strategy?.validate) {
      // The strategy owns ObjectMeta validation (names, namespace, labels) when it exists.
      causes.push(...strategy.validate(object, previous, strategyContext));
    } else {
      if (!object.metadata.name) {
        causes.push(fieldRequired('metadata.name', 'name or generateName is required'));
      }
      if (RESOURCES[resource].namespaced && !object.metadata.namespace) {
        causes.push(fieldRequired('metadata.namespace', ''));
      }
      causes.push(...validateObjectMeta(resource, object));
    }
    if (causes.length) {
      const info = RESOURCES[resource];
      throw invalid(info.kind, info.group, object.metadata.name ?? '', causes);
    }
  }

  function checkNamespace(resource: ResourceName, namespace: string, name: string | undefined) {
    const ns = table('namespaces').get(namespace);
    if (!ns) throw notFound('namespaces', '', namespace);
    if (ns.metadata.deletionTimestamp) {
      const info = RESOURCES[resource];
      throw forbidden(
        resource,
        info.group,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
  }

  function normalize(resource: ResourceName, input: KubeObject): KubeObject {
    const info = RESOURCES[resource];
    const object = structuredClone(input) as KubeObject;
    object.apiVersion = info.apiVersion;
    object.kind = info.kind;
    object.metadata = object.metadata ?? {};
    if (!info.namespaced) delete object.metadata.namespace;
    if (resource === 'namespaces' && object.metadata.name) {
      // NamespaceStrategy labels every namespace with its own name (1.21+).
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': object.metadata.name,
      };
    }
    return object;
  }

  function generationChanged(resource: ResourceName, next: KubeObject, prev: KubeObject): boolean {
    const mode = RESOURCES[resource].generation;
    if (mode === 'spec' || (resource === 'pods' && minorVersion >= 33)) {
      return !deepEqual(next.spec, prev.spec);
    }
    if (mode === 'non-metadata') {
      const strip = (o: KubeObject) => {
        const { metadata: _m, ...rest } = o;
        return rest;
      };
      return (
        !deepEqual(strip(next), strip(prev)) ||
        !deepEqual(next.metadata.labels ?? {}, prev.metadata.labels ?? {})
      );
    }
    return false;
  }

  function hasGeneration(resource: ResourceName): boolean {
    return RESOURCES[resource].generation !== 'none' || (resource === 'pods' && minorVersion >= 33);
  }

  function create(resource: ResourceName, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const info = RESOURCES[resource];
    const object = normalize(resource, input);
    const meta = object.metadata;
    if (meta.resourceVersion) {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    if (info.namespaced && meta.namespace) checkNamespace(resource, meta.namespace, meta.name);
    return withPendingAllocations(() => {
      if (!meta.name && meta.generateName) {
        for (let attempt = 0; attempt < 8; attempt++) {
          let suffix = '';
          for (let i = 0; i < 5; i++) suffix += GENERATE_NAME_ALPHABET[randomInt(0, 27)];
          const candidate = `${meta.generateName}${suffix}`.slice(0, 253);
          if (!table(resource).has(objectKey(resource, meta.namespace, candidate))) {
            meta.name = candidate;
            break;
          }
        }
      }
      meta.uid = randomUUID();
      meta.creationTimestamp = timestamp(now());
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
      delete meta.resourceVersion;
      if (hasGeneration(resource)) meta.generation = 1;
      else delete meta.generation;
      if (info.hasStatus && resource !== 'nodes') {
        const status = initialStatus(resource, object);
        if (status === undefined) delete object.status;
        else object.status = status;
      }
      if (resource === 'namespaces') {
        const spec = (asObj(object.spec) ?? {}) as Obj;
        if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
        object.spec = spec;
      }
      runStrategy(resource, object, undefined);
      const key = objectKey(resource, meta.namespace, meta.name!);
      if (table(resource).has(key)) throw alreadyExists(resource, info.group, meta.name!);
      if (opts.dryRun) return deepFreeze(object);
      return commit(resource, 'ADDED', object, undefined);
    });
  }

  function checkPreconditions(
    resource: ResourceName,
    existing: KubeObject,
    uid: string | undefined,
    resourceVersion: string | undefined,
  ) {
    const info = RESOURCES[resource];
    const name = existing.metadata.name ?? '';
    if (uid && uid !== existing.metadata.uid) {
      throw conflict(
        resource,
        info.group,
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid ?? ''}`,
      );
    }
    if (resourceVersion && resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(
        resource,
        info.group,
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion ?? ''}`,
      );
    }
  }

  function requireExisting(resource: ResourceName, namespace: string | undefined, name: string) {
    const existing = table(resource).get(objectKey(resource, namespace, name));
    if (!existing) throw notFound(resource, RESOURCES[resource].group, name);
    return existing;
  }

  function checkRV(resource: ResourceName, incoming: KubeObject, existing: KubeObject) {
    const wanted = incoming.metadata.resourceVersion;
    if (wanted && wanted !== existing.metadata.resourceVersion) {
      throw conflict(
        resource,
        RESOURCES[resource].group,
        existing.metadata.name ?? '',
        OBJECT_MODIFIED,
      );
    }
    if (incoming.metadata.uid && incoming.metadata.uid !== existing.metadata.uid) {
      checkPreconditions(resource, existing, incoming.metadata.uid, undefined);
    }
  }

  /** Writes `next` over `existing`: no-op detection, finalizer-completed deletion. */
  function commitUpdate(
    resource: ResourceName,
    next: KubeObject,
    existing: KubeObject,
    opts: WriteOptions,
  ): KubeObject {
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    const shouldDelete =
      existing.metadata.deletionTimestamp !== undefined &&
      (next.metadata.finalizers ?? []).length === 0 &&
      existing.metadata.deletionGracePeriodSeconds === 0 &&
      !(resource === 'namespaces' && namespacePendingFinalizers(next));
    if (!shouldDelete && deepEqual(next, existing)) return existing;
    if (opts.dryRun) return deepFreeze(next);
    if (shouldDelete) {
      strategies[resource]?.release?.(next, strategyContext);
      return commit(resource, 'DELETED', next, existing);
    }
    return commit(resource, 'MODIFIED', next, existing);
  }

  function update(resource: ResourceName, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const info = RESOURCES[resource];
    const incoming = normalize(resource, input);
    const name = incoming.metadata.name ?? '';
    const namespace = incoming.metadata.namespace;
    const existing = table(resource).get(objectKey(resource, namespace, name));
    if (!existing) {
      if (info.allowCreateOnUpdate) {
        const { resourceVersion: _rv, ...metadata } = incoming.metadata;
        return create(resource, { ...incoming, metadata }, opts);
      }
      throw notFound(resource, info.group, name);
    }
    checkRV(resource, incoming, existing);
    return withPendingAllocations(() => {
      const next = incoming;
      const meta = next.metadata;
      meta.uid = existing.metadata.uid;
      meta.creationTimestamp = existing.metadata.creationTimestamp;
      if (existing.metadata.deletionTimestamp) {
        meta.deletionTimestamp = existing.metadata.deletionTimestamp;
      } else delete meta.deletionTimestamp;
      if (existing.metadata.deletionGracePeriodSeconds !== undefined) {
        meta.deletionGracePeriodSeconds = existing.metadata.deletionGracePeriodSeconds;
      } else delete meta.deletionGracePeriodSeconds;
      if (existing.metadata.generateName !== undefined && meta.generateName === undefined) {
        meta.generateName = existing.metadata.generateName;
      }
      if (info.hasStatus) {
        if (existing.status === undefined) delete next.status;
        else next.status = structuredClone(existing.status);
      }
      if (resource === 'namespaces') {
        const spec = (asObj(next.spec) ?? {}) as Obj;
        spec.finalizers = structuredClone(asObj(existing.spec)?.finalizers ?? []);
        next.spec = spec;
      }
      if (hasGeneration(resource)) {
        const gen = existing.metadata.generation ?? 1;
        meta.generation = generationChanged(resource, next, existing) ? gen + 1 : gen;
      } else delete meta.generation;
      runStrategy(resource, next, existing);
      return commitUpdate(resource, next, existing, opts);
    });
  }

  function updateStatus(resource: ResourceName, input: KubeObject, opts: WriteOptions = {}) {
    const incoming = normalize(resource, input);
    const existing = requireExisting(
      resource,
      incoming.metadata.namespace,
      incoming.metadata.name ?? '',
    );
    checkRV(resource, incoming, existing);
    return withPendingAllocations(() => {
      const next = structuredClone(existing) as KubeObject;
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
      runStrategy(resource, next, existing);
      return commitUpdate(resource, next, existing, opts);
    });
  }

  function namespacePendingFinalizers(ns: KubeObject): boolean {
    const finalizers = asObj(ns.spec)?.finalizers;
    return Array.isArray(finalizers) && finalizers.length > 0;
  }

  function finalizeNamespace(input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const incoming = normalize('namespaces', input);
    const existing = requireExisting('namespaces', undefined, incoming.metadata.name ?? '');
    checkRV('namespaces', incoming, existing);
    const next = structuredClone(existing) as KubeObject;
    const spec = (asObj(next.spec) ?? {}) as Obj;
    const finalizers = asObj(incoming.spec)?.finalizers;
    if (Array.isArray(finalizers) && finalizers.length)
      spec.finalizers = structuredClone(finalizers);
    else delete spec.finalizers;
    next.spec = spec;
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (deepEqual(next, existing)) return existing;
    if (opts.dryRun) return deepFreeze(next);
    return commit('namespaces', 'MODIFIED', next, existing);
  }

  function bindPod(namespace: string, name: string, nodeName: string, opts: WriteOptions = {}) {
    const existing = requireExisting('pods', namespace, name);
    const spec = asObj(existing.spec) ?? {};
    if (spec.nodeName) {
      throw conflict(
        'pods',
        '',
        name,
        `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`,
      );
    }
    if (existing.metadata.deletionTimestamp) {
      throw conflict(
        'pods',
        '',
        name,
        `pod ${name} is being deleted, cannot be assigned to a host`,
      );
    }
    const next = structuredClone(existing) as KubeObject;
    (next.spec as Obj).nodeName = nodeName;
    const status = (asObj(next.status) ?? {}) as Obj;
    const conditions = ((status.conditions as Obj[] | undefined) ?? []).filter(
      (c) => c.type !== 'PodScheduled',
    );
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: timestamp(now()),
    });
    status.conditions = conditions;
    next.status = status;
    if (hasGeneration('pods')) next.metadata.generation = existing.metadata.generation ?? 1;
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (opts.dryRun) return deepFreeze(next);
    return commit('pods', 'MODIFIED', next, existing);
  }

  function deleteDetailed(
    resource: ResourceName,
    namespace: string,
    name: string,
    opts: DeleteOptions = {},
  ): DeleteResult {
    const info = RESOURCES[resource];
    const existing = requireExisting(resource, info.namespaced ? namespace : undefined, name);
    checkPreconditions(
      resource,
      existing,
      opts.preconditions?.uid,
      opts.preconditions?.resourceVersion,
    );
    if (resource === 'namespaces' && IMMORTAL_NAMESPACES.has(name)) {
      throw forbidden('namespaces', '', name, 'this namespace may not be deleted');
    }
    const next = structuredClone(existing) as KubeObject;
    const meta = next.metadata;
    const stamp = timestamp(now());

    if (resource === 'namespaces') {
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = stamp;
        next.status = { ...(asObj(next.status) ?? {}), phase: 'Terminating' };
      }
      if (!namespacePendingFinalizers(next) && (meta.finalizers ?? []).length === 0) {
        return remove(resource, next, existing, opts);
      }
      return { object: commitOrDry(resource, next, existing, opts), deleted: false };
    }

    // Propagation policy → GC finalizers (only while a garbage collector resolves them).
    if (garbageCollection && !existing.metadata.deletionTimestamp) {
      const finalizers = new Set(meta.finalizers ?? []);
      if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
      if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
      if (finalizers.size) meta.finalizers = [...finalizers];
    }
    const hasFinalizers = (meta.finalizers ?? []).length > 0;

    if (resource === 'pods') {
      const spec = asObj(existing.spec) ?? {};
      const phase = asObj(existing.status)?.phase;
      let grace =
        opts.gracePeriodSeconds ??
        (typeof spec.terminationGracePeriodSeconds === 'number'
          ? spec.terminationGracePeriodSeconds
          : 30);
      if (grace < 0) grace = 1; // upstream: negative means "1 second"
      if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed' || !gracefulPodDeletion) {
        grace = 0;
      }
      const current = existing.metadata.deletionGracePeriodSeconds;
      if (grace > 0) {
        // Graceful: (re)start the countdown, only ever shortening it.
        if (existing.metadata.deletionTimestamp && current !== undefined && grace >= current) {
          return { object: existing, deleted: false };
        }
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = timestamp(new Date(now().getTime() + grace * 1000));
        return { object: commitOrDry(resource, next, existing, opts), deleted: false };
      }
      if (hasFinalizers) {
        meta.deletionTimestamp ??= stamp;
        meta.deletionGracePeriodSeconds = 0;
        return { object: commitOrDry(resource, next, existing, opts), deleted: false };
      }
      return remove(resource, next, existing, opts);
    }

    if (hasFinalizers) {
      if (
        existing.metadata.deletionTimestamp &&
        deepEqual(meta.finalizers, existing.metadata.finalizers)
      ) {
        return { object: existing, deleted: false };
      }
      meta.deletionTimestamp ??= stamp;
      meta.deletionGracePeriodSeconds = 0;
      return { object: commitOrDry(resource, next, existing, opts), deleted: false };
    }
    return remove(resource, next, existing, opts);
  }

  function commitOrDry(
    resource: ResourceName,
    next: KubeObject,
    existing: KubeObject,
    opts: WriteOptions,
  ): KubeObject {
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (deepEqual(next, existing)) return existing;
    if (opts.dryRun) return deepFreeze(next);
    return commit(resource, 'MODIFIED', next, existing);
  }

  function remove(
    resource: ResourceName,
    next: KubeObject,
    existing: KubeObject,
    opts: WriteOptions,
  ): DeleteResult {
    if (opts.dryRun) return { object: deepFreeze(next), deleted: true };
    strategies[resource]?.release?.(existing, strategyContext);
    return { object: commit(resource, 'DELETED', next, existing), deleted: true };
  }

  function sortedKeys(resource: ResourceName): readonly string[] {
    let keys = sorted.get(resource);
    if (!keys) {
      keys = [...table(resource).keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      sorted.set(resource, keys);
    }
    return keys;
  }

  function list(resource: ResourceName, namespace?: string): KubeObject[] {
    const keys = sortedKeys(resource);
    const t = table(resource);
    if (namespace === undefined || !RESOURCES[resource].namespaced) {
      return keys.map((k) => t.get(k)!);
    }
    const prefix = `${namespace}/`;
    let lo = lowerBound(keys, prefix);
    const out: KubeObject[] = [];
    for (; lo < keys.length && keys[lo]!.startsWith(prefix); lo++) out.push(t.get(keys[lo]!)!);
    return out;
  }

  const store: CoreStore = {
    minorVersion,
    strategyContext,
    currentResourceVersion: () => String(rv),
    get(resource, namespace, name) {
      return table(resource).get(objectKey(resource, namespace, name));
    },
    list,
    create,
    update,
    updateStatus,
    delete(resource, namespace, name, opts) {
      return deleteDetailed(resource, namespace, name, opts).object;
    },
    deleteDetailed,
    finalizeNamespace,
    bindPod,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    eventsSince(since) {
      if (since < compacted) return undefined;
      const out: StoreEvent[] = [];
      // Binary search for the first event with RV > since.
      let lo = 0;
      let hi = ringCount;
      const rvAt = (i: number) =>
        Number(ring[(ringStart + i) % historySize]!.object.metadata.resourceVersion);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rvAt(mid) <= since) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < ringCount; i++) out.push(ring[(ringStart + i) % historySize]!);
      return out;
    },
    compactedResourceVersion: () => compacted,
    waitForResourceVersion(target, timeoutMs) {
      if (rv >= target) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = {
          rv: target,
          resolve: (ok: boolean) => {
            clearTimeout(timer);
            resolve(ok);
          },
        };
        const timer = setTimeout(() => {
          rvWaiters.delete(waiter);
          resolve(false);
        }, timeoutMs);
        rvWaiters.add(waiter);
      });
    },
    count(resource, namespace) {
      if (namespace === undefined) return table(resource).size;
      return list(resource, namespace).length;
    },
    sortedKeys,
    getByKey: (resource, key) => table(resource).get(key),
    objectKey,
  };
  strategyContext.store = store;

  if (options.bootstrapNamespaces ?? true) {
    for (const name of SYSTEM_NAMESPACES) {
      create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
  return store;
}

export function lowerBound(keys: readonly string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export { ApiError };
