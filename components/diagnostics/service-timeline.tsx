'use client';
/**
 * The Service's timeline in its panel: endpoint changes (added, removed, ready ↔ not ready, with
 * time, pod and IP) and the Kubernetes Events of the objects involved, newest first, kept by the
 * server (GET /api/services/<ns>/<name>/timeline, lib/api/diagnostics.ts; errors are problem
 * bodies); and a replay control that shows the Service's endpoints as they were at a chosen
 * moment of the last minutes ("what did it look like at 03:12?"). Polls while open; the replay is read-only and never touches the live map.
 */
import { useEffect, useState } from 'react';
import clsx from 'clsx';
import type { ServiceTimeline as TimelineResponse, TimelineEntry } from '@/lib/api/diagnostics';
import { readProblem } from '@/lib/api/problem';
import { errorMessage } from '@/lib/error-message';

const POLL_MS = 5000;
const REPLAY_WINDOW_MS = 15 * 60 * 1000;

function timeText(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour12: false });
}

function describe(entry: TimelineEntry): {
  glyph: string;
  text: string;
  tone: 'ok' | 'bad' | 'warn' | 'muted';
} {
  if (entry.type === 'event') {
    return {
      glyph: entry.eventType === 'Warning' ? '▲' : '●',
      text: `${entry.object}: ${entry.reason} — ${entry.message}${entry.count > 1 ? ` (×${entry.count})` : ''}`,
      tone: entry.eventType === 'Warning' ? 'warn' : 'muted',
    };
  }
  const who = entry.pod ? ` (pod ${entry.pod})` : '';
  if (entry.change === 'added') {
    return {
      glyph: '+',
      text: `${entry.address}${who} added, ${entry.to ?? 'ready'}`,
      tone: entry.to === 'ready' ? 'ok' : 'warn',
    };
  }
  if (entry.change === 'removed')
    return { glyph: '−', text: `${entry.address}${who} removed`, tone: 'bad' };
  return {
    glyph: entry.to === 'ready' ? '↑' : '↓',
    text: `${entry.address}${who} ${entry.from} → ${entry.to}`,
    tone: entry.to === 'ready' ? 'ok' : 'bad',
  };
}

const TONE: Record<string, string> = {
  ok: 'text-ok',
  bad: 'text-bad',
  warn: 'text-warn',
  muted: 'text-muted',
};

export function ServiceTimeline({ namespace, name }: { namespace: string; name: string }) {
  const base = `/api/services/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/timeline`;
  const [timeline, setTimeline] = useState<TimelineResponse | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [replayOffset, setReplayOffset] = useState(0);
  const [replay, setReplay] = useState<TimelineResponse | undefined>();

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const response = await fetch(base, { cache: 'no-store' });
        if (!response.ok) throw new Error((await readProblem(response)).detail);
        const body = (await response.json()) as TimelineResponse;
        if (!cancelled) {
          setTimeline(body);
          setError(undefined);
        }
      } catch (err) {
        if (!cancelled) setError(`timeline unavailable: ${errorMessage(err)}`);
      }
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [base]);

  useEffect(() => {
    if (replayOffset === 0) return;
    let cancelled = false;
    const at = new Date(Date.now() - replayOffset).toISOString();
    void fetch(`${base}?at=${encodeURIComponent(at)}`, { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<TimelineResponse>) : undefined))
      .then((body) => {
        if (!cancelled) setReplay(body);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [base, replayOffset]);

  const entries = [...(timeline?.entries ?? [])].reverse();
  const shown = replayOffset === 0 ? undefined : replay;
  const minutes = Math.round(replayOffset / 60_000);

  return (
    <div className="space-y-3 text-sm">
      {error ? <p className="text-bad">{error}</p> : null}
      <div>
        <label htmlFor={`replay-${namespace}-${name}`} className="block text-xs text-muted">
          Replay: endpoints as of {replayOffset === 0 ? 'now (live)' : `${minutes} min ago`}
        </label>
        <input
          id={`replay-${namespace}-${name}`}
          type="range"
          min={0}
          max={REPLAY_WINDOW_MS}
          step={30_000}
          value={REPLAY_WINDOW_MS - replayOffset}
          onChange={(e) => setReplayOffset(REPLAY_WINDOW_MS - Number(e.target.value))}
          aria-valuetext={replayOffset === 0 ? 'now' : `${minutes} minutes ago`}
          className="w-full"
        />
        {shown?.state ? (
          <div aria-live="polite" className="mt-1 rounded border border-line p-2">
            <p className="text-xs text-muted">
              At {shown.at ? timeText(shown.at) : ''}
              {shown.state.exact ? '' : ' (before the retained history: approximate)'}:{' '}
              {shown.state.endpoints.length} endpoint
              {shown.state.endpoints.length === 1 ? '' : 's'},{' '}
              {shown.state.endpoints.filter((e) => e.state === 'ready').length} ready
            </p>
            <ul className="mt-1 font-mono text-xs">
              {shown.state.endpoints.map((e) => (
                <li key={e.address}>
                  {e.address} — {e.state}
                  {e.pod ? ` (pod ${e.pod})` : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {entries.length === 0 ? (
        <p className="text-muted">
          No endpoint changes or events since{' '}
          {timeline?.retainedSince
            ? timeText(timeline.retainedSince)
            : 'Switchboard started watching'}
          .
        </p>
      ) : (
        <ol
          aria-label={`Timeline of ${namespace}/${name}, newest first`}
          // A scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
          tabIndex={0}
          className="max-h-64 space-y-1 overflow-auto"
        >
          {entries.map((entry, index) => {
            const d = describe(entry);
            return (
              <li key={`${entry.at}-${index}`} className="flex gap-2">
                <time dateTime={entry.at} className="shrink-0 font-mono text-xs text-muted">
                  {timeText(entry.at)}
                </time>
                <span aria-hidden="true" className={clsx('w-3 shrink-0 text-center', TONE[d.tone])}>
                  {d.glyph}
                </span>
                <span className="min-w-0 break-words">{d.text}</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
