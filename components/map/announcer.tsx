'use client';
/** The polite live region that summarises what changed on the map (use-announcer.ts). */
import { useAnnouncer } from '@/components/outline/use-announcer';
import { useMemo } from 'react';
import { useDrawing, useServiceRows } from './map-context';

export function Announcer() {
  const rows = useServiceRows();
  const services = useMemo(() => ({ services: [...rows.values()] }), [rows]);
  const announcement = useAnnouncer(services, useDrawing().graph);
  return (
    <div role="status" aria-live="polite" className="sr-only" data-testid="announcer">
      {announcement}
    </div>
  );
}
