/**
 * `/`: the overview of every cluster when the dashboard has several, else the map of its one
 * cluster as it always was (app/map-page.tsx). `?cluster=<id>`, and a map link that names no
 * cluster, go to that cluster's map at `/c/<id>` (lib/cluster-views/page-cluster.ts).
 */
import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { rootPage } from '@/lib/cluster-views/page-cluster';
import { clusterSummaries } from '@/lib/clusters/server';
import type { ClustersAnswer } from '@/lib/api/clusters';
import { configuredClusterIds, defaultClusterName } from '@/lib/cluster-views/server';
import { parseMapParams } from '@/lib/graph/url-state';
import { mapTitle, overviewTitle } from '@/lib/page-title';
import { ClusterOverview } from '@/components/clusters/cluster-overview';
import { ClustersFrame } from '@/components/clusters/clusters-frame';
import { MapPage } from './map-page';

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<Metadata> {
  const search = await searchParams;
  const page = rootPage(configuredClusterIds(), search);
  if (page.kind === 'overview') return { title: overviewTitle() };
  if (page.kind === 'map')
    return { title: mapTitle(defaultClusterName(), parseMapParams(search).focus) };
  return {};
}

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  const ids = configuredClusterIds();
  const page = rootPage(ids, search);
  if (page.kind === 'unknown') notFound();
  if (page.kind === 'redirect') redirect(page.to);
  if (page.kind === 'map') return <MapPage search={search} cluster={null} clusters={ids} />;
  const viewer = await signedInViewer('/', search);
  // The first paint shows the cards; the page then polls (components/clusters/cluster-overview.tsx).
  let initial: ClustersAnswer | null;
  try {
    initial = await clusterSummaries(viewer);
  } catch {
    initial = null;
  }
  return (
    <ClustersFrame title="Clusters" clusters={ids.map((id) => ({ id, name: id }))} feedsClusterList>
      <ClusterOverview initial={initial} />
    </ClustersFrame>
  );
}
