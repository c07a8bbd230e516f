'use client';
/**
 * Who keeps the header chooser's cluster list current: a page that already polls
 * `GET /api/clusters` (the overview) feeds the list from its answers through this context, so
 * the chooser never starts a second poller there; without a feed the chooser polls the cheap
 * `GET /api/clusters?view=ids` itself (components/clusters/cluster-chooser.tsx).
 *
 * Contract: `ClusterListFeed` holds the latest ids a page published (null until it does);
 * `useClusterListFeed()` is undefined when no page feeds the list.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { ClusterChoice } from './cluster-context';

export interface ClusterListFeedValue {
  clusters: ClusterChoice[] | null;
  publish: (clusters: ClusterChoice[]) => void;
}

const FeedContext = createContext<ClusterListFeedValue | undefined>(undefined);

export function useClusterListFeed(): ClusterListFeedValue | undefined {
  return useContext(FeedContext);
}

export function ClusterListFeed({ children }: { children: ReactNode }) {
  const [clusters, setClusters] = useState<ClusterChoice[] | null>(null);
  return <FeedContext value={{ clusters, publish: setClusters }}>{children}</FeedContext>;
}
