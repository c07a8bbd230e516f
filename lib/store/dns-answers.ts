/**
 * Keeps the record store's DNS answers (`state.dns`) current: the server resolves ExternalName
 * targets (GET /api/dns) because the browser cannot, and `external-name-unresolved` must show on
 * the map.
 *
 * Contract: `connectDnsAnswers(store, selectKey)` fetches when the set of ExternalName targets
 * changes and every `refreshMs` while any exists, clears the answers when none is left, and
 * returns a `close()`. A failed fetch keeps the last answers (the stream's status shows
 * connection problems). The HTTP call lives in `fetchDnsResults` alone; `cluster` chooses whose
 * answers (lib/api/paths.ts; the first cluster's by default). `defer` runs the store update when
 * it suits the caller (at once by default): an answer changes diagnoses, so applying it derives
 * the view again, which in the map's worker waits until the page has painted what it was sent.
 */
import { apiPath, type ClusterRef } from '../api/paths';
import type { DnsResults } from '../topology/diagnosis';
import type { RecordStore } from './record-store';
import type { RecordStoreState } from './record-state';

const DNS_REFRESH_MS = 30_000;

/** GET /api/dns (of one cluster); null when the server did not answer with results. */
async function fetchDnsResults(cluster: ClusterRef): Promise<DnsResults | null> {
  try {
    const response = await fetch(apiPath(cluster, '/dns'), { cache: 'no-store' });
    if (!response.ok) return null;
    return (await response.json()) as DnsResults;
  } catch {
    return null;
  }
}

export function connectDnsAnswers(
  store: RecordStore,
  selectKey: (state: RecordStoreState) => string,
  options: {
    fetchAnswers?: () => Promise<DnsResults | null>;
    refreshMs?: number;
    cluster?: ClusterRef;
    defer?: (apply: () => void) => void;
  } = {},
): () => void {
  const fetchAnswers = options.fetchAnswers ?? (() => fetchDnsResults(options.cluster ?? null));
  const refreshMs = options.refreshMs ?? DNS_REFRESH_MS;
  const defer = options.defer ?? ((apply: () => void) => apply());
  let key = '';
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const load = async (forKey: string) => {
    const answers = await fetchAnswers();
    if (!answers) return;
    // Checked again when applied: the targets may have changed, or the store closed, meanwhile.
    defer(() => {
      if (!closed && forKey === key) store.setDnsResults(answers);
    });
  };
  const onChange = () => {
    const next = selectKey(store.getState());
    if (next === key) return;
    key = next;
    clearInterval(timer);
    timer = undefined;
    if (!key) return store.setDnsResults(undefined);
    void load(key);
    timer = setInterval(() => void load(next), refreshMs);
  };

  const unsubscribe = store.subscribe(onChange);
  onChange();
  return () => {
    closed = true;
    unsubscribe();
    clearInterval(timer);
  };
}
