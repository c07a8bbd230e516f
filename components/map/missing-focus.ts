/**
 * Whether the map's `focus` (a deep link's `?focus=ns/name`, or a choice since) names a Service
 * the map does not hold, so the page can say so rather than show nothing.
 *
 * Contract: pure. Says "missing" only once the pipeline has answered this very focus with no
 * Service, and never while records are on their way, a past instant failed to load (its banner
 * says why nothing is shown), or the focus is a Service the user just wrote that the watch has
 * not brought yet: then the absence is not an answer.
 */
import type { HistoryStatus } from '@/lib/worker/records-source';

export interface FocusState {
  /** The focus asked for (`namespace/name`), or null. */
  focus: string | null;
  /** The focus the pipeline last answered (lib/worker/mirror.ts `focus`). */
  answered: string | null | undefined;
  /** Whether that answer held a Service. */
  found: boolean;
  /** Records are on their way (components/map/map-loading.tsx). */
  loading: boolean;
  history: HistoryStatus;
  /** A Service the user just wrote, not yet on the map (map-state.ts `awaitedWrite`). */
  awaitedWrite: string | null;
}

export interface MissingFocus {
  /** `namespace/name` as asked. */
  name: string;
  /** A past instant is shown: the Service was not there then. */
  past: boolean;
}

export function missingFocus(state: FocusState): MissingFocus | null {
  const { focus, answered, found, loading, history, awaitedWrite } = state;
  if (!focus || answered !== focus || found || loading || focus === awaitedWrite) return null;
  if (history.mode === 'loading' || history.mode === 'failed') return null;
  return { name: focus, past: history.mode === 'shown' };
}
