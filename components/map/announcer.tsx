'use client';
/**
 * The polite live region that summarises what changed on the map (use-announcer.ts). What it
 * compares is the map as a whole picture: it starts once the first whole picture of some records
 * is in (the records arriving are not news: every Service would read as added), and while a big
 * map's picture has come only in part (its top first, lib/worker/first-screen.ts) it keeps the
 * last whole one, so the rest arriving is not announced either.
 */
import { useAnnouncer } from '@/components/outline/use-announcer';
import { useMemo, useState } from 'react';
import { selectHasRecords } from '@/lib/store/selectors';
import { useDrawing, useMirror, useServiceRows, useStatus } from './map-context';

export function Announcer() {
  const rows = useServiceRows();
  const graph = useDrawing().graph;
  const rest = useMirror((m) => m.drawingRest);
  const hasRecords = useStatus(selectHasRecords);
  const now = useMemo(() => ({ topology: { services: [...rows.values()] }, graph }), [rows, graph]);
  const whole = rest === 0 && hasRecords;
  const [shown, setShown] = useState<typeof now | null>(null);
  if (whole && shown !== now) setShown(now);
  const compared = whole ? now : shown;
  const announcement = useAnnouncer(compared?.topology ?? null, compared?.graph);
  return (
    <div role="status" aria-live="polite" className="sr-only" data-testid="announcer">
      {announcement}
    </div>
  );
}
