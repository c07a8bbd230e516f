/**
 * "Who changed it", read from `metadata.managedFields` before the slimmer drops them.
 *
 * Contract: pure; reads only an entry's manager, operation, time, subresource and (for
 * `changeOfPath`) whether its fieldsV1 holds a path; never keeps fieldsV1 itself. Writes of the
 * `status` subresource are never "a change" here (controllers and kubelets write status all the
 * time). The newest entry wins by `time` (upstream stamps RFC 3339 UTC at second precision, so
 * strings compare in time order); on a tie, or with no time, the later entry in the list wins.
 * Results are shared through the intern pool: pods of one ReplicaSet created in the same second
 * hold one object. Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go
 * (ManagedFieldsEntry) and the field manager in
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager.
 */
import type { FieldChange } from '../topology/records';
import { arr, str, type Any, type InternPool } from './slim-common';

function changeOf(entry: Any, pool: InternPool): FieldChange | undefined {
  const manager = str(entry?.manager);
  const operation = str(entry?.operation);
  if (manager === undefined || operation === undefined) return undefined;
  const change: FieldChange = { manager: pool.s(manager), operation: pool.s(operation) };
  const time = str(entry.time);
  if (time) change.time = pool.s(time);
  const subresource = str(entry.subresource);
  if (subresource) change.subresource = pool.s(subresource);
  return change;
}

function newest(entries: Any[], pool: InternPool): FieldChange | undefined {
  let best: Any;
  for (const entry of entries) {
    if (!best || (str(entry?.time) ?? '') >= (str(best.time) ?? '')) best = entry;
  }
  const change = best ? changeOf(best, pool) : undefined;
  return change ? pool.v(change) : undefined;
}

function isUsable(entry: Any): boolean {
  return (
    !!entry &&
    typeof entry === 'object' &&
    entry.subresource !== 'status' &&
    str(entry.manager) !== undefined &&
    str(entry.operation) !== undefined
  );
}

/** The newest entry that is not a status write: who last wrote the object. */
export function lastChangeOf(managedFields: unknown, pool: InternPool): FieldChange | undefined {
  const entries = arr(managedFields);
  if (entries.length === 0) return undefined;
  return newest(entries.filter(isUsable), pool);
}

/**
 * The newest non-status entry whose fieldsV1 owns `path` or anything below it (e.g.
 * `['f:spec', 'f:replicas']`; the `scale` subresource's entry is recorded against the parent's
 * `f:spec.f:replicas`, so `kubectl scale` counts).
 */
export function changeOfPath(
  managedFields: unknown,
  path: readonly string[],
  pool: InternPool,
): FieldChange | undefined {
  const owners = arr(managedFields).filter((entry: Any) => {
    if (!isUsable(entry)) return false;
    let node: Any = entry.fieldsV1;
    for (const key of path) {
      if (!node || typeof node !== 'object') return false;
      node = node[key];
    }
    return !!node && typeof node === 'object';
  });
  return newest(owners, pool);
}
