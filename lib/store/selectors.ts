/**
 * Selectors over the record store's state (lib/store/record-state.ts), for
 * `useStoreSelector` (lib/store/use-store-selector.ts) and for plain code alike.
 *
 * Contract: every selector returns the same value (===) for the same state object. The plain
 * ones read a field; the derived ones (`createRecordSelectors`) are memoised per store, so the
 * topology and diagnoses are built once per applied batch that changed records or DNS answers,
 * never per render, however many components read them.
 */
import type { DerivedView, Indexed } from './derive';
import { createDerivedCache, externalNameKey } from './derive';
import { memoizeLast } from './memo';
import type { RecordStoreState } from './record-state';

/** The record store's fields that say how the data stands (not the data itself). */
export type StatusFields = Pick<
  RecordStoreState,
  'cluster' | 'sync' | 'stream' | 'paused' | 'pending' | 'arriving'
>;

/**
 * What the page always knows about the data, wherever the records live (the map's pipeline
 * runs in a worker and mirrors this to the page): the status fields, and whether there are any.
 */
export interface StatusState extends StatusFields {
  hasRecords: boolean;
}

export const selectCluster = (state: StatusFields) => state.cluster;
export const selectSync = (state: StatusFields) => state.sync;
export const selectStream = (state: StatusFields) => state.stream;
export const selectPaused = (state: StatusFields) => state.paused;
export const selectPending = (state: StatusFields) => state.pending;
/** Writes are offered only when the server says it accepts them. */
export const selectReadOnly = (state: StatusFields) => state.cluster?.readOnly ?? true;
export const selectLastError = (state: StatusFields) => state.sync?.lastError;
/** Records the stream's first snapshot is still to bring (too many for the page to carry). */
export const selectArriving = (state: StatusFields) => state.arriving;
export const selectHasRecords = (state: Pick<StatusState, 'hasRecords'>) => state.hasRecords;

export interface RecordSelectors {
  /** Records + DNS answers → snapshot, topology, diagnoses, namespaces (lib/store/derive.ts). */
  view(state: RecordStoreState): DerivedView;
  /** The sorted, comma-joined ExternalName targets: what the DNS answers must cover. */
  externalNameKey(state: RecordStoreState): string;
  /** Whether `view`'s maintained model is made (lib/store/derive.ts); `prepare` makes it. */
  prepared(): boolean;
  prepare(more: () => boolean): boolean;
  /** The state's snapshot and its index, which `view`'s next build from scratch reuses. */
  indexed(state: RecordStoreState): Indexed;
}

/** Derived selectors with their own caches: create one set per store. */
export function createRecordSelectors(): RecordSelectors {
  const derive = createDerivedCache();
  const nameKey = memoizeLast(externalNameKey);
  return {
    view: (state) => derive(state, state.dns),
    externalNameKey: (state) => nameKey(state.records),
    prepared: derive.prepared,
    prepare: derive.prepare,
    indexed: derive.indexed,
  };
}
