/**
 * Selectors over the record store's state (lib/store/record-state.ts), for
 * `useStoreSelector` (lib/store/use-store-selector.ts) and for plain code alike.
 *
 * Contract: every selector returns the same value (===) for the same state object. The plain
 * ones read a field; the derived ones (`createRecordSelectors`) are memoised per store, so the
 * topology and diagnoses are built once per applied batch that changed records or DNS answers,
 * never per render, however many components read them.
 */
import type { DerivedView } from './derive';
import { createDerivedCache, externalNameKey } from './derive';
import { memoizeLast } from './memo';
import type { RecordStoreState } from './record-state';

export const selectCluster = (state: RecordStoreState) => state.cluster;
export const selectSync = (state: RecordStoreState) => state.sync;
export const selectStream = (state: RecordStoreState) => state.stream;
export const selectPaused = (state: RecordStoreState) => state.paused;
export const selectPending = (state: RecordStoreState) => state.pending;
/** Writes are offered only when the server says it accepts them. */
export const selectReadOnly = (state: RecordStoreState) => state.cluster?.readOnly ?? true;
export const selectLastError = (state: RecordStoreState) => state.sync?.lastError;
export const selectHasRecords = (state: RecordStoreState) => state.records.size > 0;

export interface RecordSelectors {
  /** Records + DNS answers → snapshot, topology, diagnoses, namespaces (lib/store/derive.ts). */
  view(state: RecordStoreState): DerivedView;
  /** The sorted, comma-joined ExternalName targets: what the DNS answers must cover. */
  externalNameKey(state: RecordStoreState): string;
}

/** Derived selectors with their own caches: create one set per store. */
export function createRecordSelectors(): RecordSelectors {
  const derive = createDerivedCache();
  const nameKey = memoizeLast(externalNameKey);
  return {
    view: (state) => derive(state, state.dns),
    externalNameKey: (state) => nameKey(state.records),
  };
}
