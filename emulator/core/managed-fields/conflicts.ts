/**
 * The 409 a refused apply answers, word for word as upstream builds it
 * (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go and
 * apimachinery's errors.NewApplyConflict): one `FieldManagerConflict` cause per conflicting
 * field (`conflict with "kubectl-edit" using v1`, field `.spec.replicas`), and the message
 * `Apply failed with 1 conflict: conflict with "m" using v1: .spec.replicas`, or for several a
 * list grouped per manager, managers sorted by their identity as upstream encodes it (the
 * ManagedFieldsEntry JSON without time, fieldsType and fieldsV1, and without the apiVersion
 * for appliers).
 */
import { ApiError, type StatusDetails } from '../errors';
import type { Conflict } from './apply';
import type { ManagerEntry } from './entries';
import { goQuoteJson } from './go-json';
import { pathString } from './path-element';

/** BuildManagerIdentifier: the entry's identity as Go's json.Marshal writes it. */
export function managerIdentifierJson(entry: Omit<ManagerEntry, 'set'>): string {
  const parts = [`"manager":${goQuoteJson(entry.manager)}`];
  parts.push(`"operation":${goQuoteJson(entry.operation)}`);
  if (entry.operation !== 'Apply' && entry.apiVersion) {
    parts.push(`"apiVersion":${goQuoteJson(entry.apiVersion)}`);
  }
  if (entry.subresource) parts.push(`"subresource":${goQuoteJson(entry.subresource)}`);
  return `{${parts.join(',')}}`;
}

/** printManager: `"name"`, its subresource, and the apiVersion of an updater. */
export function printManager(entry: Omit<ManagerEntry, 'set'>): string {
  let out = JSON.stringify(entry.manager);
  if (entry.subresource) out += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') out += ` using ${entry.apiVersion}`;
  return out;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const [only] = conflicts as [Conflict];
    return `Apply failed with 1 conflict: conflict with ${printManager(only.entry)}: ${pathString(only.path)}`;
  }
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    const id = managerIdentifierJson(c.entry);
    byManager.set(id, [...(byManager.get(id) ?? []), c]);
  }
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const group = byManager.get(id)!;
    lines.push(`conflicts with ${printManager(group[0]!.entry)}:`);
    for (const c of group) lines.push(`- ${pathString(c.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** NewConflictError: 409 Conflict whose details carry only the causes. */
export function conflictError(conflicts: readonly Conflict[]): ApiError {
  const details: StatusDetails = {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.entry)}`,
      field: pathString(c.path),
    })),
  };
  return new ApiError(409, 'Conflict', conflictMessage(conflicts), details);
}
