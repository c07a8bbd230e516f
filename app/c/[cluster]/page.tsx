/**
 * `/c/<cluster>`: the map of one cluster (app/map-page.tsx); 404 for a cluster the dashboard
 * does not have.
 */
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { knownCluster } from '@/lib/cluster-views/page-cluster';
import { configuredClusterIds } from '@/lib/cluster-views/server';
import { parseMapParams } from '@/lib/graph/url-state';
import { mapTitle } from '@/lib/page-title';
import { MapPage } from '../../map-page';

export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<Metadata> {
  const cluster = knownCluster(configuredClusterIds(), (await params).cluster);
  if (cluster === null) return {};
  return { title: mapTitle(cluster, parseMapParams(await searchParams).focus) };
}

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
