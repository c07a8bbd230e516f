'use client';
/**
 * The map's one client island. The server page hands it plain data (the first snapshot from the
 * server cache and the deep-link parameters); from there the SSE stream keeps the record store
 * current (connect-map.ts). The island creates the page's stores once (map-state.ts), shares
 * them through MapContext, and lays out the parts; each part reads what it needs through
 * selector hooks (map-context.tsx) and acts through map-actions.ts.
 */
import { useEffect, useState } from 'react';
import type { MapParams } from '@/lib/graph/url-state';
import { Announcer } from './announcer';
import { connectMap } from './connect-map';
import { GraphPane } from './graph-pane';
import { MapContext } from './map-context';
import { createMapStores, type InitialMapData } from './map-state';
import { OutlinePane } from './outline-pane';
import { ServicePanelPane } from './service-panel-pane';
import { StatusBar } from './status-bar';
import { Toolbar } from './toolbar';

export interface ServiceMapProps {
  initial: InitialMapData;
  params: MapParams;
}

export function ServiceMap({ initial, params }: ServiceMapProps) {
  const [stores] = useState(() => createMapStores(initial, params));
  useEffect(() => connectMap(stores), [stores]);

  return (
    <MapContext value={stores}>
      <div className="flex h-screen flex-col" data-testid="service-map">
        <StatusBar />
        <Toolbar />
        <main className="flex min-h-0 flex-1">
          <nav
            aria-label="Outline"
            className="flex w-[24rem] min-w-[16rem] shrink flex-col border-r border-line bg-surface"
          >
            <h2 className="px-3 py-2 text-sm font-semibold">Outline</h2>
            <div className="min-h-0 flex-1">
              <OutlinePane />
            </div>
          </nav>
          <section aria-label="Graph" className="relative min-w-[16rem] flex-1">
            <GraphPane />
          </section>
          <ServicePanelPane />
        </main>
        <Announcer />
      </div>
    </MapContext>
  );
}
