/**
 * `/compare?namespace=&name=`: one Service across every cluster side by side, differences marked
 * (components/clusters/compare-view.tsx).
 */
import type { Metadata } from 'next';
import { signedInViewer } from '@/lib/auth/page-viewer';
import { configuredClusterIds } from '@/lib/cluster-views/server';
import { compareHeading, compareTitle, serviceOfSearch } from '@/lib/page-title';
import { ClustersFrame } from '@/components/clusters/clusters-frame';
import { CompareView } from '@/components/clusters/compare-view';

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<Metadata> {
  return { title: compareTitle(serviceOfSearch(await searchParams)) };
}

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  await signedInViewer('/compare', search);
  const service = serviceOfSearch(search);
  const ids = configuredClusterIds();
  return (
    <ClustersFrame title={compareHeading(service)} clusters={ids.map((id) => ({ id, name: id }))}>
      <CompareView namespace={service?.namespace ?? ''} name={service?.name ?? ''} />
    </ClustersFrame>
  );
}
