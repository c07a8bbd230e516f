/**
 * `/c/<cluster>`: the map of one cluster (app/map-page.tsx); 404 for a cluster the dashboard
 * does not have.
 */
import { notFound } from 'next/navigation';
import { knownCluster } from '@/lib/cluster-views/page-cluster';
import { configuredClusterIds } from '@/lib/cluster-views/server';
import { MapPage } from '../../map-page';

export default async function ClusterMapPage({
  params,
  searchParams,
}: {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ids = configuredClusterIds();
  const cluster = knownCluster(ids, (await params).cluster);
  if (cluster === null) notFound();
  return <MapPage search={await searchParams} cluster={cluster} clusters={ids} />;
}
