/**
 * The incident snapshot's trail (lib/api/history.ts `SnapshotTrail`): the Service trails of the
 * hour before the snapshot's instant, saved with it, and read back by `switchboard view` so the
 * Service panel of a postmortem shows what changed just before — not only the instant.
 *
 * Contract:
 * - `buildSnapshotTrail` takes the trail items in (since, at] (oldest first) and the history that
 *   answers endpoints at an instant; it keeps what `scope` may see (lib/access/timeline.ts
 *   `visibleTrailEntries`, the endpoints' pod and node names as the timeline route does), at most
 *   `maxEntries` (default `SNAPSHOT_TRAIL_MAX_ENTRIES`) of the newest (`since` moves up to the newest left out), and
 *   gives each Service with entries its endpoints at `since` — or, for a Service first seen
 *   later, at its first observation (its entries before that are left out), or none with its
 *   creation time for one created later. A Service whose endpoints at the start are unknown is
 *   left out whole: its entries alone would not say what it had.
 * - `storedFromSnapshotTrail` is the trail as stored facts for `ServiceHistory.restore`: each
 *   baseline is trimmed (before it the history "no longer knows", which is the truth of a file),
 *   each entry at its own `at`. Restored, then attached to the snapshot's records, a trail whose
 *   last state is the records' adds nothing.
 * Isomorphic and pure.
 */
import type { SnapshotBaseline, SnapshotTrail } from '../api/history';
import { visibleTimeline, visibleTrailEntries } from '../access/timeline';
import type { AccessScope } from '../access/scope';
import type { EndpointsAt } from '../api/diagnostics';
import type { TrailItem } from '../diagnostics/service-history';
import { entryKeyOf, type StoredHistory } from './facts';

/** How far back before its instant a snapshot's trail reaches. */
export const SNAPSHOT_TRAIL_MS = 60 * 60 * 1000;
/** At most this many entries (the newest): a busy cluster's hour must not swell the file. */
export const SNAPSHOT_TRAIL_MAX_ENTRIES = 10_000;

/** What the trail needs of a Service history (lib/diagnostics/service-history.ts). */
export interface EndpointHistory {
  stateAt(namespace: string, name: string, time: number): EndpointsAt;
  retainedSince(namespace: string, name: string): string | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildSnapshotTrail(
  items: readonly TrailItem[],
  history: EndpointHistory,
  scope: AccessScope,
  range: { since: number; at: number; maxEntries?: number },
): SnapshotTrail {
  const maxEntries = range.maxEntries ?? SNAPSHOT_TRAIL_MAX_ENTRIES;
  let since = range.since;
  let entries = visibleTrailEntries(
    scope,
    items.filter((item) => item.time > range.since && item.time <= range.at),
  );
  if (entries.length > maxEntries) {
    since = Date.parse(entries[entries.length - maxEntries - 1]!.at);
    entries = entries.filter((entry) => Date.parse(entry.at) > since);
  }
  const baselines = new Map<string, SnapshotBaseline>();
  for (const { service } of entries) {
    const key = `${service.namespace}/${service.name}`;
    if (baselines.has(key)) continue;
    const baseline = baselineOf(history, service, since);
    if (baseline) baselines.set(key, visibleBaseline(scope, baseline));
  }
  return {
    since: iso(since),
    baselines: [...baselines.values()],
    entries: entries.filter((entry) => {
      const baseline = baselines.get(`${entry.service.namespace}/${entry.service.name}`);
      return baseline !== undefined && Date.parse(entry.at) > Date.parse(baseline.at);
    }),
  };
}

function baselineOf(
  history: EndpointHistory,
  service: { namespace: string; name: string },
  since: number,
): SnapshotBaseline | undefined {
  const { namespace, name } = service;
  const state = history.stateAt(namespace, name, since);
  if (!state.noData) return { service, at: iso(since), endpoints: state.endpoints };
  if (state.noData.reason === 'not-created')
    return {
      service,
      at: iso(since),
      endpoints: [],
      ...(state.noData.since ? { createdAt: state.noData.since } : {}),
    };
  // Seen first after `since`: from that first observation on, its endpoints are known.
  const seen = history.retainedSince(namespace, name);
  if (seen === undefined || Date.parse(seen) <= since) return undefined;
  const first = history.stateAt(namespace, name, Date.parse(seen));
  return first.noData ? undefined : { service, at: seen, endpoints: first.endpoints };
}

function visibleBaseline(scope: AccessScope, baseline: SnapshotBaseline): SnapshotBaseline {
  const { namespace, name } = baseline.service;
  const seen = visibleTimeline(scope, namespace, {
    service: `${namespace}/${name}`,
    entries: [],
    state: { endpoints: baseline.endpoints },
  });
  return { ...baseline, endpoints: seen.state?.endpoints ?? [] };
}

export function storedFromSnapshotTrail(trail: SnapshotTrail): StoredHistory {
  const key = (service: { namespace: string; name: string }) =>
    `${service.namespace}/${service.name}`;
  return {
    baselines: trail.baselines.map((baseline) => ({
      kind: 'baseline',
      service: key(baseline.service),
      at: Date.parse(baseline.at),
      trimmed: true,
      ...(baseline.createdAt !== undefined ? { createdAt: Date.parse(baseline.createdAt) } : {}),
      endpoints: baseline.endpoints,
    })),
    entries: trail.entries.map(({ service, ...entry }, index) => ({
      kind: 'entry',
      service: key(service),
      time: Date.parse(entry.at),
      // Nothing is written back from a file: the key only has to be unique within it.
      sourceUid: 'snapshot',
      sourceVersion: String(index),
      entryKey: entryKeyOf(entry),
      entry,
    })),
  };
}
