'use client';
/**
 * Who the page is shown to (a `ViewerInfo`: mode, name, groups — never a credential), given once
 * by the root layout and read by whatever shows it (the signed-in line in the map's toolbar and
 * on the form pages), so no component takes it as a prop.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { ViewerInfo } from '@/lib/auth/viewer';

const ViewerContext = createContext<ViewerInfo>({ mode: 'none' });

export function ViewerProvider({ info, children }: { info: ViewerInfo; children: ReactNode }) {
  return <ViewerContext.Provider value={info}>{children}</ViewerContext.Provider>;
}

export function useViewerInfo(): ViewerInfo {
  return useContext(ViewerContext);
}
