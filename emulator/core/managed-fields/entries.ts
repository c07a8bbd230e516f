/**
 * metadata.managedFields as the apiserver stores it (staging/src/k8s.io/apimachinery/pkg/util/
 * managedfields/internal/managedfields.go): decoding the entries into one field set per manager
 * identity, and encoding them back in upstream's order (operation, then time, manager,
 * apiVersion, subresource). A manager's identity is its name, operation and subresource, plus
 * the apiVersion for Update entries (an applier keeps one entry whatever version it applies).
 *
 * Entries a write leaves unchanged keep their decoded FieldsV1 object, so their wire form is
 * exactly what was stored and no set is re-encoded; `encodesCanonically` tells which of those
 * objects this module encoded itself (so a writer taking back the very fields it owned may keep
 * its object too: the bytes are those a re-encoding would give).
 */
import { type FieldSet, fieldsV1ToSet, toFieldsV1, type FieldsV1 } from './field-set';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  /** RFC 3339, seconds precision; absent on entries written without one. */
  readonly time?: string;
  readonly subresource?: string;
  readonly set: FieldSet;
}

/** The entries by manager identity. */
export type Managed = Map<string, ManagerEntry>;

/** The identity part of the entry that a write by `manager` records with `operation`. */
export function writerEntry(
  manager: string,
  operation: Operation,
  write: { readonly apiVersion: string; readonly subresource?: string },
): Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'> {
  return {
    manager,
    operation,
    apiVersion: write.apiVersion,
    subresource: write.subresource,
  };
}

export function managerIdentity(
  entry: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  const version = entry.operation === 'Apply' ? '' : entry.apiVersion;
  // NUL cannot occur in a manager name (printable only) nor in the other parts.
  return `${entry.manager}\0${entry.operation}\0${version}\0${entry.subresource ?? ''}`;
}

// Stored objects are frozen, so a FieldsV1 object decoded once decodes the same way forever;
// and an unchanged set encodes to the object it came from. Objects this module encodes are
// never mutated (the store freezes what it stores), so they are remembered as decoded too.
const decoded = new WeakMap<object, FieldSet>();
const encoded = new WeakMap<FieldSet, FieldsV1>();
/** Sets whose remembered FieldsV1 this module wrote itself: canonical, not a client's order. */
const canonical = new WeakSet<FieldSet>();

/** Whether `set` encodes to a FieldsV1 this module produced (so any equal set encodes alike). */
export function encodesCanonically(set: FieldSet): boolean {
  return canonical.has(set);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The entries of `managedFields`; throws on an entry upstream would refuse (unknown operation
 * or fieldsType, malformed FieldsV1), as DecodeManagedFields does. Repeated identities merge.
 */
export function decodeManaged(managedFields: readonly unknown[] | undefined): Managed {
  const out: Managed = new Map();
  for (const raw of managedFields ?? []) {
    if (typeof raw !== 'object' || raw === null) throw new Error('invalid managedFields entry');
    const e = raw as Record<string, unknown>;
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      throw new Error(`unexpected operation ${JSON.stringify(e.operation)}`);
    }
    if (e.fieldsType !== 'FieldsV1') {
      throw new Error(`unexpected fieldsType ${JSON.stringify(e.fieldsType)}`);
    }
    const fields = e.fieldsV1 ?? {};
    let set = typeof fields === 'object' && fields !== null ? decoded.get(fields) : undefined;
    if (!set) {
      // A copy of a stored object (a client echoing what it read) parses anew.
      set = fieldsV1ToSet(fields);
      if (typeof fields === 'object' && fields !== null && Object.isFrozen(fields)) {
        decoded.set(fields, set);
        encoded.set(set, fields as FieldsV1);
      }
    }
    const entry: ManagerEntry = {
      manager: str(e.manager) ?? '',
      operation: e.operation,
      apiVersion: str(e.apiVersion) ?? '',
      time: str(e.time),
      subresource: str(e.subresource),
      set,
    };
    const id = managerIdentity(entry);
    const seen = out.get(id);
    out.set(id, seen ? { ...entry, set: seen.set.union(set) } : entry);
  }
  return out;
}

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The wire entries, in sortEncodedManagedFields' order; undefined when nobody owns anything. */
export function encodeManaged(managed: Managed): Record<string, unknown>[] | undefined {
  const entries = [...managed.values()].filter((e) => !e.set.empty());
  if (entries.length === 0) return undefined;
  entries.sort(
    (p, q) =>
      compare(p.operation, q.operation) ||
      compare(p.time, q.time) ||
      compare(p.manager, q.manager) ||
      compare(p.apiVersion, q.apiVersion) ||
      compare(p.subresource, q.subresource),
  );
  return entries.map((e) => {
    let fieldsV1 = encoded.get(e.set);
    if (!fieldsV1) {
      fieldsV1 = toFieldsV1(e.set);
      encoded.set(e.set, fieldsV1);
      canonical.add(e.set);
      decoded.set(fieldsV1, e.set);
    }
    const out: Record<string, unknown> = { manager: e.manager, operation: e.operation };
    if (e.apiVersion) out.apiVersion = e.apiVersion;
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = fieldsV1;
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}
