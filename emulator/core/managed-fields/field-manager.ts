/**
 * The field manager's Update operation, as kube-apiserver runs it on every create, update and
 * non-apply patch (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal:
 * fieldmanager.go, managedfieldsupdater.go, stripmeta.go, structuredmerge.go, and
 * structured-merge-diff's merge.Updater.Update): the fields the write added or changed become
 * the writer's (merged into its earlier Update entry for the same apiVersion and subresource,
 * whose time is then now); every other manager loses the fields the write changed or removed
 * (an Update never conflicts); entries left owning nothing disappear.
 *
 * Which managedFields the write starts from (decodeLiveOrNew): the ones the request carries, so
 * clients may edit them, unless they are absent, empty or invalid (then the stored ones) — a
 * request carrying `[]` or `[{}]` resets them; a subresource write always starts from the
 * stored ones. The fields a request may not change are not owned: the object's identity and
 * bookkeeping metadata (stripmeta.go), and `status` on the main resource or everything but
 * `status` on /status (the strategies' reset fields).
 */
import { deepEqual } from '../deep-equal';
import type { KubeObject } from '../types';
import {
  decodeManaged,
  encodeManaged,
  encodesCanonically,
  managerIdentity,
  writerEntry,
  type Managed,
} from './entries';
import { FieldSet } from './field-set';
import { fieldElement as f, type Json } from './path-element';
import type { KindSchema } from './schema';
import { compare } from './typed-sets';

export interface ManagedWrite {
  /** Undefined: the write takes fields from their owners but records no entry of its own. */
  readonly manager: string | undefined;
  /** The group/version of the request ("v1", "apps/v1"). */
  readonly apiVersion: string;
  readonly subresource?: 'status' | 'scale';
  /** The kind has a /status subresource, so writes to the main resource do not own status. */
  readonly statusIsSubresource: boolean;
  /** RFC 3339 with seconds, the time of the write (asked only when an entry changes). */
  readonly time: () => string;
}

/** stripmeta.go: never owned by anyone. */
const STRIPPED = FieldSet.of(
  [f('apiVersion')],
  [f('kind')],
  [f('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation']
    .concat(['managedFields', 'resourceVersion'])
    .map((name) => [f('metadata'), f(name)]),
);
const STATUS = FieldSet.of([f('status')]);

function isReset(managedFields: unknown): boolean {
  if (!Array.isArray(managedFields)) return false;
  if (managedFields.length === 0) return true;
  const [only] = managedFields as unknown[];
  return (
    managedFields.length === 1 &&
    typeof only === 'object' &&
    only !== null &&
    Object.keys(only).length === 0
  );
}

export function decodeOr(fallback: () => Managed, managedFields: unknown): Managed {
  if (!Array.isArray(managedFields) || managedFields.length === 0) return fallback();
  try {
    return decodeManaged(managedFields);
  } catch {
    return fallback();
  }
}

/** The entries a write starts from (decodeLiveOrNew). */
export function startingManaged(
  live: KubeObject | undefined,
  next: KubeObject,
  subresource: string | undefined,
): Managed {
  const fromLive = () => decodeOr(() => new Map(), live?.metadata.managedFields);
  if (subresource !== undefined) return fromLive();
  const carried = next.metadata.managedFields;
  if (isReset(carried)) return new Map();
  // The usual case: the request sends back what it read (decoded once, from the stored copy).
  if (carried === undefined || deepEqual(carried, live?.metadata.managedFields)) return fromLive();
  const managed = decodeOr(fromLive, carried);
  return managed.size === 0 ? fromLive() : managed;
}

/** The object as the comparison sees it: without its managedFields. */
export function withoutManagedFields(object: KubeObject): Json {
  const { managedFields: _m, ...metadata } = object.metadata;
  return { ...object, metadata } as unknown as Json;
}

/** `set` without the strategy's reset fields: status on the main resource, all but status on /status. */
export function withoutResetFields(
  set: FieldSet,
  write: Pick<ManagedWrite, 'subresource' | 'statusIsSubresource'>,
): FieldSet {
  if (write.subresource === 'status') {
    const status = set.withPrefix(f('status'));
    const out = new FieldSet();
    if (!status.empty()) out.children.set('f:status', { pe: f('status'), set: status });
    return out;
  }
  if (write.statusIsSubresource && write.subresource === undefined) {
    return set.recursiveDifference(STATUS);
  }
  return set;
}

/** `set` without the metadata nobody owns (stripmeta.go). */
export function withoutStrippedMeta(set: FieldSet): FieldSet {
  return set.difference(STRIPPED);
}

/** The fields of `changed` this write may own (reset fields and stripped metadata removed). */
function ownable(changed: FieldSet, write: ManagedWrite): FieldSet {
  return withoutStrippedMeta(withoutResetFields(changed, write));
}

/**
 * The writer's set after this write: `merged`, or — when that equals what the writer owned
 * before (a kubelet renewing its Lease's renewTime gives up the field and takes it back) — the
 * very set it had, so the entry's stored FieldsV1 is reused instead of re-encoded on every
 * write. Only when that FieldsV1 is this module's own encoding, so the wire form is exactly what
 * re-encoding the merged set would give.
 */
function keepOwned(merged: FieldSet, owned: FieldSet | undefined): FieldSet {
  return owned && encodesCanonically(owned) && merged.equals(owned) ? owned : merged;
}

/**
 * Sets `next.metadata.managedFields` for the write of `next` over `live` (undefined: a
 * create, compared with the kind's empty object).
 */
export function updateManagedFields(
  live: KubeObject | undefined,
  next: KubeObject,
  write: ManagedWrite,
  kind: KindSchema,
): void {
  // A write without a manager over an object nobody manages has nothing to record.
  if (
    write.manager === undefined &&
    !live?.metadata.managedFields &&
    !next.metadata.managedFields
  ) {
    return;
  }
  const managed = startingManaged(live, next, write.subresource);
  const writer =
    write.manager === undefined ? undefined : writerEntry(write.manager, 'Update', write);
  const ownedBefore = writer && managed.get(managerIdentity(writer))?.set;
  const before = live ? withoutManagedFields(live) : kind.empty;
  const c = compare(before, withoutManagedFields(next), kind.type);
  const changed = c.modified.union(c.added);
  for (const [id, entry] of managed) {
    const set = entry.set.difference(changed).difference(c.removed);
    if (set.empty()) managed.delete(id);
    else if (set !== entry.set) managed.set(id, { ...entry, set });
  }
  const taken = ownable(changed, write);
  if (writer !== undefined && !taken.empty()) {
    const id = managerIdentity(writer);
    const previous = managed.get(id);
    managed.set(id, {
      ...writer,
      time: write.time(),
      set: keepOwned(previous ? taken.union(previous.set) : taken, ownedBefore),
    });
  }
  const entries = encodeManaged(managed);
  if (entries) next.metadata.managedFields = entries;
  else delete next.metadata.managedFields;
}
