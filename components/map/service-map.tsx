'use client';
/**
 * The map's one client island. The server page hands it plain data (the first snapshot from the
 * server cache and the deep-link parameters); from there the SSE stream keeps the record store
 * current (connect-map.ts). The island creates the page's stores once (map-state.ts), shares
 * them through MapContext, and lays out the parts; each part reads what it needs through
 * selector hooks (map-context.tsx) and acts through map-actions.ts. The map is one cluster's:
 * `cluster` (components/clusters) decides where its stream, DNS answers, panel and form go.
 */
import { flushSync } from 'react-dom';
import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { takeHandedOffWrite } from '@/lib/api/write-handoff';
import { browserStorage } from '@/lib/browser-storage';
import { focusedService, type WriteDone } from '@/lib/api/write-results';
import type { MapParams } from '@/lib/graph/url-state';
import { WrittenContext } from '@/components/external-service-form';
import { HistoryBar } from '@/components/history/history-bar';
import { ClusterContext, type ClusterBinding } from '@/components/clusters/cluster-context';
import { Announcer } from './announcer';
import { connectMap } from './connect-map';
import { MapBody } from './map-body';
import { MapContext, MirrorShown } from './map-context';
import { MissingFocusNotice } from './missing-focus-notice';
import { focusOutline, SkipToOutline } from './skip-to-outline';
import { openWritten, whenServiceGone } from './map-actions';
import { createMapStores, type InitialMapData } from './map-state';
import { StatusBar } from './status-bar';
import { Toolbar } from './toolbar';
import { WriteNotice } from './write-notice';

export interface ServiceMapProps {
  initial: InitialMapData;
  params: MapParams;
  /** Whose map: absent, the server's first cluster at today's paths. */
  cluster?: ClusterBinding;
}

export function ServiceMap({ initial, params, cluster }: ServiceMapProps) {
  const [stores] = useState(() => createMapStores(initial, params, cluster?.ref ?? null));
  const [binding] = useState<ClusterBinding>(
    () => cluster ?? { ref: null, name: initial.cluster.name },
  );
  // A write this tab just made on a form's own page, which came here to show it: opened and
  // confirmed as a write made on the map is, before the first paint.
  useLayoutEffect(() => {
    const done = takeHandedOffWrite(browserStorage('sessionStorage'), binding.ref, Date.now());
    if (done) openWritten(stores, done);
  }, [stores, binding.ref]);
  useEffect(() => connectMap(stores, binding.name), [stores, binding.name]);
  const onWritten = useCallback(
    (done: WriteDone) => {
      if (done.status !== 'deleted') return openWritten(stores, done);
      // The deleted Service's panel goes now, with the dialog and the button that had the focus
      // (a panel whose Service is no longer the focus is not shown): the outline gets the focus,
      // and again once the Service's own row, which may have had it, has left the outline.
      flushSync(() => openWritten(stores, done));
      focusOutline(stores);
      whenServiceGone(stores, focusedService(done.focus), () => {
        if (document.activeElement === document.body) focusOutline(stores);
      });
    },
    [stores],
  );

  return (
    <MapContext value={stores}>
      <ClusterContext value={binding}>
        <WrittenContext value={onWritten}>
          <div className="flex h-screen flex-col" data-testid="service-map">
            <SkipToOutline />
            {/* The page's banner landmark (a <header> outside <main>), so nothing above the map
                sits outside a landmark (axe `region`); a flex column like the page, so each part
                is laid out as it was without it. */}
            <header className="flex flex-col">
              <StatusBar />
              <Toolbar />
              <HistoryBar />
              <WriteNotice />
              <MissingFocusNotice />
            </header>
            <MapBody />
            <Announcer />
            <MirrorShown />
          </div>
        </WrittenContext>
      </ClusterContext>
    </MapContext>
  );
}
