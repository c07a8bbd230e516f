/**
 * "Who": the author of a change, from what the slim records keep of `metadata.managedFields`
 * (lib/k8s/slim-managed-fields.ts reads them; records.ts documents each stamp).
 *
 * Contract: never guesses. A selector change is the Service's `selectorChange` (the entry owning
 * `f:spec.f:selector`: a changed value moves ownership to its writer, so `kubectl edit` shows as
 * `kubectl-edit`); anything else is the object's newest non-status writer, `meta.lastChange`.
 * A replicas change is the workload's `replicasChange` (workload-changes.ts reads it). Nothing
 * when the record keeps neither. managedFields names a manager and an operation, never a user.
 */
import type { SlimRecord } from '../topology/records';
import type { ChangeAuthor } from '../api/diagnostics';

export type AuthoredField = 'selector' | 'any';

export function changeAuthor(record: SlimRecord, field: AuthoredField): ChangeAuthor | undefined {
  if (field === 'selector' && record.kind === 'Service' && record.selectorChange)
    return record.selectorChange;
  return record.meta.lastChange;
}
