'use client';
/** The polite live region that summarises what changed on the map (use-announcer.ts). */
import { useAnnouncer } from '@/components/outline/use-announcer';
import { useDrawing, useView } from './map-context';

export function Announcer() {
  const announcement = useAnnouncer(useView().topology, useDrawing().graph);
  return (
    <div role="status" aria-live="polite" className="sr-only" data-testid="announcer">
      {announcement}
    </div>
  );
}
