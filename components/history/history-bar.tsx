'use client';
/**
 * The map's history row under the toolbar: the time control's toggle and, when the map is not
 * live, the banner saying which instant it shows (history-banner.tsx), and the incident snapshot
 * downloads (snapshot-download.tsx); below them the time panel
 * when open (time-control.tsx) and, in diff mode, what changed between the two instants
 * (diff-view.tsx). A recorded snapshot (`switchboard view`) is one instant with no history
 * around it: no time control there (its banner is the header's, components/map/status-bar.tsx).
 */
import { useId, useState } from 'react';
import { useStatus, useUi } from '@/components/map/map-context';
import { DiffView } from './diff-view';
import { HistoryBanner } from './history-banner';
import { SnapshotDownload } from './snapshot-download';
import { TimeControlToggle, TimePanel } from './time-control';

export function HistoryBar() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const recorded = useStatus((s) => s.cluster?.snapshot !== undefined);
  const diff = useUi((ui) =>
    ui.params.from && ui.params.to ? `${ui.params.from} ${ui.params.to}` : null,
  );
  return (
    <div className="flex flex-col">
      <div className="flex flex-wrap items-center gap-2 px-4 py-1">
        {!recorded && (
          <TimeControlToggle open={open} onToggle={() => setOpen(!open)} panelId={panelId} />
        )}
        <HistoryBanner />
        <SnapshotDownload />
      </div>
      {open && !recorded && <TimePanel id={panelId} />}
      {diff && <DiffView key={diff} />}
    </div>
  );
}
