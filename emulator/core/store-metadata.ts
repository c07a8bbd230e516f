/**
 * What the store does to an object's metadata and status around a write, as the generic
 * registry (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go, rest/create.go,
 * rest/update.go) and the kinds' PrepareForCreate / PrepareForUpdate do upstream: kind and
 * apiVersion from the registry, generateName, uid, creationTimestamp, metadata.generation and
 * when it bumps, the status a new object starts with, what an update may not change, the
 * resourceVersion and uid preconditions, and defaulting + validation (the kind's strategy, or
 * ObjectMeta validation for kinds without one).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { deepEqual } from './deep-equal';
import { conflict, invalid, OBJECT_MODIFIED } from './errors';
import { forbidden, required } from './field-errors';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  type NameValidator,
} from './names';
import { validateObjectMeta } from './object-meta-validation';
import { RESOURCES } from './resources';
import { asObj, cloneForWrite, type Obj, type StoreContext } from './store-context';
import { table, objectKey } from './store-tables';
import { timestamp } from './time';
import type { FieldCause, KubeObject, ResourceName } from './types';

/** A private copy of the input with the registry's kind and apiVersion. */
export function normalize(resource: ResourceName, input: KubeObject): KubeObject {
  const info = RESOURCES[resource];
  const object = cloneForWrite(input);
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

export function hasGeneration(ctx: StoreContext, resource: ResourceName): boolean {
  return (
    RESOURCES[resource].generation !== 'none' || (resource === 'pods' && ctx.minorVersion >= 33)
  );
}

function generationChanged(
  ctx: StoreContext,
  resource: ResourceName,
  next: KubeObject,
  prev: KubeObject,
): boolean {
  const mode = RESOURCES[resource].generation;
  if (mode === 'spec' || (resource === 'pods' && ctx.minorVersion >= 33)) {
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

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** generateName + 5 random characters (names.SimpleNameGenerator), avoiding taken names. */
function generateName(ctx: StoreContext, resource: ResourceName, object: KubeObject): void {
  const meta = object.metadata;
  if (meta.name || !meta.generateName) return;
  for (let attempt = 0; attempt < 8; attempt++) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += GENERATE_NAME_ALPHABET[randomInt(0, 27)];
    const candidate = `${meta.generateName}${suffix}`.slice(0, 253);
    if (!table(ctx.tables, resource).has(objectKey(resource, meta.namespace, candidate))) {
      meta.name = candidate;
      return;
    }
  }
}

/** The metadata and status a new object starts with (BeforeCreate + PrepareForCreate). */
export function prepareForCreate(
  ctx: StoreContext,
  resource: ResourceName,
  object: KubeObject,
): void {
  const meta = object.metadata;
  generateName(ctx, resource, object);
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp(ctx.now());
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.resourceVersion;
  if (hasGeneration(ctx, resource)) meta.generation = 1;
  else delete meta.generation;
  if (RESOURCES[resource].hasStatus && resource !== 'nodes') {
    const status = initialStatus(resource, object);
    if (status === undefined) delete object.status;
    else object.status = status;
  }
  if (resource === 'namespaces') {
    const spec = asObj(object.spec) ?? {};
    if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
    object.spec = spec;
  }
}

/**
 * What an update keeps from the stored object (BeforeUpdate + PrepareForUpdate): identity and
 * deletion state, status when it has its own subresource, a namespace's spec.finalizers (only
 * /finalize writes them). The generation is decided once the strategy has defaulted the object
 * (updateGeneration).
 */
export function prepareForUpdate(
  ctx: StoreContext,
  resource: ResourceName,
  next: KubeObject,
  existing: KubeObject,
): void {
  const meta = next.metadata;
  const old = existing.metadata;
  meta.uid = old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) {
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  } else delete meta.deletionGracePeriodSeconds;
  if (old.generateName !== undefined && meta.generateName === undefined) {
    meta.generateName = old.generateName;
  }
  if (RESOURCES[resource].hasStatus) {
    if (existing.status === undefined) delete next.status;
    else next.status = structuredClone(existing.status);
  }
  if (resource === 'namespaces') {
    const spec = asObj(next.spec) ?? {};
    spec.finalizers = structuredClone(asObj(existing.spec)?.finalizers ?? []);
    next.spec = spec;
  }
}

/**
 * The generation of an updated object: bumped when the spec (or, for some kinds, anything but
 * metadata) changed. Decided after the strategy's defaults, because upstream compares objects
 * that were defaulted when they were decoded: re-sending an object without its defaulted fields
 * changes nothing.
 */
export function updateGeneration(
  ctx: StoreContext,
  resource: ResourceName,
  next: KubeObject,
  existing: KubeObject,
): void {
  if (hasGeneration(ctx, resource)) {
    const gen = existing.metadata.generation ?? 1;
    next.metadata.generation = generationChanged(ctx, resource, next, existing) ? gen + 1 : gen;
  } else delete next.metadata.generation;
}

/** The name rule of kinds without a strategy: the ones upstream's registries use. */
function nameValidator(resource: ResourceName): NameValidator {
  if (resource === 'namespaces') return nameIsDNSLabel;
  if (resource === 'services') return nameIsDNS1035Label;
  return nameIsDNSSubdomain;
}

/**
 * Defaults, then validation; any cause fails the write with 422 Invalid. A /status write runs the
 * strategy's status rules instead when it has them.
 */
export function runStrategy(
  ctx: StoreContext,
  resource: ResourceName,
  object: KubeObject,
  previous: KubeObject | undefined,
  subresource?: 'status',
): void {
  const strategy = ctx.strategies[resource];
  const statusUpdate = subresource === 'status' && previous ? strategy?.statusUpdate : undefined;
  if (statusUpdate && previous) {
    const causes = statusUpdate(object, previous, ctx.strategyContext);
    if (causes.length)
      throw invalid(
        RESOURCES[resource].kind,
        RESOURCES[resource].group,
        object.metadata.name ?? '',
        causes,
      );
    return;
  }
  strategy?.default?.(object, previous, ctx.strategyContext);
  const causes: FieldCause[] = [];
  if (previous && object.metadata.deletionTimestamp) {
    const before = new Set(previous.metadata.finalizers ?? []);
    const added = (object.metadata.finalizers ?? []).filter((f) => !before.has(f));
    if (added.length) {
      causes.push(
        forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
        ),
      );
    }
  }
  const info = RESOURCES[resource];
  if (strategy?.validate) {
    // The strategy owns ObjectMeta validation (name format, labels, …) when it exists; a name
    // and a namespace are the store's to require, whatever the strategy checks.
    if (!object.metadata.name) {
      causes.push(required('metadata.name', 'name or generateName is required'));
    }
    if (info.namespaced && !object.metadata.namespace) causes.push(required('metadata.namespace'));
    causes.push(...strategy.validate(object, previous, ctx.strategyContext));
  } else {
    causes.push(...validateObjectMeta(object.metadata, info.namespaced, nameValidator(resource)));
  }
  if (causes.length) {
    throw invalid(info.kind, info.group, object.metadata.name ?? '', causes);
  }
}

/** DeleteOptions.preconditions (and an update's uid): upstream's Conflict texts. */
export function checkPreconditions(
  resource: ResourceName,
  existing: KubeObject,
  uid: string | undefined,
  resourceVersion: string | undefined,
): void {
  const checks: [string, string | undefined, string | undefined][] = [
    ['UID', uid, existing.metadata.uid],
    ['ResourceVersion', resourceVersion, existing.metadata.resourceVersion],
  ];
  for (const [what, wanted, actual] of checks) {
    if (wanted && wanted !== actual) {
      throw conflict(
        resource,
        RESOURCES[resource].group,
        existing.metadata.name ?? '',
        `Precondition failed: ${what} in precondition: ${wanted}, ${what} in object meta: ${actual ?? ''}`,
      );
    }
  }
}

/** Optimistic concurrency: a resourceVersion that is not the stored one is a 409 Conflict. */
export function checkResourceVersion(
  resource: ResourceName,
  incoming: KubeObject,
  existing: KubeObject,
): void {
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
