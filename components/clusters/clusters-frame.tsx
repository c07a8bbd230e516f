'use client';
/**
 * The frame of the pages that span clusters (the overview, search, compare): a header with the
 * page's title, the cluster chooser, "search all clusters" and who is signed in, then the page.
 *
 * Contract: provides the cluster context with no cluster chosen (`ref: null`) and the list the
 * chooser offers at load; `feedsClusterList` when the page itself polls `/api/clusters` and
 * publishes the list (components/clusters/cluster-list-feed.tsx), so the chooser does not poll.
 */
import type { ReactNode } from 'react';
import Link from 'next/link';
import { SignedInAs } from '@/components/auth/signed-in-as';
import { ClusterChooser } from './cluster-chooser';
import { ClusterContext, type ClusterChoice } from './cluster-context';
import { ClusterListFeed } from './cluster-list-feed';
import { CrossClusterSearch } from './cross-cluster-search';

export function ClustersFrame({
  title,
  clusters,
  query,
  feedsClusterList = false,
  children,
}: {
  title: string;
  clusters: ClusterChoice[];
  /** The page publishes the cluster list from its own poll of `/api/clusters`. */
  feedsClusterList?: boolean;
  /** The search field's starting text. */
  query?: string;
  children: ReactNode;
}) {
  const frame = (
    <ClusterContext value={{ ref: null, name: null, clusters }}>
      <header className="flex flex-wrap items-center gap-3 border-b border-line bg-surface px-4 py-2">
        <h1 className="text-lg font-semibold">{title}</h1>
        <nav aria-label="Pages" className="text-sm">
          <Link href="/" className="underline">
            All clusters
          </Link>
        </nav>
        <span className="flex-1" />
        <CrossClusterSearch query={query} />
        <ClusterChooser />
        <SignedInAs />
      </header>
      <main className="p-4">{children}</main>
    </ClusterContext>
  );
  return feedsClusterList ? <ClusterListFeed>{frame}</ClusterListFeed> : frame;
}
