/**
 * The EndpointSlice mirroring reconciler (upstream pkg/controller/endpointslicemirroring/
 * reconciler.go): brings an Endpoints object's mirrored slices to utils.ts's desired groups —
 * one slice per group, updated in place when its endpoints, labels or annotations differ, extra
 * and no-longer-wanted slices deleted, deletes recycled into creates — with InvalidIPAddress and
 * TooManyAddressesToMirror warning events. No new slices for Endpoints being deleted.
 */
import type { ClusterStore, KubeObject } from '../../core/types';
import type { OwnWrites } from '../controller-loop';
import {
  type EndpointSlice,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  endpointKey,
} from '../endpointslice/utils';
import type { EventRecorder } from '../events';
import { deepEqual } from '../../core/deep-equal';
import { compareIPs } from '../../core/ip';
import { CONTROLLER_MANAGER, deleteIfPresent } from '../writes';
import {
  type MirroredGroup,
  desiredMirroredSlices,
  mirroredLabelsAndAnnotations,
  mirrorKey,
  newMirroredSlice,
} from './utils';

export interface MirroringContext {
  store: ClusterStore;
  ownWrites: OwnWrites;
  maxPerSubset: number;
  recorder?: EventRecorder;
}

export function deleteSlices(ctx: MirroringContext, slices: readonly EndpointSlice[]): void {
  ctx.ownWrites.run(() => {
    for (const slice of slices) deleteIfPresent(ctx.store, 'endpointslices', slice);
  });
}

function recordSkipped(
  ctx: MirroringContext,
  endpoints: KubeObject,
  invalid: number,
  skipped: number,
): void {
  if (invalid > 0) {
    ctx.recorder?.record(endpoints, {
      type: 'Warning',
      reason: 'InvalidIPAddress',
      message: `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices`,
    });
  }
  if (skipped > invalid) {
    ctx.recorder?.record(endpoints, {
      type: 'Warning',
      reason: 'TooManyAddressesToMirror',
      message: `A max of ${ctx.maxPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. ${skipped} addresses were skipped`,
    });
  }
}

/** The slice already mirroring `group` needs no write. */
function upToDate(endpoints: KubeObject, slice: EndpointSlice, group: MirroredGroup): boolean {
  const have = slice.endpoints ?? [];
  const sameEndpoints =
    have.length === group.endpoints.size &&
    have.every((e) => deepEqual(group.endpoints.get(endpointKey(e)), e));
  const labels = { ...(slice.metadata.labels ?? {}) };
  delete labels[MANAGED_BY_LABEL];
  delete labels[SERVICE_NAME_LABEL];
  const [, annotations] = mirroredLabelsAndAnnotations(endpoints);
  return (
    sameEndpoints &&
    deepEqual(endpoints.metadata.labels ?? {}, labels) &&
    deepEqual(annotations, slice.metadata.annotations ?? {})
  );
}

export function reconcileMirror(
  ctx: MirroringContext,
  endpoints: KubeObject,
  existing: readonly EndpointSlice[],
): void {
  const { desired, invalid, skipped } = desiredMirroredSlices(endpoints, ctx.maxPerSubset);
  recordSkipped(ctx, endpoints, invalid, skipped);

  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    const key = mirrorKey(slice.addressType, slice.ports);
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), slice]);
  }
  const toCreate: EndpointSlice[] = [];
  const toUpdate: EndpointSlice[] = [];
  const toDelete: EndpointSlice[] = [];
  for (const [key, group] of desired) {
    const slices = existingByKey.get(key) ?? [];
    const first = slices[0];
    toDelete.push(...slices.slice(1));
    if (first && upToDate(endpoints, first, group)) continue;
    const slice = newMirroredSlice(endpoints, group.ports, group.addressType, first?.metadata.name);
    slice.endpoints = [...group.endpoints.values()]
      .sort((a, b) => compareIPs(a.addresses[0] ?? '', b.addresses[0] ?? ''))
      .slice(0, ctx.maxPerSubset);
    if (first) {
      slice.metadata.resourceVersion = first.metadata.resourceVersion;
      toUpdate.push(slice);
    } else toCreate.push(slice);
  }
  for (const [key, slices] of existingByKey) if (!desired.has(key)) toDelete.push(...slices);

  // Recycle slices that would be deleted instead of creating new ones.
  while (toCreate.length > 0 && toDelete.length > 0) {
    const create = toCreate.pop() as EndpointSlice;
    const doomed = toDelete.shift() as EndpointSlice;
    create.metadata.name = doomed.metadata.name;
    delete create.metadata.generateName;
    create.metadata.resourceVersion = doomed.metadata.resourceVersion;
    toUpdate.push(create);
  }

  ctx.ownWrites.run(() => {
    if (!endpoints.metadata.deletionTimestamp) {
      for (const slice of toCreate) ctx.store.create('endpointslices', slice, CONTROLLER_MANAGER);
    }
    for (const slice of toUpdate) ctx.store.update('endpointslices', slice, CONTROLLER_MANAGER);
  });
  deleteSlices(ctx, toDelete);
}
