'use client';
/**
 * The replay control of a Service's timeline: a slider over the last 15 minutes that shows the
 * Service's endpoints as they were at that moment — or "no data" when Switchboard cannot know
 * (before the Service existed, before Switchboard first saw it, or older than the retained
 * history), never a guess.
 *
 * Contract: read-only; asks the server (GET …/timeline?at=T) and reports each answer through
 * `onReplay` (the map shows it on the graph), and `null` when back at "now (live)" or unmounted.
 * On a recorded snapshot (`until`, its instant) the minutes count back from the snapshot, and
 * are worded so (`replayWhen`): nothing there is live.
 */
import { useEffect, useState } from 'react';
import type { EndpointsAt, NoDataReason, ServiceTimeline } from '@/lib/api/diagnostics';
import { useCluster } from '@/components/clusters/cluster-context';
import { ClusterText } from '@/components/ui/cluster-text';
import { timelineUrl } from './use-service-timeline';
import { formatClock } from '@/lib/graph/describe';
import { replayWhen } from './replay-words';

const REPLAY_WINDOW_MS = 15 * 60 * 1000;

export interface ReplayAnswer {
  at: string;
  state: EndpointsAt;
}

const NO_DATA: Record<NoDataReason, string> = {
  'not-created': 'the Service did not exist yet',
  'not-observed': 'Switchboard had not seen this Service yet',
  'before-retained-history': 'older than the history Switchboard keeps',
};

export function noDataText(state: EndpointsAt): string | undefined {
  if (!state.noData) return undefined;
  const { reason, since } = state.noData;
  const from =
    reason === 'not-created' ? 'created' : reason === 'not-observed' ? 'first seen' : 'kept since';
  return `No data: ${NO_DATA[reason]}${since ? ` (${from} ${formatClock(since)})` : ''}.`;
}

export function ReplayControl({
  namespace,
  name,
  onReplay,
  until,
}: {
  namespace: string;
  name: string;
  onReplay?: (answer: ReplayAnswer | null) => void;
  /** A recorded snapshot's instant: the replay counts back from it. */
  until?: string;
}) {
  const base = timelineUrl(useCluster().ref, namespace, name);
  const [offset, setOffset] = useState(0);
  const [answer, setAnswer] = useState<ReplayAnswer | undefined>();

  useEffect(() => {
    if (offset === 0) {
      onReplay?.(null);
      return;
    }
    let cancelled = false;
    const from = until ? Date.parse(until) : Date.now();
    const at = new Date(from - offset).toISOString();
    void fetch(`${base}?at=${encodeURIComponent(at)}`, { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<ServiceTimeline>) : undefined))
      .then((body) => {
        if (cancelled || !body?.state || !body.at) return;
        const answer = { at: body.at, state: body.state };
        setAnswer(answer);
        onReplay?.(answer);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [base, offset, onReplay, until]);

  useEffect(() => () => onReplay?.(null), [onReplay]);

  const shown = offset === 0 ? undefined : answer;
  const when = replayWhen(offset, until);
  const id = `replay-${namespace}-${name}`;
  const noData = shown ? noDataText(shown.state) : undefined;
  const endpoints = shown?.state.endpoints ?? [];
  return (
    <div>
      <label htmlFor={id} className="block text-xs text-muted">
        Replay: endpoints as of {when.label}
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={REPLAY_WINDOW_MS}
        step={30_000}
        value={REPLAY_WINDOW_MS - offset}
        onChange={(e) => setOffset(REPLAY_WINDOW_MS - Number(e.target.value))}
        aria-valuetext={when.value}
        className="w-full"
      />
      {shown ? (
        <div aria-live="polite" className="mt-1 rounded border border-line p-2">
          {noData ? (
            <p className="text-xs text-muted">
              At {formatClock(shown.at)}: {noData}
            </p>
          ) : (
            <>
              <p className="text-xs text-muted">
                At {formatClock(shown.at)}: {endpoints.length} endpoint
                {endpoints.length === 1 ? '' : 's'},{' '}
                {endpoints.filter((e) => e.state === 'ready').length} ready (shown on the map)
              </p>
              <ul className="mt-1 font-mono text-xs">
                {endpoints.map((e) => (
                  <li key={e.address}>
                    {e.address} — {e.state}
                    {e.pod ? (
                      <>
                        {' '}
                        (pod <ClusterText text={e.pod} />)
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
