'use client';
/** The polite live region that summarises what changed on the map (use-announcer.ts). */
import { useAnnouncer } from '@/components/outline/use-announcer';
import { useView } from './map-context';

export function Announcer() {
  const announcement = useAnnouncer(useView().topology);
  return (
    <div role="status" aria-live="polite" className="sr-only" data-testid="announcer">
      {announcement}
    </div>
  );
}
