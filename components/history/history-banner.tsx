'use client';
/**
 * The history banner under the header, shown whenever the map is not live: which instant it
 * shows ("History — 03:12:05 (live is 04:40)"), that live updates are held meanwhile, a "Back to
 * live" button and its key (Alt+L, anywhere on the page), and the words of an instant the server
 * refused (before the retained history, in the future). A polite live region, so the change of
 * mode is announced; colour is never the only cue (the words say it).
 */
import { useEffect, useState } from 'react';
import { historyBannerText, instantLabel } from '@/lib/history-view/instant';
import { Button } from '@/components/ui/button';
import { useMapStores, useMirror } from '@/components/map/map-context';
import { BACK_TO_LIVE_KEY, backToLive } from './history-actions';

/** The live clock, read every 15 s (the banner's "live is …"). */
function useNow(): string {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function HistoryBanner() {
  const stores = useMapStores();
  const history = useMirror((m) => m.history);
  const now = useNow();
  const inHistory = history.mode !== 'live';
  useEffect(() => {
    if (!inHistory) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.code !== BACK_TO_LIVE_KEY.code) return;
      event.preventDefault();
      backToLive(stores);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [inHistory, stores]);

  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="history-banner"
      data-mode={history.mode}
      className="min-w-0 flex-1"
    >
      {inHistory && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded border-2 border-dashed border-warn bg-surface-2 px-2 py-1 text-sm">
          <strong data-testid="history-label">
            {history.mode === 'shown'
              ? historyBannerText(history.at, now)
              : history.mode === 'loading'
                ? `History — loading the map at ${instantLabel(history.at)}…`
                : `History — could not show ${instantLabel(history.at)}`}
          </strong>
          {history.mode === 'failed' && (
            <span className="text-bad" data-testid="history-error">
              {history.message}
            </span>
          )}
          <span className="text-muted">Live updates are held while you look at the past.</span>
          <Button
            onClick={() => backToLive(stores)}
            aria-keyshortcuts="Alt+L"
            data-testid="back-to-live"
          >
            Back to live ({BACK_TO_LIVE_KEY.label})
          </Button>
        </div>
      )}
    </div>
  );
}
