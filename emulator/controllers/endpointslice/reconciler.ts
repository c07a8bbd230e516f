/**
 * The EndpointSlice reconciler (upstream staging/src/k8s.io/endpointslice/reconciler.go): for a
 * Service and the pods it selects, one set of slices per address type and per distinct port
 * mapping, at most `maxEndpointsPerSlice` endpoints each. It keeps and updates slices in place,
 * fills the slices being updated first, puts a small remainder into the fullest unchanged slice
 * that fits, creates new slices for the rest, deletes emptied ones, keeps one empty placeholder
 * slice for a Service with no endpoints, reconciles topology hints (traffic-distribution.ts),
 * turns create+delete pairs into updates, and writes nothing when nothing changed. Pods on a
 * Node that does not exist are left out and reported, so the Service is retried.
 */
import type { ClusterStore, KubeObject } from '../../core/types';
import type { OwnWrites } from '../controller-loop';
import { setTriggerTime } from '../trigger-time';
import { type IPFamily } from '../../core/ip';
import { type PodLike, type ServiceLike, shouldPodBeInEndpoints } from '../util';
import { CONTROLLER_MANAGER, deleteIfPresent } from '../writes';
import { effectiveTrafficDistribution, reconcileHints } from './traffic-distribution';
import {
  type EndpointSlice,
  type SliceEndpoint,
  type SlicePort,
  addressTypesForService,
  compareEndpoints,
  endpointKey,
  endpointPortsForPod,
  endpointsEqualBeyondHash,
  isPlaceholderEquivalent,
  newSlice,
  ownedBy,
  podToEndpoint,
  portMapKey,
  sliceLabelsFor,
} from './utils';

export interface ReconcilerContext {
  store: ClusterStore;
  ownWrites: OwnWrites;
  maxEndpointsPerSlice: number;
  /** Kubernetes minor version served (trafficDistribution is honoured from 1.31). */
  minorVersion: number;
  node(name: string): KubeObject | undefined;
}

export interface Plan {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
}

const emptyPlan = (): Plan => ({ toCreate: [], toUpdate: [], toDelete: [] });

function mergeInto(plan: Plan, sub: Plan): void {
  plan.toCreate.push(...sub.toCreate);
  plan.toUpdate.push(...sub.toUpdate);
  plan.toDelete.push(...sub.toDelete);
}

/** upstream getSliceToFill: the slice that ends closest to full after adding n endpoints. */
function sliceToFill(slices: EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  if (n > max) return undefined;
  let best: EndpointSlice | undefined;
  let closest = max;
  for (const slice of slices) {
    const diff = max - (n + (slice.endpoints ?? []).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = slice;
    }
  }
  return best;
}

/** upstream reconcileByPortMapping. `desired` is consumed. */
function reconcileByPortMapping(
  service: KubeObject,
  existing: EndpointSlice[],
  desired: Map<string, SliceEndpoint>,
  ports: SlicePort[],
  addressType: IPFamily,
  max: number,
): Plan {
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();
  const replace = (slice: EndpointSlice, change: (copy: EndpointSlice) => void) => {
    const copy = structuredClone(slice) as EndpointSlice;
    change(copy);
    byName.set(copy.metadata.name ?? '', copy);
    toUpdate.add(copy.metadata.name ?? '');
  };

  // 1. Keep the desired endpoints existing slices hold, noting changed and removed ones.
  for (const slice of existing) {
    const name = slice.metadata.name ?? '';
    byName.set(name, slice);
    const kept: SliceEndpoint[] = [];
    let endpointUpdated = false;
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondHash(want, endpoint)) endpointUpdated = true;
      desired.delete(key);
    }
    const [labels, labelsChanged] = sliceLabelsFor(slice, service);
    if (endpointUpdated || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        replace(slice, (copy) => {
          copy.endpoints = kept;
          copy.metadata.labels = labels;
        });
      }
    } else if (labelsChanged) {
      replace(slice, (copy) => (copy.metadata.labels = labels));
    } else {
      unchanged.add(name);
    }
  }

  // 2. Fill the slices already being updated, fullest first.
  const remaining = [...desired.values()].sort(compareEndpoints);
  if (remaining.length > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate]
      .map((n) => byName.get(n) as EndpointSlice)
      .sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length);
    for (const slice of slices) {
      while (remaining.length > 0 && (slice.endpoints ?? []).length < max) {
        (slice.endpoints ??= []).push(remaining.shift() as SliceEndpoint);
      }
    }
  }

  // 3. A remainder goes into the unchanged slice it fills best, else into new slices.
  const toCreate: EndpointSlice[] = [];
  while (remaining.length > 0) {
    let target: EndpointSlice | undefined;
    if (remaining.length < max && unchanged.size > 0) {
      const candidates = [...unchanged].map((n) => byName.get(n) as EndpointSlice);
      const found = sliceToFill(candidates, remaining.length, max);
      if (found) {
        target = structuredClone(found) as EndpointSlice;
        byName.set(target.metadata.name ?? '', target);
      }
    }
    target ??= newSlice(service, ports, addressType);
    while (remaining.length > 0 && (target.endpoints ?? []).length < max) {
      (target.endpoints ??= []).push(remaining.shift() as SliceEndpoint);
    }
    if (target.metadata.name) {
      toUpdate.add(target.metadata.name);
      unchanged.delete(target.metadata.name);
    } else toCreate.push(target);
  }

  return {
    toCreate,
    toUpdate: [...toUpdate].map((n) => byName.get(n) as EndpointSlice),
    toDelete: [...toDelete].map((n) => byName.get(n) as EndpointSlice),
  };
}

/** upstream reconcileByAddressType (up to finalize). Pods on missing Nodes go to `errors`. */
function reconcileByAddressType(
  ctx: ReconcilerContext,
  service: KubeObject,
  pods: readonly KubeObject[],
  existing: EndpointSlice[],
  addressType: IPFamily,
  errors: string[],
): Plan {
  const plan = emptyPlan();
  const existingByPortMap = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    if (!ownedBy(slice, service)) {
      plan.toDelete.push(slice);
      continue;
    }
    const key = portMapKey(slice.ports);
    existingByPortMap.set(key, [...(existingByPortMap.get(key) ?? []), slice]);
  }

  const publishNotReady = (service as ServiceLike).spec?.publishNotReadyAddresses === true;
  const desiredByPortMap = new Map<
    string,
    { ports: SlicePort[]; endpoints: Map<string, SliceEndpoint> }
  >();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPortsForPod(service, pod);
    const key = portMapKey(ports);
    let group = desiredByPortMap.get(key);
    if (!group) desiredByPortMap.set(key, (group = { ports, endpoints: new Map() }));
    const nodeName = (pod as PodLike).spec?.nodeName ?? '';
    const node = nodeName ? ctx.node(nodeName) : undefined;
    if (!node && !publishNotReady) {
      errors.push(`${pod.metadata.name} (node "${nodeName}")`);
      continue;
    }
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (endpoint.addresses.length > 0) group.endpoints.set(endpointKey(endpoint), endpoint);
  }

  for (const [key, group] of desiredByPortMap) {
    const existingSlices = existingByPortMap.get(key) ?? [];
    const max = ctx.maxEndpointsPerSlice;
    mergeInto(
      plan,
      reconcileByPortMapping(
        service,
        existingSlices,
        group.endpoints,
        group.ports,
        addressType,
        max,
      ),
    );
  }
  for (const [key, slices] of existingByPortMap) {
    if (!desiredByPortMap.has(key)) plan.toDelete.push(...slices);
  }

  // A Service with no endpoints of this type keeps exactly one empty placeholder slice.
  if (existing.length === plan.toDelete.length && plan.toCreate.length < 1) {
    const placeholder = newSlice(service, [], addressType);
    const only = plan.toDelete[0];
    if (plan.toDelete.length === 1 && only && isPlaceholderEquivalent(only, placeholder)) {
      plan.toDelete = [];
    } else {
      plan.toCreate.push(placeholder);
    }
  }

  const changed = new Set([...plan.toUpdate, ...plan.toDelete].map((s) => s.metadata.name));
  const unchanged = existing.filter((s) => !changed.has(s.metadata.name));
  reconcileHints(effectiveTrafficDistribution(ctx.minorVersion, service), plan, unchanged);
  return plan;
}

/** upstream finalize: recycle deletes into creates, then create, update and delete. */
function finalize(
  ctx: ReconcilerContext,
  service: KubeObject,
  plan: Plan,
  triggerTime: string | undefined,
): void {
  for (let i = 0; i < plan.toDelete.length;) {
    const create = plan.toCreate[plan.toCreate.length - 1];
    if (!create) break;
    const doomed = plan.toDelete[i] as EndpointSlice;
    if (doomed.addressType === create.addressType && ownedBy(doomed, service)) {
      const recycled = structuredClone(doomed) as EndpointSlice;
      recycled.metadata.labels = create.metadata.labels;
      recycled.metadata.ownerReferences = create.metadata.ownerReferences;
      recycled.endpoints = create.endpoints;
      recycled.ports = create.ports;
      plan.toCreate.pop();
      plan.toUpdate.push(recycled);
      plan.toDelete.splice(i, 1);
    } else i++;
  }
  ctx.ownWrites.run(() => {
    // No new slices for a Service being deleted: the garbage collector is removing them.
    if (!service.metadata.deletionTimestamp) {
      for (const slice of plan.toCreate) {
        setTriggerTime(slice, triggerTime);
        ctx.store.create('endpointslices', slice, CONTROLLER_MANAGER);
      }
    }
    for (const slice of plan.toUpdate) {
      setTriggerTime(slice, triggerTime);
      ctx.store.update('endpointslices', slice, CONTROLLER_MANAGER);
    }
    for (const slice of plan.toDelete) deleteIfPresent(ctx.store, 'endpointslices', slice);
  });
}

/**
 * upstream Reconcile: brings the Service's slices to what its pods want; returns the pods left
 * out because their Node does not exist.
 */
export function reconcile(
  ctx: ReconcilerContext,
  service: KubeObject,
  pods: readonly KubeObject[],
  existing: readonly EndpointSlice[],
  triggerTime: string | undefined,
): string[] {
  const errors: string[] = [];
  const plan = emptyPlan();
  const supported = addressTypesForService(service);
  for (const slice of existing) {
    if (!supported.has(slice.addressType as IPFamily)) plan.toDelete.push(slice);
  }
  for (const addressType of supported) {
    const ofType = existing.filter((s) => s.addressType === addressType);
    mergeInto(plan, reconcileByAddressType(ctx, service, pods, ofType, addressType, errors));
  }
  finalize(ctx, service, plan, triggerTime);
  return errors;
}
